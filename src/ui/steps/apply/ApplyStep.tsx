import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text, useInput } from "ink";
import { useEffect, useState } from "react";
import type { Action } from "../../../engine/action.js";
import { type ApplyOutcome, type ApplyPlanResult, applyPlan } from "../../../engine/apply.js";
import { type Preview, previewPlan } from "../../../engine/preview.js";
import { type Verification, verifyPlanAt } from "../../../engine/verify.js";
import { errorText } from "../../error-text.js";
import type { StepProps } from "../step-props.js";

/** `waiting`: not started yet; `held`: its condition (the private path works) did not hold, the next apply makes it. */
type ActionStatus = "waiting" | "running" | "done" | "failed" | "skipped" | "held";

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

const MARK: Readonly<Record<ActionStatus, { readonly text: string; readonly color: string }>> = {
  waiting: { text: "·", color: "gray" },
  running: { text: "…", color: "cyan" },
  done: { text: "✓", color: "green" },
  failed: { text: "✗", color: "red" },
  skipped: { text: "-", color: "gray" },
  held: { text: "…", color: "yellow" },
};

export interface ApplyStepProps extends StepProps {
  /** The person is done: leave the wizard (exit code 0 when everything applied and verified). */
  readonly onDone: (ok: boolean) => void;
}

/** Whether an action's resource matches the plan after applying: the verification reads everything again. */
function verified(check: Preview, action: Action): boolean {
  return (
    check.kind === "ready" &&
    check.actions.some((a) => a.id.toLowerCase() === action.id.toLowerCase() && a.kind === "noChange")
  );
}

