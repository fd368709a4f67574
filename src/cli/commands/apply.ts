import { createInterface } from "node:readline/promises";
import type { Plan } from "../../core/plan/plan-schema.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { type ApplyPlanResult, applyPlan } from "../../engine/apply.js";
import { createNameResolver } from "../../engine/dns-resolver.js";
import {
  DEFAULT_OPERATION_WAIT,
  type OperationWaitOptions,
  stillRunningText,
} from "../../engine/operations-in-progress.js";
import { pendingApprovals } from "../../engine/pending-approvals.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { blockedSummary } from "../../engine/preview.js";
import { openAzureSession } from "../azure-session.js";
import type { CommandContext } from "../program.js";
import { decisionNeeded, noPromptReason } from "../prompt-policy.js";
import { suggestedCommand } from "../suggested-command.js";
import { createApplyView } from "../views/apply-view.js";

export interface ApplyCommandOptions {
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly refresh?: boolean;
  /** With --dry-run: exit 5 when there are changes to make, 0 when none (as `terraform plan -detailed-exitcode`). */
  readonly detailedExitcode?: boolean;
  /** `IP[:PORT]`: public access Deny also waits until the names resolve privately through this DNS server. */
  readonly dnsServer?: string;
  /** Seconds to wait for operations already running on planned resources (exit 6 after). */
  readonly waitTimeout?: string;
}

/** `--wait-timeout SECONDS` as the engine's wait; refused before anything is read (exit 2). */
export function checkedOperationWait(value: string | undefined): OperationWaitOptions | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UserError(`--wait-timeout: "${value}" is not a number of seconds.`, {
      hint: "Give whole seconds, e.g. --wait-timeout 900 (the default is 600; 0 does not wait).",
    });
  return { ...DEFAULT_OPERATION_WAIT, timeoutMs: Number(value.trim()) * 1000 };
}

/** Refuses a bad `--dns-server` before anything is read (exit 2), so a run never ends on it after its writes. */
export function checkedDnsServer(value: string | undefined): string | undefined {
  if (value !== undefined) createNameResolver(value);
  return value;
}

export async function confirm(context: CommandContext, summary: string): Promise<boolean> {
  const { stdin } = process;
  const reason = noPromptReason(context.options, context.io.env, { stdin, stdout: context.io.stdout });
  if (reason !== undefined)
    throw decisionNeeded(
      "Applying needs a confirmation",
      reason,
      "--yes",
      "Review the changes with --dry-run, then run again with --yes (as in a pipeline).",
    );
  const prompt = createInterface({ input: stdin, output: context.io.stdout });
  try {
    const answer = await prompt.question(`${summary}\nType "yes" to apply: `);
    return answer.trim().toLowerCase() === "yes";
  } finally {
    prompt.close();
  }
}

/**
 * `vaultlink apply PLAN`: one run of the engine's `applyPlan` (the same path the fleet and the wizard take), rendered
 * by a view. The dry run and apply are one path up to the first write; a dry run makes only reads.
 */
