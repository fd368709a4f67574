import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useEffect, useReducer, useState } from "react";
import { type ApplyOutcome, type ApplyPlanResult, applyPlan, type PlanEvent } from "../../../engine/apply.js";
import { type Preview, previewPlan } from "../../../engine/preview.js";
import { type Verification, verifyPlanAt } from "../../../engine/verify.js";
import {
  type ApplyProgressState,
  initialApplyProgress,
  reduceApplyProgress,
} from "../../apply-progress/apply-progress-store.js";
import { ScrollingLines, ViewLines } from "../../components/ScrolledLines.js";
import { type ViewLine, wrapText } from "../../components/wrapped-lines.js";
import { errorText } from "../../error-text.js";
import { useFrameWidth } from "../../frame-width.js";
import { useKeys } from "../../keys.js";
import type { StepProps } from "../step-props.js";
import { actionLines, applyCounts, stoppedLines, verificationLines } from "./apply-lines.js";

type Phase =
  | { readonly kind: "applying" }
  /** The engine stopped before writing: the tenant changed since the review, or something now blocks. */
  | { readonly kind: "stopped"; readonly result: ApplyPlanResult }
  | { readonly kind: "verifying"; readonly outcome: ApplyOutcome }
  | {
      readonly kind: "verified";
      readonly outcome: ApplyOutcome;
      readonly check: Preview;
      /** `vaultlink verify`'s verdict: approvals, records, links, and the names clients ask, resolved. */
      readonly verification: Verification;
    }
  | { readonly kind: "failed"; readonly error: unknown };

export interface ApplyStepProps extends StepProps {
  /**
   * The person is done: leave the wizard (exit code 0 when everything applied and verified), leaving what was
   * applied and verified on the terminal once.
   */
  readonly onDone: (ok: boolean, transcript: readonly ViewLine[]) => void;
}

/** The same task list as `vaultlink apply`'s: the writes the engine previewed, each as its events move it. */
function progressReducer(state: ApplyProgressState, event: PlanEvent): ApplyProgressState {
  if (event.type !== "previewed") return reduceApplyProgress(state, event);
  return event.preview.kind === "ready"
    ? initialApplyProgress(event.preview.actions.filter((a) => a.kind !== "noChange"))
    : state;
}

