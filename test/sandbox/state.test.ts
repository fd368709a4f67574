import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import { SandboxInputError } from "../../src/sandbox/sandbox-error.js";
import { startSandbox } from "../../src/sandbox/server.js";
import {
  loadSandboxState,
  parseSandboxState,
  type SandboxState,
  sandboxStateJsonSchema,
  saveSandboxState,
} from "../../src/sandbox/state.js";
import {
  arm,
  createEndpoint,
  endpointBody,
  ManualClock,
  NETWORK,
  PROD_SPOKE,
  VAULTS,
} from "./arm-requests.js";

const SPOKE_SUBNETS = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets`;

const SUB = "00000000-0000-0000-0000-000000000001";
const TENANT = "00000000-0000-0000-0000-0000000000aa";

/** One vault as `az backup vault show -o json` prints it and one VNet as `az network vnet show` does. */
const handWritten: SandboxState = {
  subscriptions: [
    {
      subscriptionId: SUB,
      displayName: "Hand written",
      tenantId: TENANT,
      resourceGroups: [{ name: "rg-one", location: "uksouth" }],
    },
  ],
  resources: [
    {
      etag: "W/\"datetime'2025-03-04T10%3A11%3A12.1234567Z'\"",
      id: `/subscriptions/${SUB}/resourceGroups/rg-one/providers/Microsoft.RecoveryServices/vaults/rsv-one`,
      identity: { principalId: null, tenantId: null, type: "None", userAssignedIdentities: null },
      location: "uksouth",
      name: "rsv-one",
      properties: {
        backupStorageVersion: "V2",
        bcdrSecurityLevel: "Fair",
        encryption: null,
        moveState: "Unknown",
        privateEndpointConnections: null,
        privateEndpointStateForBackup: "None",
        privateEndpointStateForSiteRecovery: "None",
        provisioningState: "Succeeded",
        publicNetworkAccess: "Enabled",
        redundancySettings: { crossRegionRestore: "Disabled", standardTierStorageRedundancy: "GeoRedundant" },
        secureScore: "Minimum",
      },
      resourceGroup: "rg-one",
      sku: { capacity: null, family: null, name: "RS0", size: null, tier: "Standard" },
      systemData: null,
      tags: null,
      type: "Microsoft.RecoveryServices/vaults",
    },
    {
      etag: 'W/"5a1b8f6e-1111-2222-3333-444455556666"',
      id: `/subscriptions/${SUB}/resourceGroups/rg-one/providers/Microsoft.Network/virtualNetworks/vnet-one`,
      location: "uksouth",
      name: "vnet-one",
      properties: {
        addressSpace: { addressPrefixes: ["10.9.0.0/24"] },
        enableDdosProtection: false,
        provisioningState: "Succeeded",
        resourceGuid: "0d6c7f0e-aaaa-bbbb-cccc-ddddeeeeffff",
        subnets: [
          {
            etag: 'W/"5a1b8f6e-1111-2222-3333-444455556666"',
            id: `/subscriptions/${SUB}/resourceGroups/rg-one/providers/Microsoft.Network/virtualNetworks/vnet-one/subnets/snet-pe`,
            name: "snet-pe",
            properties: {
              addressPrefix: "10.9.0.0/25",
              privateEndpointNetworkPolicies: "Disabled",
              provisioningState: "Succeeded",
            },
            type: "Microsoft.Network/virtualNetworks/subnets",
          },
        ],
        virtualNetworkPeerings: [],
      },
      type: "Microsoft.Network/virtualNetworks",
    },
  ],
};

describe("the sandbox state file", () => {
  it("loads back identically what the sandbox saved, after it has changed the tenant", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vaultlink-state-"));
    const sandbox = await startSandbox();
    await arm(sandbox, "PUT", "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourcegroups/rg-added", {
      apiVersion: "2024-03-01",
      body: { location: "westeurope" },
    });
    const before = sandbox.snapshot();
    await sandbox.close();
    const file = join(dir, "state.json");
    await saveSandboxState(file, before);
    expect(await loadSandboxState(file)).toEqual(before);
  });

  it("serves a hand-written state with one real-shaped vault and one VNet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vaultlink-state-"));
    const file = join(dir, "hand.json");
    await writeFile(file, JSON.stringify(handWritten), "utf8");
    const sandbox = await startSandbox({ state: await loadSandboxState(file) });
    try {
      const vaults = await arm(
        sandbox,
        "GET",
        `/subscriptions/${SUB}/providers/Microsoft.RecoveryServices/vaults`,
        { apiVersion: VAULTS },
      );
      expect(vaults.body.value.map((v: { name: string }) => v.name)).toEqual(["rsv-one"]);
      const subnet = await arm(
        sandbox,
        "GET",
        `/subscriptions/${SUB}/resourceGroups/rg-one/providers/Microsoft.Network/virtualNetworks/vnet-one/subnets/snet-pe`,
        {
          apiVersion: NETWORK,
        },
      );
      expect(subnet.body.properties.addressPrefix).toBe("10.9.0.0/25");
    } finally {
      await sandbox.close();
    }
  });

  it("says which field is wrong in a bad state file", async () => {
    const bad = structuredClone(handWritten);
    (bad.resources[0] as { type: string }).type = "Microsoft.RecoveryServices/vault";
    expect(() => parseSandboxState(bad, "hand.json")).toThrow(/hand\.json: resources\.0\.type: type must be/);
    const orphan = structuredClone(handWritten);
    orphan.subscriptions[0]?.resourceGroups.splice(0, 1);
    expect(() => parseSandboxState(orphan, "x.json")).toThrow(SandboxInputError);
    const dir = await mkdtemp(join(tmpdir(), "vaultlink-state-"));
    await writeFile(join(dir, "broken.json"), "{", "utf8");
    await expect(loadSandboxState(join(dir, "broken.json"))).rejects.toThrow(/not valid JSON/);
  });

  it("has a demo tenant that passes its own schema, with stable subscription and tenant ids", () => {
    const demo = demoTenant();
    expect(parseSandboxState(demo, "demo")).toEqual(demo);
    expect(demo.subscriptions.map((s) => s.subscriptionId)).toEqual([
      "7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e",
      "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b",
      "c4b3a291-0f8e-4d7c-b6a5-948372615f0e",
    ]);
  });

  it("has a demo tenant that is the same value on every call, generated ids and etags included", () => {
    const first = JSON.stringify(demoTenant());
    expect(JSON.stringify(demoTenant())).toBe(first);
    const nic = demoTenant().resources.find((r) => r.name.startsWith("pe-rsv-legacy-weu.nic."));
    expect(nic?.name).toMatch(
      /^pe-rsv-legacy-weu\.nic\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("answers the same ids to the same requests when started with the same seed", async () => {
    const snapshots = [];
    for (const seed of ["golden", "golden", "other"]) {
      const clock = new ManualClock();
      const sandbox = await startSandbox({ seed, clock: clock.read });
      const pe = `${PROD_SPOKE}/privateEndpoints/pe-rsv-prod-weu`;
      expect(
        await createEndpoint(
          sandbox,
          pe,
          endpointBody("rsv-prod-weu", `${SPOKE_SUBNETS}/snet-privateendpoints`),
        ),
      ).toBe("Succeeded");
      snapshots.push(JSON.stringify(sandbox.snapshot()));
      await sandbox.close();
    }
    expect(snapshots[1]).toBe(snapshots[0]);
    expect(snapshots[2]).not.toBe(snapshots[0]);
  });

  it("keeps schema/sandbox-state.json in line with the zod schema", async () => {
    const file = new URL("../../schema/sandbox-state.json", import.meta.url);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(sandboxStateJsonSchema());
  });
});
