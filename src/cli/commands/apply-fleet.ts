import { basename } from "node:path";
import { parseResourceId } from "../../core/arm-id.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { DEFAULT_WRITE_CONCURRENCY } from "../../engine/apply.js";
import { applyFleet, type FleetMember, type FleetPlanResult, succeeded } from "../../engine/fleet.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { openAzureSession } from "../azure-session.js";
import type { Printer } from "../output.js";
import type { CommandContext } from "../program.js";
import { printFleetSummary, resultWords, type SummaryRow } from "../render/fleet-summary.js";
import { progressLine } from "../views/apply-view.js";
import { type ApplyCommandOptions, checkedDnsServer, checkedOperationWait, confirm } from "./apply.js";

export interface FleetCommandOptions extends ApplyCommandOptions {
  /** Plans worked on at once. */
  readonly parallel?: string;
  /** ARM calls in flight at once per subscription. */
  readonly subscriptionBudget?: string;
}

/**
 * Defaults: four plans at once, and four ARM calls in flight per subscription. ARM's per-subscription limits
 * (a token bucket refilled per second, per region and principal: request-limits-and-throttling) leave room for
 * far more; four keeps a fleet from competing with everything else the team runs in the same subscription.
 */
const DEFAULT_PARALLEL_PLANS = 4;
const DEFAULT_SUBSCRIPTION_BUDGET = 4;

function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UserError(`${option}: "${value}" is not a positive whole number.`, {
      hint: `Give a number such as ${fallback}.`,
    });
  }
  return Number(value);
}

/** Distinct short names for the progress view: the file name, with its directory when two files share one. */
function labelsOf(paths: readonly string[]): string[] {
  const names = paths.map((path) => basename(path).replace(/\.json$/i, ""));
  return names.map((name, index) =>
    names.indexOf(name) === names.lastIndexOf(name) ? name : (paths[index] as string),
  );
}

function finishedLine(out: Printer, label: string, result: FleetPlanResult): string {
  const mark = succeeded(result) ? out.style("green", "✓") : out.style("red", "✗");
  return `[${label}] ${mark} ${resultWords(result)}`;
}

/**
 * `vaultlink apply PLAN PLAN…`: a fleet. Every plan is previewed and applied on its own (a stale or blocked plan
 * stops alone), a few at once within a per-subscription budget, in one progress view whose lines name their plan;
 * a table sums up at the end, and the exit code is 0 only when every plan succeeded.
 */
export async function runFleetApply(
  context: CommandContext,
  planPaths: readonly string[],
  options: FleetCommandOptions,
): Promise<void> {
  const { out, err } = context;
  const json = context.options.output === "json";
  const planConcurrency = positiveInteger(options.parallel, "--parallel", DEFAULT_PARALLEL_PLANS);
  const subscriptionBudget = positiveInteger(
    options.subscriptionBudget,
    "--subscription-budget",
    DEFAULT_SUBSCRIPTION_BUDGET,
  );
  const dnsServer = checkedDnsServer(options.dnsServer);
  const operationWait = checkedOperationWait(options.waitTimeout);
  const labels = labelsOf(planPaths);

  // An unreadable plan file is that plan's failure, not the fleet's.
  const rows: SummaryRow[] = [];
  const members: FleetMember[] = [];
  const memberRow = new Map<string, SummaryRow>();
  for (const [index, path] of planPaths.entries()) {
    const label = labels[index] as string;
    try {
      const plan = await readPlanFile(path);
      const row: SummaryRow = {
        label,
        vault: parseResourceId(plan.vault.id).name,
        result: { kind: "notStarted" },
      };
      rows.push(row);
      members.push({ label, plan });
      memberRow.set(label, row);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      rows.push({ label, vault: "?", result: { kind: "error", message: error.message, bug: false } });
    }
  }

  if (!options.dryRun && !options.yes && members.length > 0) {
    const vaults = [...new Set(rows.map((r) => r.vault))].length;
    if (
      !(await confirm(
        context,
        `Apply ${members.length} plans (${vaults} vaults)? Preview them first with --dry-run.`,
      ))
    )
      throw new UserError("Apply cancelled; nothing was written.", { exitCode: ExitCode.failure });
  }

  const session = await openAzureSession(context.options);
  const abort = new AbortController();
  const interrupt = () => {
    if (!json) err.line("Interrupted: finishing the writes in flight, starting no new plan or write…");
    abort.abort();
  };
  process.once("SIGINT", interrupt);
  try {
    if (!json) {
      out.line(
        out.style(
          "bold",
          `${options.dryRun ? "Dry run" : "Apply"} of ${planPaths.length} plans against ${session.description} (${planConcurrency} at once, at most ${subscriptionBudget} ARM calls in flight per subscription)`,
        ),
      );
    }
    const printers = new Map(members.map((m) => [m.label, progressLine(out, json, m.label)]));
    await applyFleet(session.adapter, members, {
      dryRun: options.dryRun === true,
      refresh: options.refresh === true,
      planConcurrency,
      writeConcurrency: DEFAULT_WRITE_CONCURRENCY,
      subscriptionBudget,
      signal: abort.signal,
      ...(dnsServer === undefined ? {} : { dnsServer }),
      ...(operationWait === undefined ? {} : { operationWait }),
      onEvent: (event) => {
        if (event.type === "action") printers.get(event.label)?.(event.event);
        else if (event.type === "planStarted") {
          if (json) out.line(JSON.stringify({ event: "planStarted", plan: event.label }));
          else out.line(`[${event.label}] reading what the plan touches…`);
        } else {
          const row = memberRow.get(event.label);
          if (row !== undefined) row.result = event.result;
          if (json)
            out.line(JSON.stringify({ event: "planFinished", plan: event.label, result: event.result }));
          else out.line(finishedLine(out, event.label, event.result));
        }
      },
    });
  } finally {
    process.off("SIGINT", interrupt);
    await session.close();
  }

  const failed = rows.filter((row) => !succeeded(row.result));
  if (json) out.line(JSON.stringify({ event: "summary", plans: rows }));
  else printFleetSummary(out, rows);
  if (failed.length === 0) return;
  const onlyStopped = failed.every((row) => row.result.kind === "stale" || row.result.kind === "blocked");
  throw new UserError(
    `${failed.length} of ${rows.length} plans did not ${options.dryRun ? "preview cleanly" : "apply"}.`,
    {
      hint: `Run \`vaultlink apply PLAN --dry-run\` on each plan the table marks, fix what it names, then run the fleet again: finished plans are not repeated.`,
      exitCode: onlyStopped ? ExitCode.blockedByFinding : ExitCode.failure,
    },
  );
}
