import type { PacingWait } from "../../core/pacing-wait.js";
import type { Action } from "../../engine/action.js";
import { type ApplyEvent, type ApplyPlanResult, heldWrites, type PlanEvent } from "../../engine/apply.js";
import { operationWaitText } from "../../engine/operations-in-progress.js";
import type { PendingApproval } from "../../engine/pending-approvals.js";
import type { ReadyPreview } from "../../engine/preview.js";
import { rolesNeededBy } from "../../engine/write-permissions.js";
import type { ApplyProgressView } from "../../ui/apply-progress/render-apply-progress.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";
import { printActions, printDrift } from "../render/action-lines.js";
import { printDnsOnceApplied } from "../render/resolution-lines.js";
import { printNeededRoles } from "../render/role-lines.js";
import { suggestedCommand } from "../suggested-command.js";
import { planMarkdown } from "./plan-markdown.js";

/**
 * How one run of a plan is shown. The command computes a stream of events once (`applyPlan`'s) and a view renders
 * it: text lines, JSON lines, or a live task list on a terminal (Terraform's `internal/command/views`).
 */
export interface ApplyView {
  readonly onEvent: (event: PlanEvent) => void;
  /** A request held back because ARM's (or Resource Graph's) budget is nearly used: the run is slower, not stuck. */
  readonly onPacingWait: (wait: PacingWait) => void;
  /** Called once the person (or --yes) has confirmed, right before the first write. */
  beforeWrites(preview: ReadyPreview): Promise<void>;
  /** The run's end: the summary line, or nothing when the command's error will say it. */
  finish(result: ApplyPlanResult, pending: readonly PendingApproval[]): Promise<void>;
}

export interface ApplyViewContext {
  readonly planPath: string;
  readonly target: string;
  readonly dryRun: boolean;
  /** In a fleet, the plan's label: each line starts with it, each JSON event carries it. */
  readonly label?: string;
  /** `--dns-server` as given: the command that finishes a held write repeats it. */
  readonly dnsServer?: string;
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
    ...(action.kind === "waiting" ? { reason: action.reason } : {}),
    ...(action.kind === "inProgress" ? { provisioningState: action.state } : {}),
    ...(action.condition === undefined ? {} : { condition: action.condition }),
  };
}

