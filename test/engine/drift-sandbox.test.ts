import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { observedFactsOf } from "../../src/engine/drift.js";
import { previewPlan } from "../../src/engine/preview.js";
import { readObservedState } from "../../src/engine/read-state.js";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import type { SandboxState } from "../../src/sandbox/state.js";
import { useAdapterSession } from "../azure/sandbox-session.js";

const SPOKE =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu";
const SMALL_SUBNET = `${SPOKE}/subnets/snet-small`;

/** The demo tenant with one more, empty /28 subnet in the West Europe spoke: room for exactly one endpoint. */
function tenantWithSmallSubnet(): SandboxState {
  const state = demoTenant();
  const spoke = state.resources.find((r) => r.id === SPOKE) as
    | { properties: { subnets: unknown[] } }
    | undefined;
  if (spoke === undefined) throw new Error("the demo tenant has no West Europe spoke");
  spoke.properties.subnets.push({
    id: SMALL_SUBNET,
    name: "snet-small",
    type: "Microsoft.Network/virtualNetworks/subnets",
    properties: {
      addressPrefix: "10.1.200.0/28",
      provisioningState: "Succeeded",
      privateEndpointNetworkPolicies: "Disabled",
    },
  });
  return state;
}

/** The custom-DNS example moved to rsv-lrs-weu and the small subnet. */
function planOnSmallSubnet(): Plan {
  const example = JSON.parse(readFileSync("examples/custom-dns.plan.json", "utf8"));
  example.vault = {
    id: "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-lrs-weu",
    location: "westeurope",
  };
  example.endpoints = [
    {
      name: "pe-rsv-lrs-weu-small",
      groupId: "AzureBackup",
      subnetId: SMALL_SUBNET,
      location: "westeurope",
      approval: "auto",
    },
  ];
  return parsePlanText(JSON.stringify(example), "plan");
}

describe("a subnet filled after planning", () => {
  const session = useAdapterSession({ state: tenantWithSmallSubnet() });

  it("stops the apply with a field-level diff, and --refresh shows the endpoint blocked by capacity", async () => {
    const { adapter } = session();
    const draft = planOnSmallSubnet();
    // Planned as the wizard does: with the facts it relied on recorded.
    const plan: Plan = {
      ...draft,
      observed: {
        at: "2026-11-25T10:00:00.000Z",
        resources: observedFactsOf(draft, await readObservedState(adapter, draft)),
      },
    };
    expect((await previewPlan(adapter, plan, { refresh: false })).kind).toBe("ready");

    // Meanwhile another team puts an endpoint of another vault in the same subnet.
    await adapter.createOrUpdatePrivateEndpoint({
      id: "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/privateEndpoints/pe-rsv-dev-elsewhere",
      location: "westeurope",
      subnetId: SMALL_SUBNET,
      vaultId:
        "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu",
      groupId: "AzureBackup",
      approval: { kind: "auto" },
    });

    const stale = await previewPlan(adapter, plan, { refresh: false });
    expect(stale.kind).toBe("stale");
    if (stale.kind !== "stale") return;
    expect(stale.drift).toEqual([
      {
        id: SMALL_SUBNET,
        field: "freeAddresses",
        planned: 11,
        now: 1,
        reason: "the 1 planned endpoint (10 addresses) no longer fits: 1 free",
      },
    ]);

    const refreshed = await previewPlan(adapter, plan, { refresh: true });
    if (refreshed.kind !== "ready") throw new Error("refresh must not report drift");
    const [endpoint] = refreshed.actions;
    expect(endpoint).toMatchObject({
      kind: "blocked",
      resource: "privateEndpoint",
      findings: [{ code: "subnet-too-small" }],
    });
  });

  it("judges the room by 10 + n when the plan names a backup server with n data sources", async () => {
    const { adapter } = session();
    const draft: Plan = {
      ...planOnSmallSubnet(),
      workloads: [{ kind: "mabs", majorVersion: 4, dataSources: 1 }],
    };
    const plan: Plan = {
      ...draft,
      observed: {
        at: "2026-11-25T10:00:00.000Z",
        resources: observedFactsOf(draft, await readObservedState(adapter, draft)),
      },
    };
    // 11 free: exactly 10 + 1.
    expect((await previewPlan(adapter, plan, { refresh: false })).kind).toBe("ready");
    await adapter.createOrUpdatePrivateEndpoint({
      id: "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/privateEndpoints/pe-rsv-dev-elsewhere",
      location: "westeurope",
      subnetId: SMALL_SUBNET,
      vaultId:
        "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu",
      groupId: "AzureBackup",
      approval: { kind: "auto" },
    });
    const stale = await previewPlan(adapter, plan, { refresh: false });
    expect(stale.kind === "stale" && stale.drift.map((d) => d.reason)).toEqual([
      "the 1 planned endpoint (11 addresses, with 1 for the backup server's data sources) no longer fits: 1 free",
    ]);
  });

  it("does not call the plan stale when only its own earlier, interrupted apply changed things", async () => {
    const { adapter } = session();
    const draft = planOnSmallSubnet();
    const plan: Plan = {
      ...draft,
      observed: {
        at: "2026-11-25T10:00:00.000Z",
        resources: observedFactsOf(draft, await readObservedState(adapter, draft)),
      },
    };
    const preview = await previewPlan(adapter, plan, { refresh: false });
    if (preview.kind !== "ready") throw new Error("stale before any change");
    const [endpoint] = preview.actions;
    if (endpoint?.kind !== "create" || endpoint.write.resource !== "privateEndpoint")
      throw new Error("no endpoint to create");
    await adapter.createOrUpdatePrivateEndpoint(endpoint.write.request);

    const again = await previewPlan(adapter, plan, { refresh: false });
    expect(again.kind).toBe("ready");
  });
});
