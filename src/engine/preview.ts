import type { AzureAdapter } from "../azure/adapter.js";
import type { Finding } from "../core/findings.js";
import type { Plan } from "../core/plan/plan-schema.js";
import type { Action } from "./action.js";
import { type Drift, driftSince } from "./drift.js";
import type { ObservedState } from "./observed-state.js";
import { planActions } from "./plan-actions.js";
import { prerequisiteFindings } from "./prerequisites.js";
import { readObservedState } from "./read-state.js";

/** What applying a plan would do today: the dry run, and the first half of every apply. Reads only. */
export type Preview =
  | { readonly kind: "stale"; readonly drift: readonly Drift[]; readonly observed: ObservedState }
  | {
      readonly kind: "ready";
      readonly actions: readonly Action[];
      readonly findings: readonly Finding[];
      readonly observed: ObservedState;
    };

/**
 * Reads the tenant, stops at drift (unless `refresh`), then computes findings and actions. The wizard's review step,
 * `apply --dry-run` and `apply` all start here, so they cannot disagree.
 */
export async function previewPlan(
  adapter: AzureAdapter,
  plan: Plan,
  options: { readonly refresh: boolean },
): Promise<Preview> {
  const observed = await readObservedState(adapter, plan);
  const drift = options.refresh ? [] : driftSince(plan, observed);
  if (drift.length > 0) return { kind: "stale", drift, observed };
  const findings = prerequisiteFindings(plan, observed);
  return { kind: "ready", actions: planActions(plan, observed, findings).actions, findings, observed };
}
