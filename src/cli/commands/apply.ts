import { createInterface } from "node:readline/promises";
import type { AzureAdapter } from "../../azure/adapter.js";
import { type Finding, isBlocked } from "../../core/findings.js";
import type { Plan } from "../../core/plan/plan-schema.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import type { Action } from "../../engine/action.js";
import { type ApplyEvent, applyActions, DEFAULT_WRITE_CONCURRENCY } from "../../engine/apply.js";
import { pendingApprovals } from "../../engine/pending-approvals.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { previewPlan } from "../../engine/preview.js";
import { rolesNeededBy } from "../../engine/write-permissions.js";
import type { ApplyProgressView } from "../../ui/apply-progress/render-apply-progress.js";
import { openAzureSession } from "../azure-session.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";
import { countActions, printActions, printDrift } from "../render/action-lines.js";
import { printNeededRoles } from "../render/role-lines.js";

export interface ApplyCommandOptions {
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly refresh?: boolean;
}

function actionJson(action: Action) {
  return {
    kind: action.kind,
    resource: action.resource,
    id: action.id,
    description: action.description,
    dependsOn: action.dependsOn,
    ...(action.kind === "update" ? { changes: action.changes } : {}),
    ...(action.kind === "blocked" ? { findings: action.findings } : {}),
  };
}

function blockingReason(actions: readonly Action[], findings: readonly Finding[]): string | undefined {
  const blocked = actions.filter((a) => a.kind === "blocked");
  if (blocked.length > 0) return `${blocked.length} action${blocked.length > 1 ? "s are" : " is"} blocked`;
  return isBlocked(findings) ? "a prerequisite finding blocks the plan" : undefined;
}

export async function confirm(context: CommandContext, summary: string): Promise<boolean> {
  const { stdin } = process;
  if (!stdin.isTTY || !context.io.stdout.isTTY) {
    throw new UserError("apply asks for confirmation, but there is no terminal to ask in.", {
      hint: "Review the changes with --dry-run, then run again with --yes (as in a pipeline).",
    });
  }
  const prompt = createInterface({ input: stdin, output: context.io.stdout });
  try {
    const answer = await prompt.question(`${summary}\nType "yes" to apply: `);
    return answer.trim().toLowerCase() === "yes";
  } finally {
    prompt.close();
  }
}

/**
 * Apply's events as lines (or JSON lines). `plan` names the plan in a fleet: each line then starts with it, and
 * each JSON event carries it.
 */
export function progressPrinter(out: Printer, json: boolean, plan?: string): (event: ApplyEvent) => void {
  const prefix = plan === undefined ? "" : `[${plan}] `;
  return (event) => {
    if (json) {
      const { action, ...rest } = event;
      const detail =
        event.type === "failed" ? { error: event.error.message } : event.type === "started" ? {} : rest;
      out.line(
        JSON.stringify({
          event: event.type,
          ...(plan === undefined ? {} : { plan }),
          id: action.id,
          description: action.description,
          ...detail,
        }),
      );
      return;
    }
    switch (event.type) {
      case "started":
        out.line(`${prefix}… ${event.action.description}`);
        return;
      case "progress":
        return;
      case "succeeded":
        out.line(
          `${prefix}${out.style("green", "✓")} ${event.action.description} (${(event.durationMs / 1000).toFixed(1)} s)`,
        );
        return;
      case "failed":
        out.line(`${prefix}${out.style("red", "✗")} ${event.action.description}: ${event.error.message}`);
        // The hint says what to do: for a refused write, the role to ask for and the command that grants it.
        if (event.error instanceof UserError && event.error.hint !== undefined)
          out.line(`${prefix}  ${out.style("dim", "Hint:")} ${event.error.hint}`);
        return;
      case "skipped":
        out.line(`${prefix}${out.style("dim", "-")} ${event.action.description}: skipped, ${event.reason}`);
        return;
    }
  };
}

/**
 * On a terminal (and not --output json), the writes as a live task list with spinners (Ink, loaded only then);
 * otherwise undefined, and progress is one plain line per event.
 */
async function liveTaskList(
  context: CommandContext,
  actions: readonly Action[],
): Promise<ApplyProgressView | undefined> {
  if (context.options.output === "json" || context.io.stdout.isTTY !== true) return undefined;
  // chalk, inside Ink, reads FORCE_COLOR but not NO_COLOR when it loads: settle colour first.
  if (!context.options.color) context.io.env.FORCE_COLOR = "0";
  const { renderApplyProgress } = await import("../../ui/apply-progress/render-apply-progress.js");
  return renderApplyProgress(
    actions.filter((a) => a.kind === "create" || a.kind === "update"),
    { stdout: context.io.stdout, stderr: context.io.stderr },
  );
}

/** Manual connections still pending: apply cannot approve them for the vault's owner, so it says who must. */
async function reportPendingApprovals(
  context: CommandContext,
  plan: Plan,
  adapter: AzureAdapter,
): Promise<void> {
  const pending = await pendingApprovals(adapter, plan);
  const json = context.options.output === "json";
  for (const approval of pending) {
    if (json) {
      context.out.line(
        JSON.stringify({
          event: "approvalPending",
          endpoint: approval.endpointName,
          connectionId: approval.connectionId,
        }),
      );
      continue;
    }
    context.err.line(
      `Waiting for approval: the connection of ${approval.endpointName} stays Pending until an owner of vault ${approval.vaultId.split("/").at(-1)} approves it.`,
    );
    context.err.line(
      `  In the portal: the vault > Networking > Private access; or: az network private-endpoint-connection approve --id ${approval.connectionId}`,
    );
  }
}

