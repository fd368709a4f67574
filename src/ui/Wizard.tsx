import { StatusMessage } from "@inkjs/ui";
import { Box, Static, useWindowSize } from "ink";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { ExitCode } from "../core/user-error.js";
import { HelpOverlay } from "./components/HelpOverlay.js";
import { QuitOverlay } from "./components/QuitOverlay.js";
import { ViewLines } from "./components/ScrolledLines.js";
import { frameRows, StepFrame } from "./components/StepFrame.js";
import type { ViewLine } from "./components/wrapped-lines.js";
import { FrameWidthContext } from "./frame-width.js";
import { useKeys } from "./keys.js";
import { STEP_INFO } from "./step-info.js";
import { ApplyStep } from "./steps/apply/ApplyStep.js";
import { DnsStep } from "./steps/dns/DnsStep.js";
import { EndpointsStep } from "./steps/endpoints/EndpointsStep.js";
import { GuidanceStep } from "./steps/guidance/GuidanceStep.js";
import { ReviewStep } from "./steps/review/ReviewStep.js";
import { ScopeStep } from "./steps/scope/ScopeStep.js";
import { SecondaryStep } from "./steps/secondary/SecondaryStep.js";
import type { StepProps } from "./steps/step-props.js";
import { VaultStep } from "./steps/vault/VaultStep.js";
import { TextEntryContext } from "./text-entry.js";
import type { WizardServices } from "./wizard-services.js";
import {
  initialWizardState,
  STEP_IDS,
  skippedBecause,
  type WizardState,
  wizardReducer,
} from "./wizard-state.js";

/** How the wizard ended: the exit code, and what to tell the person after the screen is gone. */
export interface WizardOutcome {
  readonly exitCode: 0 | 1 | 130;
  readonly message: string;
  /** What was applied and verified, left on the terminal once after the wizard's frame is gone. */
  readonly transcript?: readonly ViewLine[];
}

export interface WizardProps {
  readonly services: WizardServices;
  readonly onCredentialMissing: (message: string) => void;
  readonly onEnd: (outcome: WizardOutcome) => void;
  /** A state to start from (tests start on a later step). */
  readonly initialState?: WizardState;
}

