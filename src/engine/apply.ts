import type { AzureAdapter } from "../azure/adapter.js";
import type { Plan } from "../core/plan/plan-schema.js";
import {
  type ApplyEvent,
  type ApplyOutcome,
  DEFAULT_WRITE_CONCURRENCY,
  executeActions,
  type HeldAction,
} from "./execute-actions.js";
import {
  awaitOperations,
  DEFAULT_OPERATION_WAIT,
  type OperationWait,
  type OperationWaitOptions,
} from "./operations-in-progress.js";
import { type Preview, previewPlan, type ReadyPreview, type StalePreview } from "./preview.js";
import { privatePathWaitsFor } from "./verify.js";

export type { ApplyEvent, ApplyOutcome, HeldAction } from "./execute-actions.js";
export { DEFAULT_WRITE_CONCURRENCY } from "./execute-actions.js";
export type { OperationWait } from "./operations-in-progress.js";

/** Everything a run of a plan reports, in order: its preview first, then one event per write. Views render these. */
export type PlanEvent =
  | { readonly type: "previewed"; readonly preview: StalePreview | ReadyPreview }
  | ApplyEvent;

export interface ApplyPlanOptions {
  /** Plan again against today's state instead of stopping when what the plan relied on changed. */
  readonly refresh: boolean;
  /** Preview only: read, decide, report; write nothing. */
  readonly dryRun?: boolean;
  /**
   * Asked once, after the preview and before the first write, when there is something to write. The CLI asks on
   * the terminal (or `--yes` answers), the wizard answered on its review screen. Not asked on a dry run.
   */
  readonly confirm: (preview: ReadyPreview) => Promise<boolean>;
  readonly onEvent?: (event: PlanEvent) => void;
  /** Aborting starts no new write; writes in flight finish. An abort before the first write writes nothing. */
  readonly signal?: AbortSignal;
  /** Writes in flight at once. */
  readonly concurrency?: number;
  /**
   * `IP[:PORT]` of the DNS server the workloads use (`apply --dns-server`): public access Deny is then also held
   * until the names clients ask resolve privately through it. Without it, only what ARM shows is checked.
   */
  readonly dnsServer?: string;
  /** How long apply waits for operations already running on planned resources (default: 10 minutes). */
  readonly operationWait?: OperationWaitOptions;
}

/** How a run of a plan ended. Every kind carries the preview it acted on. */
export type ApplyPlanResult =
  | { readonly kind: "stale"; readonly preview: StalePreview }
  | { readonly kind: "blocked"; readonly preview: ReadyPreview }
  | { readonly kind: "previewed"; readonly preview: ReadyPreview }
  | { readonly kind: "unchanged"; readonly preview: ReadyPreview }
  | { readonly kind: "cancelled"; readonly preview: ReadyPreview }
  /** Operations on planned resources were still running when the wait ended: nothing was written. */
  | { readonly kind: "inProgress"; readonly preview: ReadyPreview; readonly still: readonly OperationWait[] }
  | { readonly kind: "applied"; readonly preview: ReadyPreview; readonly outcome: ApplyOutcome };

/**
 * The writes a run did not make and the next one will, each with what it waits for: those the preview found
 * waiting (a manual approval) and those held when their turn came (the private path not working yet). Every view
 * shows these, and a run that holds one still succeeds: nothing failed, and the next apply (or approve) ends it.
 */
export function heldWrites(result: ApplyPlanResult): HeldAction[] {
  if (result.kind === "stale" || result.kind === "blocked" || result.kind === "inProgress") return [];
  const waiting = result.preview.actions.flatMap((action) =>
    action.kind === "waiting" ? [{ action, reason: action.reason }] : [],
  );
  return [...waiting, ...(result.kind === "applied" ? result.outcome.held : [])];
}

/** Whether a result is a success: nothing stopped it and every write it started succeeded. */
export function resultSucceeded(result: ApplyPlanResult): boolean {
  if (result.kind === "applied")
    return result.outcome.failed.length === 0 && result.outcome.skipped.length === 0;
  return result.kind === "previewed" || result.kind === "unchanged";
}

/**
 * The one path from a plan to Azure (as Terraform's local backend, where a plan's preview and its apply are one
 * operation): read the tenant, stop on drift, stop on anything blocked, confirm, then write in dependency order.
 * The preview is always made right before the first write, never reused from an earlier screen, so what is written
 * is decided on what is there now. `vaultlink apply`, its dry run, the fleet and the wizard's "Apply now" all call
 * this; they differ only in how they confirm and how they render the events.
 */
export async function applyPlan(
  adapter: AzureAdapter,
  plan: Plan,
  options: ApplyPlanOptions,
): Promise<ApplyPlanResult> {
  const take = () =>
    previewPlan(adapter, plan, { refresh: options.refresh, predictDns: options.dryRun === true });
  let preview: Preview = await take();
  // A resource an operation is still changing is neither done nor failed: apply waits until it has ended, then
  // decides on what is there (the dry run only says so). Within one deadline, as a new operation may have started.
  const wait = { ...DEFAULT_OPERATION_WAIT, ...options.operationWait };
  const deadline = Date.now() + wait.timeoutMs;
  // A blocked plan is refused at once: nothing would be written after the wait either.
  while (
    options.dryRun !== true &&
    preview.kind === "ready" &&
    preview.blockers.length === 0 &&
    preview.counts.inProgress > 0
  ) {
    const running = preview.actions.flatMap((a) => (a.kind === "inProgress" ? [a] : []));
    const waited = await awaitOperations(adapter, running, {
      ...wait,
      timeoutMs: Math.max(0, deadline - Date.now()),
      onWait: (event) => options.onEvent?.({ type: "operationWait", ...event }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (waited.kind === "interrupted") {
      options.onEvent?.({ type: "previewed", preview });
      return { kind: "cancelled", preview };
    }
    if (waited.kind === "timedOut") {
      options.onEvent?.({ type: "previewed", preview });
      return { kind: "inProgress", preview, still: waited.still };
    }
    preview = await take();
  }
  options.onEvent?.({ type: "previewed", preview });
  if (preview.kind === "stale") return { kind: "stale", preview };
  if (preview.blockers.length > 0) return { kind: "blocked", preview };
  if (options.dryRun === true) return { kind: "previewed", preview };
  if (preview.counts.create + preview.counts.update === 0) return { kind: "unchanged", preview };
  if (options.signal?.aborted === true || !(await options.confirm(preview)))
    return { kind: "cancelled", preview };
  const outcome = await executeActions(adapter, preview.actions, {
    concurrency: options.concurrency ?? DEFAULT_WRITE_CONCURRENCY,
    onEvent: (event) => options.onEvent?.(event),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    // Public access Deny is made only once the private path works (verify's own checks, read again now that the
    // other writes are done): a pipeline must never cut a vault off from clients that have no other way in.
    holdBack: () => privatePathWaitsFor(adapter, plan, options.dnsServer),
  });
  return { kind: "applied", preview, outcome };
}
