import { type AzureAdapter, allPages, unlessUnreadable } from "../azure/adapter.js";
import { parseResourceId } from "../core/arm-id.js";
import type { PolicyAssignment } from "../core/inventory.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { uniqueIds } from "./read-vault-facts.js";

/**
 * The policy assignments over the subscriptions of a policy-managed plan's endpoints: what decides whether Azure
 * Policy adds their zone groups. Not read for other plans (nothing depends on them). Undefined when ARM refused the
 * read of any of those subscriptions: then coverage is unknown, not "none".
 */
export async function readPolicyAssignments(
  adapter: AzureAdapter,
  plan: Plan,
): Promise<readonly PolicyAssignment[] | undefined> {
  if (plan.dns.strategy !== "privateZones" || plan.dns.zoneGroups !== "policyManaged") return [];
  const subscriptions = uniqueIds(plan.endpoints.map((e) => parseResourceId(e.subnetId).subscriptionId));
  const lists = await Promise.all(
    subscriptions.map((id) => unlessUnreadable(allPages(adapter.listPolicyAssignments(id)))),
  );
  if (lists.some((list) => list === undefined)) return undefined;
  const byId = new Map<string, PolicyAssignment>();
  for (const assignment of lists.flat()) if (assignment) byId.set(assignment.id.toLowerCase(), assignment);
  return [...byId.values()];
}