/** The wizard: one reducer over the steps, the frame around the current one, and the keys every step shares. */
export function Wizard({ services, onCredentialMissing, onEnd, initialState }: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialState ?? initialWizardState);
  const [ended, setEnded] = useState<WizardOutcome | undefined>(undefined);
  const { rows, columns } = useWindowSize();
  const typing = useRef(0);
  // The keys of the text fields that have the keyboard, newest last: the footer shows the newest one's.
  const [fields, setFields] = useState<readonly (readonly string[])[]>([]);
  const textEntry = useMemo(
    () => ({
      enter: (footerKeys?: readonly string[], isTyping = true) => {
        if (isTyping) typing.current += 1;
        if (footerKeys !== undefined) setFields((f) => [...f, footerKeys]);
        return () => {
          if (isTyping) typing.current -= 1;
          if (footerKeys !== undefined) setFields((f) => f.filter((k) => k !== footerKeys));
        };
      },
    }),
    [],
  );
  const end = useCallback((outcome: WizardOutcome) => setEnded(outcome), []);
  // The last frame (what happened, where the plan is) is drawn before the app exits.
  useEffect(() => {
    if (ended !== undefined) onEnd(ended);
  }, [ended, onEnd]);

  useKeys(
    (input, key) => {
      if (key.ctrl && input === "c") {
        // Ctrl-C twice is an interruption (130, as a shell reports SIGINT); "Quit without saving" is a choice (0).
        if (state.overlay === "quit")
          end({ exitCode: ExitCode.interrupted, message: "Quit without saving; nothing was written." });
        else dispatch({ type: "askQuit" });
      } else if (state.overlay === "help" && (key.escape || input === "?")) dispatch({ type: "toggleHelp" });
      else if (state.overlay === "none" && input === "?") dispatch({ type: "toggleHelp" });
      else if (state.overlay === "none" && input === "q" && typing.current === 0 && state.step !== "apply")
        dispatch({ type: "askQuit" });
    },
    { isActive: ended === undefined },
  );

  if (ended !== undefined)
    return (
      <>
        {/* Written once through Static, above the last frame: the frame is erased, never left as a copy. */}
        <Static items={[...(ended.transcript ?? [])]}>
          {(line) => <ViewLines key={line.key} lines={[line]} />}
        </Static>
        <StatusMessage variant={ended.exitCode === 0 ? "success" : "info"}>{ended.message}</StatusMessage>
      </>
    );

  const number = STEP_IDS.indexOf(state.step) + 1;
  const before = STEP_IDS[number - 2];
  const skippedBefore = before === undefined ? undefined : skippedBecause(before, state.choices);
  const skipped =
    before === undefined || skippedBefore === undefined
      ? undefined
      : `Step ${number - 1} (${STEP_INFO[before].title}) skipped: ${skippedBefore}.`;
  // The whole frame stays one row shorter than the window: a frame as tall as the window makes Ink clear the screen
  // on each redraw, which leaves a copy of the frame in the scrollback.
  const frameHeight = Math.max(8, rows - 1);
  const props: StepProps = {
    state,
    dispatch,
    services,
    active: state.overlay === "none",
    height: Math.max(3, frameHeight - frameRows(skipped) - 1),
  };
  const step = (() => {
    switch (state.step) {
      case "scope":
        return <ScopeStep {...props} onCredentialMissing={onCredentialMissing} />;
      case "vault":
        return <VaultStep {...props} />;
      case "endpoints":
        return <EndpointsStep {...props} />;
      case "dns":
        return <DnsStep {...props} />;
      case "guidance":
        return <GuidanceStep {...props} />;
      case "secondary":
        return <SecondaryStep {...props} />;
      case "review":
        return (
          <ReviewStep
            {...props}
            onSavedOnly={(path) =>
              end({
                exitCode: 0,
                message: `Plan saved to ${path}. Apply it with: vaultlink apply ${path} (preview with --dry-run)`,
              })
            }
          />
        );
      case "apply":
        return (
          <ApplyStep
            {...props}
            onDone={(ok, transcript) =>
              end({
                exitCode: ok ? 0 : 1,
                transcript,
                message: ok
                  ? `Applied and verified. Plan: ${state.run?.planPath}`
                  : `Not everything was applied. Run again: vaultlink apply ${state.run?.planPath}`,
              })
            }
          />
        );
    }
  })();

  return (
    <FrameWidthContext.Provider value={columns}>
      <TextEntryContext.Provider value={textEntry}>
        <Box flexDirection="column">
          {state.overlay === "help" ? <HelpOverlay /> : null}
          {state.overlay === "quit" ? (
            <QuitOverlay
              choices={state.choices}
              services={services}
              onCancel={() => dispatch({ type: "cancelQuit" })}
              onQuit={(path) =>
                end(
                  path === undefined
                    ? { exitCode: ExitCode.ok, message: "Quit without saving; nothing was written." }
                    : {
                        exitCode: 0,
                        message: `Plan saved to ${path}. Apply it with: vaultlink apply ${path}`,
                      },
                )
              }
            />
          ) : null}
          <Box display={state.overlay === "none" ? "flex" : "none"}>
            <StepFrame
              info={STEP_INFO[state.step]}
              number={number}
              of={STEP_IDS.length}
              target={services.targetDescription}
              skipped={skipped}
              fieldKeys={fields.at(-1)}
              width={columns}
              height={frameHeight}
            >
              {step}
            </StepFrame>
          </Box>
        </Box>
      </TextEntryContext.Provider>
    </FrameWidthContext.Provider>
  );
}
