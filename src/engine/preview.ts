import type { AzureAdapter } from "../azure/adapter.js";
import type { Finding } from "../core/findings.js";
import type { Plan } from "../core/plan/plan-schema.js";
import type { Action } from "./action.js";
import { type Drift, driftSince } from "./drift.js";
import type { ObservedState } from "./observed-state.js";
import { planActions } from "./plan-actions.js";
import { prerequisiteFindings } from "./prerequisites.js";
import { readObservedState } from "./read-state.js";
import { type DnsOnceApplied, predictOnceApplied } from "./resolution/once-applied.js";

/** One reason a plan cannot be applied as it is: a blocked action, or a finding that blocks the whole plan. */
export interface Blocker {
  /** What is blocked: an action's description, or the finding's subject (the vault, say). */
  readonly subject: string;
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/** How many actions of each kind a preview holds: the counts every view prints and JSON carries. */
export interface ActionCounts {
  readonly create: number;
  readonly update: number;
  readonly noChange: number;
  readonly blocked: number;
  /** Writes that wait for something outside the plan (a vault owner's approval) before they can be made. */
  readonly waiting: number;
  /** Resources an operation is still changing (a non-terminal provisioningState): apply waits, then decides. */
  readonly inProgress: number;
}

export interface ReadyPreview {
  readonly kind: "ready";
  /** What each workload VNet will resolve once applied, with its audits; when asked for (the dry run). */
  readonly dnsOnceApplied?: DnsOnceApplied;
  readonly actions: readonly Action[];
  readonly findings: readonly Finding[];
  readonly observed: ObservedState;
  readonly counts: ActionCounts;
  /** Every reason the plan cannot be applied; empty when it can. */
  readonly blockers: readonly Blocker[];
}

export interface StalePreview {
  readonly kind: "stale";
  readonly drift: readonly Drift[];
  readonly observed: ObservedState;
}

/** What applying a plan would do today: the dry run, and the first half of every apply. Reads only. */
export type Preview = StalePreview | ReadyPreview;

export function countActions(actions: readonly Action[]): ActionCounts {
  const count = (kind: Action["kind"]) => actions.filter((a) => a.kind === kind).length;
  return {
    create: count("create"),
    update: count("update"),
    noChange: count("noChange"),
    blocked: count("blocked"),
    waiting: count("waiting"),
    inProgress: count("inProgress"),
  };
}

/** What an in-progress action means, the same in every view. */
export function inProgressNote(action: Action & { readonly kind: "inProgress" }): string {
  return `provisioningState ${action.state}: an operation is still running on it (an earlier apply's write, or someone else's); apply waits for it to end, then keeps it if it Succeeded or writes it again if it Failed`;
}

/** "Plan: 3 to create, 0 to update, 1 unchanged, 0 blocked.": the dry run's closing line, the same in every view. */
export function planSummaryText(counts: ActionCounts): string {
  const waiting = counts.waiting > 0 ? `, ${counts.waiting} waiting` : "";
  const inProgress = counts.inProgress > 0 ? `, ${counts.inProgress} in progress` : "";
  return `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.noChange} unchanged, ${counts.blocked} blocked${waiting}${inProgress}.`;
}

/** Every reason the actions and findings forbid applying: each blocked action's findings, then plan-wide blocks. */
export function blockersOf(actions: readonly Action[], findings: readonly Finding[]): Blocker[] {
  const fromActions = actions.flatMap((action) =>
    action.kind !== "blocked"
      ? []
      : action.findings
          .filter((f) => f.severity === "block")
          .map((f) => ({ subject: action.description, code: f.code, message: f.message, fix: f.fix })),
  );
  const fromFindings = findings
    .filter((f) => f.severity === "block")
    .map((f) => ({ subject: f.subject ?? "the plan", code: f.code, message: f.message, fix: f.fix }));
  return [...fromActions, ...fromFindings];
}

/** "2 actions are blocked; 1 finding blocks the plan": why a preview cannot be applied, in one clause. */
export function blockedSummary(preview: ReadyPreview): string | undefined {
  if (preview.blockers.length === 0) return undefined;
  const actions = preview.counts.blocked;
  const plan = preview.findings.filter((f) => f.severity === "block").length;
  return [
    actions > 0 ? `${actions} action${actions === 1 ? " is" : "s are"} blocked` : undefined,
    plan > 0 ? `${plan} finding${plan === 1 ? " blocks" : "s block"} the plan` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join("; ");
}

/**
 * Reads the tenant, stops at drift (unless `refresh`), then computes findings, actions and what blocks them. The
 * wizard's review, `apply --dry-run`, `apply`, the fleet and `export` all start here, so they cannot disagree.
 */
export async function previewPlan(
  adapter: AzureAdapter,
  plan: Plan,
  options: { readonly refresh: boolean; readonly predictDns?: boolean },
): Promise<Preview> {
  const observed = await readObservedState(adapter, plan);
  const drift = options.refresh ? [] : driftSince(plan, observed);
  if (drift.length > 0) return { kind: "stale", drift, observed };
  const findings = prerequisiteFindings(plan, observed);
  const { actions } = planActions(plan, observed, findings);
  const dnsOnceApplied =
    options.predictDns === true ? await predictOnceApplied(adapter, plan, observed) : undefined;
  return {
    kind: "ready",
    ...(dnsOnceApplied === undefined ? {} : { dnsOnceApplied }),
    actions,
    findings,
    observed,
    counts: countActions(actions),
    blockers: blockersOf(actions, findings),
  };
}
