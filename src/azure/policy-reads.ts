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
