import type { AzureAdapter } from "../../src/azure/adapter.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { type ApplyPlanResult, applyPlan, resultSucceeded } from "../../src/engine/apply.js";

/**
 * Applies a plan through the engine's one path (as `vaultlink apply --yes` does) and fails the test unless every
 * write succeeded. Returns the result for tests that look further.
 */
export async function applyFully(adapter: AzureAdapter, plan: Plan): Promise<ApplyPlanResult> {
  const result = await applyPlan(adapter, plan, {
    refresh: false,
    confirm: async () => true,
    concurrency: 4,
  });
  if (!resultSucceeded(result)) {
    const detail =
      result.kind === "applied"
        ? result.outcome.failed.map((f) => `${f.action.description}: ${f.error.message}`).join("; ")
        : result.kind === "blocked"
          ? result.preview.blockers.map((b) => `${b.subject}: ${b.code}`).join("; ")
          : result.kind;
    throw new Error(`the plan did not apply (${result.kind}): ${detail}`);
  }
  return result;
}

/**
 * The manual-approval story a pipeline and a vault owner play out: apply, the owner approves every connection of the
 * vault, then apply again to make what waited for the approval (public access Deny).
 */
export async function applyApproveApply(adapter: AzureAdapter, plan: Plan): Promise<void> {
  await applyFully(adapter, plan);
  const vault = await adapter.getVault(plan.vault.id);
  for (const connection of vault.privateEndpointConnections)
    await adapter.approvePrivateEndpointConnection(vault.id, connection.name);
  await applyFully(adapter, plan);
}
