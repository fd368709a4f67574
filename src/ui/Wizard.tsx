import { StatusMessage } from "@inkjs/ui";
import { Box, useInput, useWindowSize } from "ink";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { ExitCode } from "../core/user-error.js";
import { HelpOverlay } from "./components/HelpOverlay.js";
import { QuitOverlay } from "./components/QuitOverlay.js";
import { StepFrame } from "./components/StepFrame.js";
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
import { initialWizardState, visibleSteps, type WizardState, wizardReducer } from "./wizard-state.js";

/** How the wizard ended: the exit code, and what to tell the person after the screen is gone. */
export interface WizardOutcome {
  readonly exitCode: 0 | 1 | 130;
  readonly message: string;
}

export interface WizardProps {
  readonly services: WizardServices;
  readonly onCredentialMissing: (message: string) => void;
  readonly onEnd: (outcome: WizardOutcome) => void;
  /** A state to start from (tests start on a later step). */
  readonly initialState?: WizardState;
}

/** Lines the frame takes around a step: title, why, margins, keys. */
const FRAME_LINES = 6;

/** The wizard: one reducer over the steps, the frame around the current one, and the keys every step shares. */
export function Wizard({ services, onCredentialMissing, onEnd, initialState }: WizardProps) {
  const [state, dispatch] = useReducer(wizardReducer, initialState ?? initialWizardState);
  const [ended, setEnded] = useState<WizardOutcome | undefined>(undefined);
  const { rows } = useWindowSize();
  const typing = useRef(0);
  const textEntry = useMemo(
    () => ({
      enter: () => {
        typing.current += 1;
        return () => {
          typing.current -= 1;
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

  useInput(
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
    return <StatusMessage variant={ended.exitCode === 0 ? "success" : "info"}>{ended.message}</StatusMessage>;

  const steps = visibleSteps(state.choices);
  const props: StepProps = {
    state,
    dispatch,
    services,
    active: state.overlay === "none",
    height: Math.max(4, rows - FRAME_LINES - 1),
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
            onDone={(ok) =>
              end({
                exitCode: ok ? 0 : 1,
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
                  : { exitCode: 0, message: `Plan saved to ${path}. Apply it with: vaultlink apply ${path}` },
              )
            }
          />
        ) : null}
        <Box display={state.overlay === "none" ? "flex" : "none"}>
          <StepFrame
            info={STEP_INFO[state.step]}
            number={steps.indexOf(state.step) + 1}
            of={steps.length}
            target={services.targetDescription}
          >
            {step}
          </StepFrame>
        </Box>
      </Box>
    </TextEntryContext.Provider>
  );
}