/**
 * `vaultlink apply PLAN`: reads what the plan touches, stops on drift, shows the actions, and (unless --dry-run)
 * carries them out. The dry run and apply are one code path up to the first write; a dry run makes only reads.
 */
export async function runApply(
  context: CommandContext,
  planPath: string,
  options: ApplyCommandOptions,
): Promise<void> {
  const { out, err } = context;
  const json = context.options.output === "json";
  const plan: Plan = await readPlanFile(planPath);
  const session = await openAzureSession(context.options, {
    inputCloud: plan.cloud,
    stderr: context.io.stderr,
    env: context.io.env,
  });
  try {
    const preview = await previewPlan(session.adapter, plan, { refresh: options.refresh === true });
    if (preview.kind === "stale") {
      const { drift } = preview;
      if (json) out.json({ plan: planPath, stale: true, drift });
      else {
        err.line(`${planPath} is stale: what it relied on changed since it was planned.`);
        printDrift(err, drift);
      }
      throw new UserError(
        `Stopped before any write: the plan is stale (${drift.length} change${drift.length > 1 ? "s" : ""}).`,
        {
          hint: `Review the changes above, then run \`vaultlink apply ${planPath} --refresh --dry-run\` to see the actions against today's state.`,
          exitCode: ExitCode.blockedByFinding,
        },
      );
    }
    const { actions, findings } = preview;
    const blocked = blockingReason(actions, findings);
    if (json && options.dryRun) {
      out.json({
        plan: planPath,
        target: session.description,
        summary: countActions(actions),
        actions: actions.map(actionJson),
        findings,
        permissions: rolesNeededBy(actions),
      });
    } else if (!json) {
      out.line(
        out.style(
          "bold",
          `${options.dryRun ? "Dry run" : "Apply"} of ${planPath} against ${session.description}`,
        ),
      );
      out.line();
      printActions(out, actions, findings);
      if (blocked === undefined) printNeededRoles(out, rolesNeededBy(actions));
    }
    if (blocked !== undefined) {
      throw new UserError(
        `${options.dryRun ? "The plan cannot be applied" : "Stopped before any write"}: ${blocked}.`,
        {
          hint: "Each blocked action and finding above says how to fix it.",
          exitCode: ExitCode.blockedByFinding,
        },
      );
    }
    if (options.dryRun) return;
    const counts = countActions(actions);
    if (counts.create + counts.update === 0) {
      if (!json) out.line("Nothing to do: Azure already matches the plan.");
      else out.line(JSON.stringify({ event: "done", writes: 0 }));
      return;
    }
    if (
      !options.yes &&
      !(await confirm(context, `${counts.create} to create, ${counts.update} to update.`))
    ) {
      throw new UserError("Apply cancelled; nothing was written.", { exitCode: ExitCode.failure });
    }
    const abort = new AbortController();
    const interrupt = () => {
      if (!json) err.line("Interrupted: waiting for the writes in flight to finish, starting no new ones…");
      abort.abort();
    };
    process.once("SIGINT", interrupt);
    const taskList = await liveTaskList(context, actions);
    let outcome: Awaited<ReturnType<typeof applyActions>>;
    try {
      outcome = await applyActions(session.adapter, actions, {
        concurrency: DEFAULT_WRITE_CONCURRENCY,
        onEvent: taskList?.onEvent ?? progressPrinter(out, json),
        signal: abort.signal,
      });
    } finally {
      process.off("SIGINT", interrupt);
      await taskList?.finish();
    }
    if (json)
      out.line(
        JSON.stringify({
          event: "done",
          succeeded: outcome.succeeded.length,
          failed: outcome.failed.length,
          skipped: outcome.skipped.length,
        }),
      );
    if (outcome.interrupted) {
      throw new UserError(
        `Interrupted after ${outcome.succeeded.length} of ${counts.create + counts.update} changes.`,
        {
          hint: `Run \`vaultlink apply ${planPath}\` again to finish: it picks up where this run stopped, without duplicates.`,
          exitCode: ExitCode.failure,
        },
      );
    }
    if (outcome.failed.length > 0) {
      throw new UserError(
        `${outcome.failed.length} change${outcome.failed.length > 1 ? "s" : ""} failed; ${outcome.succeeded.length} succeeded.`,
        {
          hint: `Fix what the failures above name, then run \`vaultlink apply ${planPath}\` again: finished changes are not repeated.`,
          exitCode: ExitCode.failure,
        },
      );
    }
    if (!json)
      out.line(
        out.style(
          "green",
          `Applied: ${outcome.succeeded.length} change${outcome.succeeded.length === 1 ? "" : "s"}.`,
        ),
      );
    await reportPendingApprovals(context, plan, session.adapter);
  } finally {
    await session.close();
  }
}