/** Step 8: the engine applies the reviewed actions with live progress, then reads the tenant back to verify. */
export function ApplyStep({ state, services, active, height, onDone }: ApplyStepProps) {
  const run = state.run;
  const [status, setStatus] = useState<ReadonlyMap<string, ActionStatus>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [phase, setPhase] = useState<Phase>({ kind: "applying" });

  const [writes, setWrites] = useState<readonly Action[]>(
    run?.actions.filter((a) => a.kind !== "noChange") ?? [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: applies once, when the screen opens.
  useEffect(() => {
    if (run === undefined) return;
    const abort = new AbortController();
    const set = (id: string, s: ActionStatus) => setStatus((m) => new Map(m).set(id, s));
    // The same path as `vaultlink apply`: the tenant is read again and the plan previewed right before the first
    // write, so a change since the review stops it instead of applying what the review computed.
    applyPlan(services.adapter, run.plan, {
      refresh: false,
      // The person chose "Apply now" on the review.
      confirm: async () => true,
      signal: abort.signal,
      onEvent: (event) => {
        if (event.type === "previewed") {
          if (event.preview.kind !== "ready") return;
          setWrites(event.preview.actions.filter((a) => a.kind !== "noChange"));
          // A write that waits for a manual approval is held from the start; the next apply (or approve) makes it.
          for (const action of event.preview.actions)
            if (action.kind === "waiting") {
              set(action.id, "held");
              setErrors((m) => new Map(m).set(action.id, `held, ${action.reason}`));
            }
        } else if (event.type === "started") set(event.action.id, "running");
        else if (event.type === "succeeded") set(event.action.id, "done");
        else if (event.type === "skipped") set(event.action.id, "skipped");
        else if (event.type === "held") {
          set(event.action.id, "held");
          setErrors((m) => new Map(m).set(event.action.id, `held, ${event.reason}`));
        } else if (event.type === "failed") {
          set(event.action.id, "failed");
          setErrors((m) => new Map(m).set(event.action.id, errorText(event.error)));
        }
      },
    })
      .then(async (result) => {
        if (result.kind === "stale" || result.kind === "blocked" || result.kind === "cancelled") {
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
  const verification = phase.kind === "verified" ? phase.verification : undefined;
  const failedChecks = verification?.checks.filter((c) => c.status === "fail") ?? [];
  const ok =
    phase.kind === "verified" &&
    phase.outcome.failed.length === 0 &&
    phase.verification.verdict === "pass" &&
    phase.check.kind === "ready" &&
    phase.check.actions.every((a) => a.kind === "noChange" || a.kind === "waiting");
  useInput(
    (input, key) => {
      if (key.return || input === "q") onDone(ok);
    },
    { isActive: active && finished },
  );
  if (run === undefined) return <Text>Nothing to apply.</Text>;

  const shown = writes.slice(0, Math.max(3, height - 8));
  return (
    <Box flexDirection="column">
      <Text bold>
        {phase.kind === "verified"
          ? "Verification"
          : `Applying ${writes.length} change${writes.length === 1 ? "" : "s"}`}
      </Text>
      {shown.map((action) => {
        const s = status.get(action.id) ?? "waiting";
        const check =
          phase.kind === "verified"
            ? verified(phase.check, action)
              ? "matches the plan"
              : "does NOT match the plan"
            : "";
        return (
          <Box key={action.id} flexDirection="column">
            <Box>
              <Box flexShrink={0}>
                {s === "running" ? <Spinner /> : <Text color={MARK[s].color}>{MARK[s].text}</Text>}
              </Box>
              <Text wrap="truncate-end">
                {" "}
                {action.description}
                {check === "" ? (
                  ""
                ) : (
                  <Text color={check === "matches the plan" ? "green" : "red"}> · {check}</Text>
                )}
              </Text>
            </Box>
            {errors.has(action.id) ? (
              <Text color={s === "held" ? "yellow" : "red"} wrap="wrap">
                {" "}
                {errors.get(action.id)}
              </Text>
            ) : null}
          </Box>
        );
      })}
      {writes.length > shown.length ? <Text dimColor>… and {writes.length - shown.length} more</Text> : null}
      {phase.kind === "verifying" ? <Spinner label="Verifying: reading the tenant again…" /> : null}
      {phase.kind === "stopped" ? <StoppedMessage result={phase.result} planPath={run.planPath} /> : null}
      {phase.kind === "failed" ? (
        <StatusMessage variant="error">{errorText(phase.error)}</StatusMessage>
      ) : null}
      {phase.kind === "verified" ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            Checks (as `vaultlink verify`): {phase.verification.counts.pass} pass,{" "}
            {phase.verification.counts.fail} fail, {phase.verification.counts.unknown} could not be checked
            from here
          </Text>
          {phase.verification.nextStep === undefined ? null : (
            <Text wrap="wrap">{phase.verification.nextStep}</Text>
          )}
          {failedChecks.slice(0, 3).map((c) => (
            <Text key={c.title} color="red" wrap="truncate-end">
              ✗ {c.title}: {c.detail}
            </Text>
          ))}
          {ok ? (
            <StatusMessage variant="success">Verified: Azure matches the plan.</StatusMessage>
          ) : phase.outcome.failed.length === 0 &&
            phase.outcome.skipped.length === 0 &&
            [...status.values()].includes("held") ? (
            <StatusMessage variant="warning">
              Applied, public access Deny held until the private path works (see above): `vaultlink apply{" "}
              {run.planPath}` (or `vaultlink approve`) makes it then.
            </StatusMessage>
          ) : phase.outcome.failed.length === 0 && phase.outcome.skipped.length === 0 ? (
            <StatusMessage variant="warning">
              Applied, not verified ({phase.verification.verdict}): run `vaultlink verify {run.planPath}` for
              each check's fix.
            </StatusMessage>
          ) : (
            <StatusMessage variant="warning">
              {phase.outcome.failed.length} failed, {phase.outcome.skipped.length} skipped; run the plan again
              to finish.
            </StatusMessage>
          )}
          <Text>Plan file: {run.planPath}</Text>
          <Text>
            Replay or finish it: <Text bold>vaultlink apply {run.planPath}</Text> (preview with --dry-run)
          </Text>
          <Text dimColor>Enter or q to exit.</Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** Why nothing was written: what changed since the review, or what blocks the plan now, and what to do. */
function StoppedMessage({
  result,
  planPath,
}: {
  readonly result: ApplyPlanResult;
  readonly planPath: string;
}) {
  const lines =
    result.kind === "stale"
      ? result.preview.drift.map((d) => `${d.id.split("/").at(-1)} ${d.field}: ${d.reason}`)
      : result.kind === "blocked"
        ? result.preview.blockers.map((b) => `${b.subject}: [${b.code}] ${b.message}`)
        : [];
  return (
    <Box flexDirection="column" marginTop={1}>
      <StatusMessage variant="error">
        {result.kind === "stale"
          ? "Nothing was written: the tenant changed since the review."
          : result.kind === "blocked"
            ? "Nothing was written: the plan is blocked now."
            : "Nothing was written."}
      </StatusMessage>
      {lines.map((line) => (
        <Text key={line} wrap="wrap">
          {"  "}
          {line}
        </Text>
      ))}
      <Text wrap="wrap">
        The plan is saved at {planPath}. See today's actions with `vaultlink apply {planPath} --refresh
        --dry-run`.
      </Text>
      <Text dimColor>Enter or q to exit.</Text>
    </Box>
  );
}
