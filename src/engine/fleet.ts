import type { AzureAdapter } from "../azure/adapter.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { UserError } from "../core/user-error.js";
import { type ApplyEvent, applyPlan } from "./apply.js";
import { desiredStateOf } from "./desired-state.js";
import { type OperationWaitOptions, stillRunningText } from "./operations-in-progress.js";
import { blockedSummary } from "./preview.js";
import { withSubscriptionBudget } from "./subscription-budget.js";

/** One plan of a fleet, named by its file for the progress view and the summary. */
export interface FleetMember {
  readonly label: string;
  readonly plan: Plan;
}

/** How one plan of a fleet ended. Only `applied`, `unchanged` and `previewed` count as success. */
export type FleetPlanResult =
  /** `held`: writes held back by their condition (public access Deny before the private path works). */
  | { readonly kind: "applied"; readonly changes: number; readonly held: number }
  | { readonly kind: "unchanged" }
  | { readonly kind: "previewed"; readonly creates: number; readonly updates: number }
  | { readonly kind: "stale"; readonly changes: number }
  | { readonly kind: "blocked"; readonly reason: string }
  | {
      readonly kind: "failed";
      readonly succeeded: number;
      readonly failed: number;
      readonly skipped: number;
      /** The first failure's message: what to fix (a missing role, a full subnet…). */
      readonly firstError: string;
    }
  | { readonly kind: "interrupted"; readonly succeeded: number; readonly notStarted: number }
  /** The run was interrupted before this plan began; nothing of it was read or written. */
  | { readonly kind: "notStarted" }
  /** It could not be read or previewed (a refused read, say); `bug` when the cause was not a UserError. */
  | { readonly kind: "error"; readonly message: string; readonly bug: boolean };

export type FleetEvent =
  | { readonly type: "planStarted"; readonly label: string }
  | { readonly type: "action"; readonly label: string; readonly event: ApplyEvent }
  | { readonly type: "planFinished"; readonly label: string; readonly result: FleetPlanResult };

export interface FleetOptions {
  /** Preview only: reads, no writes. */
  readonly dryRun: boolean;
  /** Plan again against today's state instead of stopping a stale plan. */
  readonly refresh: boolean;
  /** Plans worked on at once. */
  readonly planConcurrency: number;
  /** Writes in flight at once within one plan (applyActions). */
  readonly writeConcurrency: number;
  /** ARM calls in flight at once per subscription, across every plan (subscription-budget.ts). */
  readonly subscriptionBudget: number;
  readonly onEvent: (event: FleetEvent) => void;
  /** Aborting starts no new plan and no new write; what is in flight finishes. */
  readonly signal?: AbortSignal;
  /** `apply --dns-server`: each plan's Deny also waits until its names resolve privately through it. */
  readonly dnsServer?: string;
  /** `apply --wait-timeout`: how long each plan waits for operations already running on its resources. */
  readonly operationWait?: OperationWaitOptions;
}

export function succeeded(result: FleetPlanResult): boolean {
  return result.kind === "applied" || result.kind === "unchanged" || result.kind === "previewed";
}

/**
 * The ids two plans must not write at the same time: the vault, its endpoints, the shared zones and their links,
 * and the NSGs a rule goes into (two plans would pick the same free priority). Plans that share one run one
 * after the other, so the second sees what the first made and leaves it alone.
 */
function exclusiveIds(plan: Plan): Set<string> {
  const desired = desiredStateOf(plan);
  const nsgIds =
    plan.guidance.entraIdOutbound.mode === "add" ? plan.guidance.entraIdOutbound.networkSecurityGroupIds : [];
  return new Set(
    [
      desired.vaultId,
      ...desired.endpoints.map((e) => e.request.id),
      ...desired.zones.map((z) => z.id),
      ...desired.links.map((l) => l.id),
      ...nsgIds,
    ].map((id) => id.toLowerCase()),
  );
}

async function runPlan(
  adapter: AzureAdapter,
  member: FleetMember,
  options: FleetOptions,
): Promise<FleetPlanResult> {
  // The fleet confirmed once for all its plans before starting (or was told --yes).
  const result = await applyPlan(adapter, member.plan, {
    refresh: options.refresh,
    dryRun: options.dryRun,
    confirm: async () => true,
    concurrency: options.writeConcurrency,
    onEvent: (event) => {
      if (event.type !== "previewed") options.onEvent({ type: "action", label: member.label, event });
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.dnsServer === undefined ? {} : { dnsServer: options.dnsServer }),
    ...(options.operationWait === undefined ? {} : { operationWait: options.operationWait }),
  });
  switch (result.kind) {
    case "stale":
      return { kind: "stale", changes: result.preview.drift.length };
    case "blocked":
      return { kind: "blocked", reason: blockedSummary(result.preview) ?? "blocked" };
    case "previewed":
      return {
        kind: "previewed",
        creates: result.preview.counts.create,
        updates: result.preview.counts.update,
      };
    case "unchanged":
      return { kind: "unchanged" };
    case "cancelled":
      return { kind: "notStarted" };
    case "inProgress":
      return { kind: "error", message: stillRunningText(result.still), bug: false };
    case "applied": {
      const { outcome } = result;
      const [first] = outcome.failed;
      if (first !== undefined)
        return {
          kind: "failed",
          succeeded: outcome.succeeded.length,
          failed: outcome.failed.length,
          skipped: outcome.skipped.length,
          firstError: first.error.message,
        };
      if (outcome.interrupted)
        return {
          kind: "interrupted",
          succeeded: outcome.succeeded.length,
          notStarted: outcome.skipped.length,
        };
      return { kind: "applied", changes: outcome.succeeded.length, held: outcome.held.length };
    }
  }
}

/**
 * Previews and applies many plans against one adapter: `planConcurrency` plans at once (never two that write the
 * same resource), at most `subscriptionBudget` ARM calls in flight per subscription, and a failure in one plan
 * never stops the others. Returns one result per member, in the members' order.
 */
export async function applyFleet(
  adapter: AzureAdapter,
  members: readonly FleetMember[],
  options: FleetOptions,
): Promise<FleetPlanResult[]> {
  if (!Number.isInteger(options.planConcurrency) || options.planConcurrency < 1)
    throw new Error(`planConcurrency must be a positive integer, not ${options.planConcurrency}`);
  const budgeted = withSubscriptionBudget(adapter, options.subscriptionBudget);
  const results: (FleetPlanResult | undefined)[] = members.map(() => undefined);
  const exclusive = members.map((member) => exclusiveIds(member.plan));
  const waiting = members.map((_, index) => index);
  const running = new Map<number, Promise<void>>();
  const overlaps = (a: number, b: number) => [...(exclusive[a] ?? [])].some((id) => exclusive[b]?.has(id));

  const start = (index: number) => {
    const member = members[index] as FleetMember;
    options.onEvent({ type: "planStarted", label: member.label });
    const task = runPlan(budgeted, member, options)
      .catch(
        (error: unknown): FleetPlanResult => ({
          kind: "error",
          message: error instanceof Error ? error.message : String(error),
          bug: !(error instanceof UserError),
        }),
      )
      .then((result) => {
        results[index] = result;
        running.delete(index);
        options.onEvent({ type: "planFinished", label: member.label, result });
      });
    running.set(index, task);
  };

  for (;;) {
    if (options.signal?.aborted !== true) {
      for (const index of [...waiting]) {
        if (running.size >= options.planConcurrency) break;
        if ([...running.keys()].some((other) => overlaps(index, other))) continue;
        waiting.splice(waiting.indexOf(index), 1);
        start(index);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  return results.map((result) => result ?? { kind: "notStarted" });
}