/** One apply event as a plain line (text) or a JSON line: the progress of a run that is not on a terminal. */
export function progressLine(out: Printer, json: boolean, label?: string): (event: ApplyEvent) => void {
  const prefix = label === undefined ? "" : `[${label}] `;
  return (event) => {
    if (json) {
      const { action, ...rest } = event;
      const detail =
        event.type === "failed" ? { error: event.error.message } : event.type === "started" ? {} : rest;
      out.line(
        JSON.stringify({
          event: event.type,
          ...(label === undefined ? {} : { plan: label }),
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
      case "failed": {
        out.line(`${prefix}${out.style("red", "✗")} ${event.action.description}: ${event.error.message}`);
        // The hint says what to do: for a refused write, the role to ask for and the command that grants it.
        const hint = (event.error as { hint?: unknown }).hint;
        if (typeof hint === "string") out.line(`${prefix}  ${out.style("dim", "Hint:")} ${hint}`);
        return;
      }
      case "skipped":
        out.line(`${prefix}${out.style("dim", "-")} ${event.action.description}: skipped, ${event.reason}`);
        return;
      case "held":
        out.line(`${prefix}${out.style("yellow", "…")} ${event.action.description}: held, ${event.reason}`);
        return;
      case "operationWait":
        out.line(`${prefix}${out.style("dim", `… ${operationWaitText(event)}`)}`);
        return;
    }
  };
}

/** The pause in words: how long, whose budget, and the header that said so. */
export function pacingText(wait: PacingWait): string {
  return `waiting ${(wait.waitMs / 1000).toFixed(1)} s for ${wait.budget}'s request budget (${wait.header})`;
}

/** Text for a person: the dry run's lines (or its markdown), progress (live on a terminal), and a closing line. */
function textView(context: CommandContext, run: ApplyViewContext, markdown: boolean): ApplyView {
  const { out, err } = context;
  let live: ApplyProgressView | undefined;
  const lines = progressLine(out, false, run.label);
  const prefix = run.label === undefined ? "" : `[${run.label}] `;
  return {
    onPacingWait: (wait) => {
      if (live !== undefined) live.onPacingWait(wait);
      else err.line(`${prefix}${err.style("dim", `… ${pacingText(wait)}`)}`);
    },
    onEvent: (event) => {
      if (event.type !== "previewed") {
        (live?.onEvent ?? lines)(event);
        return;
      }
      const { preview } = event;
      if (markdown) {
        for (const line of planMarkdown(preview, run.planPath, run.target)) out.line(line);
        return;
      }
      if (preview.kind === "stale") {
        err.line(`${run.planPath} is stale: what it relied on changed since it was planned.`);
        printDrift(err, preview.drift);
        return;
      }
      out.line(
        out.style("bold", `${run.dryRun ? "Dry run" : "Apply"} of ${run.planPath} against ${run.target}`),
      );
      out.line();
      printActions(out, preview.actions, preview.findings);
      if (preview.blockers.length === 0) printNeededRoles(out, rolesNeededBy(preview.actions));
      if (preview.dnsOnceApplied !== undefined) printDnsOnceApplied(out, preview.dnsOnceApplied);
    },
    beforeWrites: async (preview) => {
      if (context.io.stdout.isTTY !== true) return;
      // chalk, inside Ink, reads FORCE_COLOR but not NO_COLOR when it loads: settle colour first.
      if (!context.options.color) context.io.env.FORCE_COLOR = "0";
      const { renderApplyProgress } = await import("../../ui/apply-progress/render-apply-progress.js");
      live = renderApplyProgress(
        preview.actions.filter((a) => a.kind === "create" || a.kind === "update"),
        { stdout: context.io.stdout, stderr: context.io.stderr },
      );
    },
    finish: async (result, pending) => {
      await live?.finish();
      live = undefined;
      const waiting =
        result.preview.kind === "ready" && result.preview.counts.waiting > 0
          ? ` ${result.preview.counts.waiting} change${result.preview.counts.waiting === 1 ? " waits" : "s wait"} (see above).`
          : "";
      if (result.kind === "unchanged")
        out.line(
          waiting === ""
            ? "Nothing to do: Azure already matches the plan."
            : `Nothing to do now: everything else matches the plan.${waiting}`,
        );
      if (result.kind !== "applied" && result.kind !== "unchanged") return;
      if (result.kind === "applied") {
        const { outcome } = result;
        if (outcome.failed.length === 0 && outcome.skipped.length === 0)
          out.line(
            out.style(
              "green",
              `Applied: ${outcome.succeeded.length} change${outcome.succeeded.length === 1 ? "" : "s"}.${waiting}`,
            ),
          );
      }
      if (!run.dryRun && result.kind === "applied" && result.outcome.held.length > 0) {
        for (const { action, reason } of result.outcome.held)
          err.line(`${out.style("yellow", "Held:")} ${action.description}, ${reason}.`);
        err.line(
          `  Run ${suggestedCommand(context.options, ["apply", run.planPath, ...(run.dnsServer === undefined ? [] : ["--dns-server", run.dnsServer])])} again once that is done: it makes what was held (exit 0 now: nothing failed).`,
        );
      }
      for (const approval of pending) {
        err.line(
          `Waiting for approval: the connection of ${approval.endpointName} stays Pending until an owner of vault ${approval.vaultId.split("/").at(-1)} approves it.`,
        );
        err.line(
          `  In the portal: the vault > Networking > Private access; or: az network private-endpoint-connection approve --id ${approval.connectionId}`,
        );
      }
      if (pending.length > 0)
        err.line(
          `  Or, as the vault's owner: ${suggestedCommand(context.options, ["approve", run.planPath])} (it then finishes what waited).`,
        );
    },
  };
}

/**
 * JSON: a dry run (or a run stopped before writing) prints one document with the actions; an apply prints one JSON
 * event per line, ending with `done`.
 */
function jsonView(context: CommandContext, run: ApplyViewContext): ApplyView {
  const { out } = context;
  const lines = progressLine(out, true, run.label);
  return {
    // A dry run prints one JSON document: a pause is an event line only in an apply's stream of them.
    onPacingWait: (wait) => {
      if (run.dryRun) return;
      out.line(
        JSON.stringify({
          event: "paced",
          ...(run.label === undefined ? {} : { plan: run.label }),
          budget: wait.budget,
          waitMs: Math.round(wait.waitMs),
          header: wait.header,
        }),
      );
    },
    onEvent: (event) => {
      if (event.type !== "previewed") {
        lines(event);
        return;
      }
      const { preview } = event;
      if (preview.kind === "stale") {
        out.json({ plan: run.planPath, stale: true, drift: preview.drift });
        return;
      }
      const document = {
        plan: run.planPath,
        target: run.target,
        summary: preview.counts,
        blockers: preview.blockers,
        actions: preview.actions.map(actionJson),
        findings: preview.findings,
        permissions: rolesNeededBy(preview.actions),
        ...(preview.dnsOnceApplied === undefined ? {} : { resolution: preview.dnsOnceApplied }),
      };
      if (run.dryRun || preview.blockers.length > 0) out.json(document);
      else out.line(JSON.stringify({ event: "previewed", summary: preview.counts }));
    },
    beforeWrites: async () => {},
    finish: async (result, pending) => {
      const held = heldWrites(result).map(({ action, reason }) => ({
        id: action.id,
        description: action.description,
        reason,
      }));
      if (result.kind === "unchanged") out.line(JSON.stringify({ event: "done", writes: 0, held }));
      if (result.kind !== "applied") return;
      const { outcome } = result;
      out.line(
        JSON.stringify({
          event: "done",
          succeeded: outcome.succeeded.length,
          failed: outcome.failed.length,
          skipped: outcome.skipped.length,
          held,
        }),
      );
      for (const approval of pending)
        out.line(
          JSON.stringify({
            event: "approvalPending",
            endpoint: approval.endpointName,
            connectionId: approval.connectionId,
          }),
        );
    },
  };
}

export function createApplyView(context: CommandContext, run: ApplyViewContext): ApplyView {
  const { output } = context.options;
  return output === "json" ? jsonView(context, run) : textView(context, run, output === "markdown");
}