/** Step 8: the engine applies the reviewed actions with live progress, then reads the tenant back to verify. */
export function ApplyStep({ state, services, active, height, onDone }: ApplyStepProps) {
  const run = state.run;
  const width = (useFrameWidth() ?? 100) - 1;
  const [progress, dispatch] = useReducer(progressReducer, undefined, () =>
    initialApplyProgress(run?.actions.filter((a) => a.kind !== "noChange") ?? []),
  );
  const [phase, setPhase] = useState<Phase>({ kind: "applying" });

  // biome-ignore lint/correctness/useExhaustiveDependencies: applies once, when the screen opens.
  useEffect(() => {
    if (run === undefined) return;
    const abort = new AbortController();
    // The same path as `vaultlink apply`: the tenant is read again and the plan previewed right before the first
    // write, so a change since the review stops it instead of applying what the review computed.
    applyPlan(services.adapter, run.plan, {
      refresh: false,
      // The person chose "Apply now" on the review.
      confirm: async () => true,
      signal: abort.signal,
      onEvent: dispatch,
    })
      .then(async (result) => {
        if (
          result.kind === "stale" ||
          result.kind === "blocked" ||
          result.kind === "cancelled" ||
          result.kind === "inProgress"
        ) {
          setPhase({ kind: "stopped", result });
          return;
        }
        const outcome: ApplyOutcome =
          result.kind === "applied"
            ? result.outcome
            : { succeeded: [], failed: [], skipped: [], held: [], interrupted: false };
        setPhase({ kind: "verifying", outcome });
        const check = await previewPlan(services.adapter, run.plan, { refresh: true });
        const verification = await verifyPlanAt(services.adapter, run.plan, run.planPath, {
          dnsServer: services.dnsServer,
          hostsFile: services.hostsFile,
        });
        setPhase({ kind: "verified", outcome, check, verification });
      })
      .catch((error: unknown) => setPhase({ kind: "failed", error }));
    // Leaving the wizard mid-apply starts no new write; those in flight finish (the engine never abandons one).
    return () => abort.abort();
  }, []);

  const finished = phase.kind === "verified" || phase.kind === "failed" || phase.kind === "stopped";
  // One verdict with `vaultlink verify`, whatever the DNS strategy: names that do not resolve privately are not
  // verified, even when adding them is the person's next step (it says which).
  const ok =
    phase.kind === "verified" &&
    phase.outcome.failed.length === 0 &&
    phase.verification.verdict === "pass" &&
    phase.check.kind === "ready" &&
    phase.check.actions.every((a) => a.kind === "noChange" || a.kind === "waiting");
  const title =
    phase.kind === "applying"
      ? `Applying ${progress.actions.length} change${progress.actions.length === 1 ? "" : "s"}: ${applyCounts(progress)}`
      : phase.kind === "stopped"
        ? "Stopped before the first write"
        : `Applied: ${applyCounts(progress)}`;
  // Every action stays listed (scrolled, never "… and 8 more"), then the verification's checks under them.
  const page: readonly ViewLine[] = [
    // Stopped before any write: why, rather than a list of writes that never started.
    ...(phase.kind === "stopped"
      ? stoppedLines(phase.result, width)
      : actionLines(progress, width, phase.kind === "verified" ? phase.check : undefined)),
    ...(phase.kind === "verified"
      ? [{ key: "gap", text: "" }, ...verificationLines(phase.verification, width)]
      : []),
  ];
  const summary: readonly ViewLine[] =
    phase.kind !== "verified" || run === undefined
      ? []
      : [
          ...(ok
            ? [
                {
                  key: "s ok",
                  lead: { text: "✔ ", color: "green" },
                  text: "Verified: Azure matches the plan.",
                },
              ]
            : wrapText(
                phase.outcome.failed.length === 0 &&
                  phase.outcome.skipped.length === 0 &&
                  [...progress.status.values()].includes("held")
                  ? `Applied, public access Deny held until the private path works (see above): \`vaultlink apply ${run.planPath}\` (or \`vaultlink approve\`) makes it then.`
                  : phase.outcome.failed.length === 0 && phase.outcome.skipped.length === 0
                    ? `Applied, not verified (${phase.verification.verdict}): run \`vaultlink verify ${run.planPath}\` for each check's fix.`
                    : `${phase.outcome.failed.length} failed, ${phase.outcome.skipped.length} skipped; run the plan again to finish.`,
                width - 2,
              ).map((text, i) => ({
                key: `s warn ${i}`,
                text: i === 0 ? text : `  ${text}`,
                ...(i === 0 ? { lead: { text: "⚠ ", color: "yellow" } } : {}),
              }))),
          ...wrapText(`Plan file: ${run.planPath}`, width).map((text, i) => ({ key: `s plan ${i}`, text })),
          ...wrapText(
            `Replay or finish it: vaultlink apply ${run.planPath} (preview with --dry-run)`,
            width,
          ).map((text, i) => ({ key: `s replay ${i}`, text })),
        ];
  useKeys(
    (input, key) => {
      if (key.return || input === "q")
        onDone(ok, [{ key: "t title", text: title, bold: true }, ...page, ...summary]);
    },
    { isActive: active && finished },
  );
  if (run === undefined) return <Text>Nothing to apply.</Text>;

  // Below the list: the summary and the exit key once verified, a line while verifying, the reason it stopped.
  const stoppedText =
    run === undefined
      ? []
      : wrapText(
          `The plan is saved at ${run.planPath}. See today's actions with \`vaultlink apply ${run.planPath} --refresh --dry-run\`.`,
          width,
        );
  const below =
    phase.kind === "verified"
      ? summary.length + 2
      : phase.kind === "verifying" || phase.kind === "applying"
        ? 1
        : phase.kind === "stopped"
          ? stoppedText.length + 3
          : Math.min(8, Math.floor(height / 2));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {title}
      </Text>
      <ScrollingLines lines={page} height={Math.max(3, height - 1 - below)} active={active} arrows />
      {phase.kind === "verifying" ? <Spinner label="Verifying: reading the tenant again…" /> : null}
      {phase.kind === "stopped" ? <StoppedMessage result={phase.result} text={stoppedText} /> : null}
      {phase.kind === "failed" ? (
        <StatusMessage variant="error">{errorText(phase.error)}</StatusMessage>
      ) : null}
      {phase.kind === "verified" ? (
        <Box flexDirection="column" marginTop={1}>
          <ViewLines lines={summary} />
          <Text dimColor>Enter or q to exit.</Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** That nothing was written (the reasons are listed above it), where the plan is, and what to run next. */
function StoppedMessage({
  result,
  text,
}: {
  readonly result: ApplyPlanResult;
  readonly text: readonly string[];
}) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <StatusMessage variant="error">
        {result.kind === "stale"
          ? "Nothing was written: the tenant changed since the review (above)."
          : result.kind === "blocked"
            ? "Nothing was written: the plan is blocked now (above)."
            : result.kind === "inProgress"
              ? "Nothing was written: operations someone else started are still running (above); apply again once they have ended."
              : "Nothing was written."}
      </StatusMessage>
      {text.map((line) => (
        <Text key={line}>{line}</Text>
      ))}
      <Text dimColor>Enter or q to exit.</Text>
    </Box>
  );
}
