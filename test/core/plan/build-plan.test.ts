import { describe, expect, it } from "vitest";
import { buildPlan, type PlanChoices, withObserved } from "../../../src/core/plan/build-plan.js";
import { planSchema } from "../../../src/core/plan/plan-schema.js";

const SUB = "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups";
const vault = {
  id: `${SUB}/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu`,
  location: "westeurope",
};
const subnet = (vnet: string, name = "snet-pe") =>
  `${SUB}/rg-net/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;

const choices: PlanChoices = {
  cloud: "AzureCloud",
  vault,
  endpoints: [
    { name: "pe-hub", subnetId: subnet("vnet-hub"), location: "westeurope" },
    { name: "pe-spoke", subnetId: subnet("vnet-spoke"), location: "westeurope" },
  ],
  secondary: null,
  dns: {
    strategy: "privateZones",
    zoneResourceGroupId: `${SUB}/rg-dns`,
    zoneGroups: "create",
    extraLinkedVirtualNetworkIds: [],
  },
  guidance: { publicNetworkAccess: "deny", entraIdOutbound: { mode: "print" } },
  observed: { at: new Date("2026-11-25T09:00:00.000Z"), resources: [] },
};

describe("buildPlan", () => {
  it("turns primary endpoints into auto-approved AzureBackup endpoints of a valid plan", () => {
    const plan = buildPlan(choices);
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(plan.endpoints.map((e) => [e.name, e.groupId, e.approval])).toEqual([
      ["pe-hub", "AzureBackup", "auto"],
      ["pe-spoke", "AzureBackup", "auto"],
    ]);
    expect(plan.secondaryRegion).toBeNull();
    expect(plan.observed.at).toBe("2026-11-25T09:00:00.000Z");
  });

  it("adds the secondary endpoint last and sets secondaryRegion to its region", () => {
    const plan = buildPlan({
      ...choices,
      secondary: { name: "pe-hub-secondary", subnetId: subnet("vnet-hub-neu"), location: "northeurope" },
    });
    expect(plan.secondaryRegion).toBe("northeurope");
    expect(plan.endpoints.at(-1)).toMatchObject({
      groupId: "AzureBackup_secondary",
      location: "northeurope",
    });
  });

  it("refuses choices the schema refuses (duplicate names are a wizard bug)", () => {
    expect(() =>
      buildPlan({
        ...choices,
        endpoints: [choices.endpoints[0], { ...choices.endpoints[1], name: "PE-HUB" }] as never,
      }),
    ).toThrow(/unique per vault/);
  });

  it("records observed facts with withObserved without touching the rest", () => {
    const plan = buildPlan(choices);
    const facts = [{ id: vault.id, etag: null, facts: { exists: true } }];
    const observed = withObserved(plan, new Date("2026-11-26T00:00:00.000Z"), facts);
    expect(observed.observed).toEqual({ at: "2026-11-26T00:00:00.000Z", resources: facts });
    expect(observed.endpoints).toBe(plan.endpoints);
  });
});
