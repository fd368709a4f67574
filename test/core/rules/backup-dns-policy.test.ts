import { describe, expect, it } from "vitest";
import type { PolicyAssignment } from "../../../src/core/inventory.js";
import {
  BACKUP_DNS_POLICY_DEFINITION_ID,
  checkPolicyCoverage,
  type PolicyEndpoint,
  policyCoverage,
} from "../../../src/core/rules/backup-dns-policy.js";
import { codes, SUB } from "./tenant.js";

const ZONES = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones`;
const endpoint: PolicyEndpoint = {
  name: "pe-hub",
  id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-hub`,
  groupId: "AzureBackup",
  zoneNames: [
    "privatelink.we.backup.windowsazure.com",
    "privatelink.blob.core.windows.net",
    "privatelink.queue.core.windows.net",
  ],
};

function assignment(overrides: Partial<PolicyAssignment> = {}, geo = "we"): PolicyAssignment {
  return {
    id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/backup-dns`,
    name: "backup-dns",
    displayName: undefined,
    policyDefinitionId: BACKUP_DNS_POLICY_DEFINITION_ID,
    scope: `/subscriptions/${SUB}`,
    notScopes: [],
    enforcementMode: "Default",
    parameters: {
      "privateDnsZone-Backup": `${ZONES}/privatelink.${geo}.backup.windowsazure.com`,
      "privateDnsZone-Blob": `${ZONES}/privatelink.blob.core.windows.net`,
      "privateDnsZone-Queue": `${ZONES}/privatelink.queue.core.windows.net`,
    },
    ...overrides,
  };
}

describe("the built-in backup DNS policy's coverage", () => {
  it("covers an AzureBackup endpoint in its scope with its region's zones, also from a management group", () => {
    expect(policyCoverage(endpoint, [assignment()]).kind).toBe("covered");
    const fromGroup = assignment({ scope: "/providers/Microsoft.Management/managementGroups/landing-zones" });
    expect(policyCoverage(endpoint, [fromGroup]).kind).toBe("covered");
  });

  it("never covers a secondary endpoint, an excluded scope, DoNotEnforce, effect Disabled or another policy", () => {
    const reason = (e: PolicyEndpoint, a: PolicyAssignment[]) => {
      const c = policyCoverage(e, a);
      return c.kind === "notCovered" ? c.reason : "covered";
    };
    expect(reason({ ...endpoint, groupId: "AzureBackup_secondary" }, [assignment()])).toContain(
      "matches group id AzureBackup only",
    );
    expect(
      reason(endpoint, [assignment({ notScopes: [`/subscriptions/${SUB}/resourceGroups/rg-net`] })]),
    ).toContain("no assignment of the built-in policy");
    expect(reason(endpoint, [assignment({ enforcementMode: "DoNotEnforce" })])).toContain("DoNotEnforce");
    expect(
      reason(endpoint, [assignment({ parameters: { ...assignment().parameters, effect: "Disabled" } })]),
    ).toContain("effect Disabled");
    expect(
      reason(endpoint, [
        assignment({ policyDefinitionId: "/providers/Microsoft.Authorization/policyDefinitions/other" }),
      ]),
    ).toContain("no assignment");
  });

  it("an assignment made for another region's backup zone does not cover; one good assignment among several does", () => {
    const other = assignment({}, "ne");
    const c = policyCoverage(endpoint, [other]);
    expect(c.kind === "notCovered" && c.reason).toContain(
      "names privatelink.ne.backup.windowsazure.com in privateDnsZone-Backup",
    );
    expect(
      policyCoverage(endpoint, [other, assignment({ name: "backup-dns-we", id: `${other.id}-we` })]).kind,
    ).toBe("covered");
  });

  it("says nothing for plans whose zone groups are vaultlink's, and warns when the assignments could not be read", () => {
    const facts = { endpoints: [endpoint], zoneResourceGroupId: undefined, vaultLocation: "westeurope" };
    expect(checkPolicyCoverage({ ...facts, assignments: [], zoneGroups: "create" })).toEqual([]);
    expect(
      codes(checkPolicyCoverage({ ...facts, assignments: undefined, zoneGroups: "policyManaged" })),
    ).toEqual(["backup-dns-policy-unknown"]);
    expect(codes(checkPolicyCoverage({ ...facts, assignments: [], zoneGroups: "policyManaged" }))).toEqual([
      "policy-does-not-cover-endpoint",
    ]);
  });
});
