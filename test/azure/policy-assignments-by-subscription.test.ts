import { describe, expect, it } from "vitest";
import { assignmentsBySubscription, managementGroupsOf } from "../../src/azure/policy-reads.js";
import type { PolicyAssignment } from "../../src/core/inventory.js";

const CORP = "11111111-1111-4111-8111-111111111111";
const ONLINE = "22222222-2222-4222-8222-222222222222";

function assignment(scope: string, name: string): PolicyAssignment {
  return {
    id: `${scope}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    displayName: undefined,
    policyDefinitionId:
      "/providers/Microsoft.Authorization/policyDefinitions/af783da1-4ad1-42be-800d-d19c70038820",
    scope,
    notScopes: [],
    enforcementMode: "Default",
    parameters: {},
  };
}

/**
 * Resource Graph answers one query for many subscriptions, management groups' assignments included (scope filter
 * AtScopeAboveAndBelow); each subscription must get what ARM's list for it has: its own rows and those of the
 * groups above it, never a sibling group's (Azure landing zones assign the backup DNS policy at a management group).
 */
describe("policy assignments from one Resource Graph query, split per subscription", () => {
  const corpGroup = assignment("/providers/Microsoft.Management/managementGroups/corp", "dns-corp");
  const rootGroup = assignment("/providers/Microsoft.Management/managementGroups/contoso", "dns-root");
  const inCorp = assignment(`/subscriptions/${CORP}/resourceGroups/rg-hub`, "dns-hub");
  const ancestors = new Map([
    [CORP, managementGroupsOf({ managementGroupAncestorsChain: [{ name: "Corp" }, { name: "contoso" }] })],
    [
      ONLINE,
      managementGroupsOf({ managementGroupAncestorsChain: [{ name: "online" }, { name: "contoso" }] }),
    ],
  ]);

  it("gives each subscription its own rows and its management groups' rows, ordered by id", () => {
    const split = assignmentsBySubscription(
      [CORP.toUpperCase(), ONLINE],
      [
        { subscriptionId: "", assignment: rootGroup },
        { subscriptionId: CORP, assignment: inCorp },
        { subscriptionId: "", assignment: corpGroup },
      ],
      ancestors,
    );
    expect(split.get(CORP)?.map((a) => a.name)).toEqual(["dns-root", "dns-corp", "dns-hub"]);
    expect(split.get(ONLINE)?.map((a) => a.name)).toEqual(["dns-root"]);
  });

  it("gives a subscription without any an empty list, and a group's row to none when the ancestry is unknown", () => {
    const split = assignmentsBySubscription(
      [ONLINE],
      [{ subscriptionId: "", assignment: corpGroup }],
      new Map(),
    );
    expect(split.get(ONLINE)).toEqual([]);
    expect(managementGroupsOf(undefined)).toEqual([]);
  });
});
