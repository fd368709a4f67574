import type { SandboxState } from "../src/sandbox/state.js";

/** The one subscription of `largeTenant`. */
export const TENANT_SUBSCRIPTION_ID = "5e0c5b1a-0b6e-4b8e-9d51-2f1c0a9e7d42";

/**
 * A synthetic tenant for benchmarks: one subscription with `vnetCount` virtual networks of `subnetsPerVnet`
 * subnets each, in ARM's GET shape (what the sandbox state file holds). Deterministic: same sizes, same tenant.
 */
export function largeTenant(vnetCount: number, subnetsPerVnet: number): SandboxState {
  const subscriptionId = TENANT_SUBSCRIPTION_ID;
  const resourceGroups = [
    ...Array.from({ length: Math.ceil(vnetCount / 100) }, (_, i) => ({
      name: `rg-network-${String(i).padStart(2, "0")}`,
      location: "westeurope",
    })),
    { name: "rg-backup", location: "westeurope" },
  ];
  const resources = Array.from({ length: vnetCount }, (_, v) => {
    const group = resourceGroups[Math.floor(v / 100)]?.name ?? "rg-network-00";
    const name = `vnet-${String(v).padStart(4, "0")}`;
    const id = `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${name}`;
    // 10.<v/256>.<v%256>.0/16 would overlap; give each VNet its own /16 out of 10.0.0.0/8 and 100.64.0.0/10.
    const secondOctet = v % 256;
    const firstOctet = v < 256 ? 10 : 100 + Math.floor(v / 256);
    return {
      id,
      name,
      type: "Microsoft.Network/virtualNetworks",
      location: "westeurope",
      etag: `W/"${v.toString(16).padStart(8, "0")}-0000-0000-0000-000000000000"`,
      properties: {
        provisioningState: "Succeeded",
        resourceGuid: `00000000-0000-4000-8000-${v.toString(16).padStart(12, "0")}`,
        addressSpace: { addressPrefixes: [`${firstOctet}.${secondOctet}.0.0/16`] },
        subnets: Array.from({ length: subnetsPerVnet }, (_, s) => ({
          id: `${id}/subnets/snet-${String(s).padStart(3, "0")}`,
          name: `snet-${String(s).padStart(3, "0")}`,
          type: "Microsoft.Network/virtualNetworks/subnets",
          etag: `W/"${v.toString(16).padStart(8, "0")}-0000-0000-0000-000000000000"`,
          properties: {
            provisioningState: "Succeeded",
            addressPrefix: `${firstOctet}.${secondOctet}.${s}.0/25`,
            privateEndpointNetworkPolicies: s % 2 === 0 ? "Disabled" : "Enabled",
            privateLinkServiceNetworkPolicies: "Enabled",
          },
        })),
        virtualNetworkPeerings: [],
        enableDdosProtection: false,
      },
    };
  });
  return {
    subscriptions: [
      {
        subscriptionId,
        displayName: "Benchmark",
        tenantId: "6a1f2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        resourceGroups,
      },
    ],
    resources: [...resources, benchVault(subscriptionId)],
  } as SandboxState;
}

/** The tenant's one Recovery Services vault (2026-07-01 GET shape), which the wizard's vault step offers. */
function benchVault(subscriptionId: string) {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-bench`,
    name: "rsv-bench",
    type: "Microsoft.RecoveryServices/vaults",
    location: "westeurope",
    etag: `W/"datetime'2026-09-14T08%3A21%3A37.5170000Z'"`,
    identity: { type: "None" },
    sku: { name: "RS0", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      privateEndpointStateForBackup: "None",
      privateEndpointStateForSiteRecovery: "None",
      publicNetworkAccess: "Enabled",
      backupStorageVersion: "V2",
      redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Disabled" },
    },
  };
}
