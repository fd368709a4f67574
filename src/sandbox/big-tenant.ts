import type { ArmResource, SandboxState } from "./state.js";

/**
 * `vaultlink sandbox --big-tenant`: an enterprise-sized tenant for benchmarks and for trying the wizard at scale —
 * 500 subscriptions, each with 10 Recovery Services vaults and 10 VNets of 12 subnets (5,000 vaults, 60,000
 * subnets), in ARM's GET shapes. Generated, never random: the same tenant every time.
 */
export const BIG_TENANT_SIZE: TenantSize = {
  subscriptions: 500,
  vaultsPerSubscription: 10,
  vnetsPerSubscription: 10,
  subnetsPerVnet: 12,
};

/** How big a generated tenant is: tests generate smaller ones of the same shape. */
export interface TenantSize {
  readonly subscriptions: number;
  readonly vaultsPerSubscription: number;
  readonly vnetsPerSubscription: number;
  readonly subnetsPerVnet: number;
}

const TENANT_ID = "6a1f2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b";
const REGIONS = ["westeurope", "northeurope"] as const;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A GUID made from a kind and a number (version 4 and variant bits set, so it parses as one). */
function guid(kind: number, n: number): string {
  return `${hex(kind, 8)}-${hex((n >>> 16) & 0xffff, 4)}-4${hex((n >>> 4) & 0xfff, 3)}-8${hex(n & 0xf, 3)}-${hex(n, 12)}`;
}

function vault(subscriptionId: string, s: number, v: number): ArmResource {
  const name = `rsv-${String(s).padStart(3, "0")}-${String(v).padStart(2, "0")}`;
  const location = REGIONS[v % REGIONS.length] as string;
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/${name}`,
    name,
    type: "Microsoft.RecoveryServices/vaults",
    location,
    etag: `W/"datetime'2026-09-14T08%3A21%3A37.5170000Z'"`,
    identity: { type: "None" },
    sku: { name: "RS0", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      privateEndpointStateForBackup: "None",
      privateEndpointStateForSiteRecovery: "None",
      publicNetworkAccess: "Enabled",
      backupStorageVersion: "V2",
      redundancySettings: {
        standardTierStorageRedundancy: v % 3 === 0 ? "LocallyRedundant" : "GeoRedundant",
        crossRegionRestore: v % 2 === 0 ? "Enabled" : "Disabled",
      },
    },
  };
}

function vnet(subscriptionId: string, s: number, n: number, size: TenantSize): ArmResource {
  const name = `vnet-${String(n).padStart(2, "0")}`;
  const id = `/subscriptions/${subscriptionId}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/${name}`;
  // Each VNet its own /20: the first 4,096 in 10.0.0.0/8, the rest in 100.64.0.0/10, so no two overlap.
  const index = s * size.vnetsPerSubscription + n;
  const base =
    index < 4096
      ? [10, index >> 4, (index & 0xf) << 4]
      : [100, 64 + ((index - 4096) >> 4), ((index - 4096) & 0xf) << 4];
  const prefix = (third: number) => `${base[0]}.${base[1]}.${(base[2] as number) + third}`;
  return {
    id,
    name,
    type: "Microsoft.Network/virtualNetworks",
    location: REGIONS[n % REGIONS.length] as string,
    etag: `W/"${guid(2, index)}"`,
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: guid(3, index),
      addressSpace: { addressPrefixes: [`${prefix(0)}.0/20`] },
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
      subnets: Array.from({ length: size.subnetsPerVnet }, (_, k) => ({
        id: `${id}/subnets/snet-${String(k).padStart(2, "0")}`,
        name: `snet-${String(k).padStart(2, "0")}`,
        type: "Microsoft.Network/virtualNetworks/subnets",
        etag: `W/"${guid(2, index)}"`,
        properties: {
          provisioningState: "Succeeded",
          addressPrefix: `${prefix(k)}.0/24`,
          privateEndpointNetworkPolicies: k % 2 === 0 ? "Disabled" : "Enabled",
          privateLinkServiceNetworkPolicies: "Enabled",
        },
      })),
    },
  };
}

/** The big tenant's state, as `--state` would load it; `size` makes a smaller (or larger) one of the same shape. */
export function bigTenant(size: TenantSize = BIG_TENANT_SIZE): SandboxState {
  const subscriptions: SandboxState["subscriptions"] = [];
  const resources: ArmResource[] = [];
  for (let s = 0; s < size.subscriptions; s++) {
    const subscriptionId = guid(1, s);
    subscriptions.push({
      subscriptionId,
      displayName: `Landing zone ${String(s).padStart(3, "0")}`,
      tenantId: TENANT_ID,
      resourceGroups: [
        { name: "rg-backup", location: "westeurope" },
        { name: "rg-network", location: "westeurope" },
      ],
    });
    for (let v = 0; v < size.vaultsPerSubscription; v++) resources.push(vault(subscriptionId, s, v));
    for (let n = 0; n < size.vnetsPerSubscription; n++) resources.push(vnet(subscriptionId, s, n, size));
  }
  return { subscriptions, resources };
}
