import type { PolicyAssignment as ArmPolicyAssignment } from "@azure/arm-policy";
import type { PolicyAssignment } from "../core/inventory.js";
import { armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { requiredField } from "./required-field.js";

export function toPolicyAssignment(assignment: ArmPolicyAssignment): PolicyAssignment {
  const id = requiredField(assignment.id, "id", "a policy assignment");
  return {
    id,
    name: requiredField(assignment.name, "name", `policy assignment ${id}`),
    displayName: assignment.displayName,
    policyDefinitionId: requiredField(
      assignment.policyDefinitionId,
      "policyDefinitionId",
      `policy assignment ${id}`,
    ),
    // `scope` is read-only and always sent; an assignment's id starts with it otherwise.
    scope:
      assignment.scope ?? id.replace(/\/providers\/Microsoft\.Authorization\/policyAssignments\/[^/]+$/i, ""),
    notScopes: assignment.notScopes ?? [],
    enforcementMode: assignment.enforcementMode ?? "Default",
    parameters: Object.fromEntries(
      Object.entries(assignment.parameters ?? {}).map(([name, value]) => [name, value.value]),
    ),
  };
}

/**
 * The policy assignments that apply to a subscription or anything in it: its own, its resource groups' and those
 * inherited from management groups (PolicyAssignments_List without $filter).
 */
export function listPolicyAssignments(
  clients: AzureClients,
  subscriptionId: string,
): AsyncIterable<readonly PolicyAssignment[]> {
  return armPages(
    { verb: "list the policy assignments of", kind: "subscription", id: subscriptionId },
    clients.policy(subscriptionId).then((client) => client.policyAssignments.list().byPage()),
    toPolicyAssignment,
  );
}

/**
 * The management groups above a subscription, from its `resourcecontainers` row: `managementGroupAncestorsChain`,
 * nearest first, each with its `name` (the group's id).
 * https://learn.microsoft.com/azure/governance/resource-graph/samples/samples-by-category#list-all-management-group-ancestors-for-a-specified-subscription
 */
export function managementGroupsOf(properties: unknown): string[] {
  const chain = (properties as { managementGroupAncestorsChain?: unknown } | null | undefined)
    ?.managementGroupAncestorsChain;
  if (!Array.isArray(chain)) return [];
  return chain.flatMap((group: { name?: unknown }) =>
    typeof group?.name === "string" ? [group.name.toLowerCase()] : [],
  );
}

const MANAGEMENT_GROUP_SCOPE = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i;

/**
 * Resource Graph's assignment rows (one query over many subscriptions, scopes above included) split as ARM's
 * per-subscription list has them: a row with a subscription id belongs to that subscription (its own, its resource
 * groups' and resources'); a management group's row to every subscription below that group. Each subscription's
 * list is ordered by id.
 */
export function assignmentsBySubscription(
  subscriptions: readonly string[],
  rows: readonly { readonly subscriptionId: string; readonly assignment: PolicyAssignment }[],
  ancestors: ReadonlyMap<string, readonly string[]>,
): Map<string, PolicyAssignment[]> {
  const out = new Map<string, PolicyAssignment[]>(subscriptions.map((s) => [s.toLowerCase(), []]));
  for (const { subscriptionId, assignment } of rows) {
    const group = MANAGEMENT_GROUP_SCOPE.exec(assignment.scope)?.[1]?.toLowerCase();
    const owners =
      subscriptionId !== ""
        ? [subscriptionId.toLowerCase()]
        : group === undefined
          ? []
          : [...out.keys()].filter((s) => ancestors.get(s)?.includes(group) ?? false);
    for (const owner of owners) out.get(owner)?.push(assignment);
  }
  for (const list of out.values()) list.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
  return out;
}