export async function runApply(
  context: CommandContext,
  planPath: string,
  options: ApplyCommandOptions,
): Promise<ExitCode> {
  if (options.detailedExitcode === true && options.dryRun !== true)
    throw new UserError("--detailed-exitcode goes with --dry-run.", {
      hint: "Preview with `vaultlink apply PLAN --dry-run --detailed-exitcode`: 0 nothing to do, 5 changes pending, 3 blocked or stale.",
    });
  const dnsServer = checkedDnsServer(options.dnsServer);
  const operationWait = checkedOperationWait(options.waitTimeout);
  const plan: Plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options, {
    inputCloud: plan.cloud,
    stderr: context.io.stderr,
    env: context.io.env,
  });
  const dryRun = options.dryRun === true;
  const view = createApplyView(context, {
    planPath,
    target: session.description,
    dryRun,
    ...(dnsServer === undefined ? {} : { dnsServer }),
  });
  const stopPacingNotes = session.adapter.onPacingWait(view.onPacingWait);
  const abort = new AbortController();
  let interruptedAt: "preview" | "writes" | undefined;
  let writing = false;
  const interrupt = () => {
    interruptedAt ??= writing ? "writes" : "preview";
    if (context.options.output !== "json")
      context.err.line(
        writing
          ? "Interrupted: waiting for the writes in flight to finish, starting no new ones…"
          : "Interrupted: stopping before any write…",
      );
    abort.abort();
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    const result = await applyPlan(session.adapter, plan, {
      refresh: options.refresh === true,
      dryRun,
      signal: abort.signal,
      onEvent: view.onEvent,
      ...(dnsServer === undefined ? {} : { dnsServer }),
      ...(operationWait === undefined ? {} : { operationWait }),
      confirm: async (preview) => {
        const ok =
          options.yes === true ||
          (await confirm(context, `${preview.counts.create} to create, ${preview.counts.update} to update.`));
        if (ok && !abort.signal.aborted) {
          writing = true;
          await view.beforeWrites(preview);
        }
        return ok;
      },
    });
    const pending =
      (result.kind === "applied" && result.outcome.failed.length === 0 && !result.outcome.interrupted) ||
      result.kind === "unchanged"
        ? await pendingApprovals(session.adapter, plan)
        : [];
    await view.finish(result, pending);
    throwForResult(result, planPath, interruptedAt !== undefined, (...words) =>
      suggestedCommand(context.options, words),
    );
    const pendingChanges =
      result.preview.kind === "ready"
        ? result.preview.counts.create + result.preview.counts.update + result.preview.counts.inProgress
        : 0;
    return options.detailedExitcode === true && pendingChanges > 0 ? ExitCode.changesPending : ExitCode.ok;
  } finally {
    stopPacingNotes();
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    await session.close();
  }
}

/** The exit code and the one-line reason of a run that did not end well; nothing for one that did. */
function throwForResult(
  result: ApplyPlanResult,
  planPath: string,
  interrupted: boolean,
  command: (...words: string[]) => string,
): void {
  switch (result.kind) {
    case "previewed":
    case "unchanged":
      return;
    case "stale": {
      const n = result.preview.drift.length;
      throw new UserError(`Stopped before any write: the plan is stale (${n} change${n > 1 ? "s" : ""}).`, {
        hint: `Review the changes above, then run \`${command("apply", planPath, "--refresh", "--dry-run")}\` to see the actions against today's state.`,
        exitCode: ExitCode.blockedByFinding,
      });
    }
    case "blocked":
      throw new UserError(
        `The plan cannot be applied: ${blockedSummary(result.preview)}; nothing was written.`,
        {
          hint: "Each blocked action and finding above says how to fix it.",
          exitCode: ExitCode.blockedByFinding,
        },
      );
    case "inProgress":
      throw new UserError(stillRunningText(result.still), {
        hint: `Another write (an interrupted earlier apply, or someone in the portal) is still changing them. Wait for it to finish (the portal's activity log shows it), then run \`${command("apply", planPath)}\` again: it keeps what succeeded and writes again what failed.`,
        exitCode: ExitCode.operationInProgress,
      });
    case "cancelled":
      throw new UserError(
        interrupted
          ? "Interrupted before any write; nothing was written."
          : "Apply cancelled; nothing was written.",
        { exitCode: ExitCode.failure },
      );
    case "applied": {
      const { outcome } = result;
      const total = result.preview.counts.create + result.preview.counts.update;
      if (outcome.interrupted)
        throw new UserError(
          `Interrupted after ${outcome.succeeded.length} of ${total} changes (${outcome.failed.length} failed, ${outcome.skipped.length} not started).`,
          {
            hint: `Run \`${command("apply", planPath)}\` again to finish: it picks up where this run stopped, without duplicates.`,
            exitCode: ExitCode.failure,
          },
        );
      if (outcome.failed.length > 0 || outcome.skipped.length > 0)
        throw new UserError(
          `${outcome.failed.length} change${outcome.failed.length === 1 ? "" : "s"} failed, ${outcome.skipped.length} skipped; ${outcome.succeeded.length} succeeded.`,
          {
            hint: `Fix what the failures above name, then run \`${command("apply", planPath)}\` again: finished changes are not repeated.`,
            exitCode: ExitCode.failure,
          },
        );
      return;
    }
  }
}
