import type { Plan } from "../../src/core/plan/plan-schema.js";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import type { ArmResource, SandboxState } from "../../src/sandbox/state.js";

/**
 * A tenant for fleet tests: `subscriptions` subscriptions, each with `vaultsPerSubscription` never-used Recovery
 * Services vaults (the demo tenant's eligible vault, renamed) and one VNet with a /25 endpoint subnet per vault.
 * Private DNS zones live in the first subscription's rg-dns, as a hub team keeps them. Deterministic: same sizes,
 * same tenant and plans.
 */
export interface FleetTenant {
  readonly state: SandboxState;
  readonly plans: readonly { readonly name: string; readonly plan: Plan }[];
}

const TENANT_ID = "6a1f2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b";

export function subscriptionIdOf(index: number): string {
  return `5e0c5b1a-0b6e-4b8e-9d51-${String(index).padStart(12, "0")}`;
}

function rg(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

function eligibleVault(): ArmResource {
  const vault = demoTenant().resources.find(
    (r) => r.type === "Microsoft.RecoveryServices/vaults" && r.name === "rsv-prod-weu",
  );
  if (vault === undefined) throw new Error("the demo tenant has no rsv-prod-weu");
  return vault;
}

export function endpointIdOf(subscription: number, vault: number): string {
  return `${rg(subscriptionIdOf(subscription), "rg-network")}/providers/Microsoft.Network/privateEndpoints/pe-rsv-fleet-${subscription}-${vault}`;
}

export function fleetTenant(subscriptions: number, vaultsPerSubscription: number): FleetTenant {
  const template = eligibleVault();
  const resources: ArmResource[] = [];
  const plans: { name: string; plan: Plan }[] = [];
  const dnsGroup = rg(subscriptionIdOf(0), "rg-dns");
  for (let s = 0; s < subscriptions; s++) {
    const subscriptionId = subscriptionIdOf(s);
    const vnetId = `${rg(subscriptionId, "rg-network")}/providers/Microsoft.Network/virtualNetworks/vnet-fleet-${s}`;
    resources.push({
      id: vnetId,
      name: `vnet-fleet-${s}`,
      type: "Microsoft.Network/virtualNetworks",
      location: "westeurope",
      etag: `W/"00000000-0000-4000-8000-${String(s).padStart(12, "0")}"`,
      properties: {
        provisioningState: "Succeeded",
        resourceGuid: `00000000-0000-4000-9000-${String(s).padStart(12, "0")}`,
        addressSpace: { addressPrefixes: [`10.${s}.0.0/16`] },
        subnets: Array.from({ length: vaultsPerSubscription }, (_, v) => ({
          id: `${vnetId}/subnets/snet-pe-${v}`,
          name: `snet-pe-${v}`,
          type: "Microsoft.Network/virtualNetworks/subnets",
          etag: `W/"00000000-0000-4000-8000-${String(s).padStart(12, "0")}"`,
          properties: {
            provisioningState: "Succeeded",
            addressPrefix: `10.${s}.${v}.0/25`,
            privateEndpointNetworkPolicies: "Disabled",
            privateLinkServiceNetworkPolicies: "Enabled",
          },
        })),
        virtualNetworkPeerings: [],
        enableDdosProtection: false,
      },
    });
    for (let v = 0; v < vaultsPerSubscription; v++) {
      const name = `rsv-fleet-${s}-${v}`;
      const vaultId = `${rg(subscriptionId, "rg-backup")}/providers/Microsoft.RecoveryServices/vaults/${name}`;
      resources.push({ ...structuredClone(template), id: vaultId, name });
      // Two vaults per subscription keep their records in the hub's private DNS zones (they share those zones,
      // so a fleet must not write them from two plans at once); the others use the company's own DNS servers.
      const privateZones = v < 2;
      plans.push({
        name: `${name}.plan.json`,
        plan: {
          version: 1,
          cloud: "AzureCloud",
          vault: { id: vaultId, location: "westeurope" },
          endpoints: [
            {
              name: `pe-rsv-fleet-${s}-${v}`,
              groupId: "AzureBackup",
              subnetId: `${vnetId}/subnets/snet-pe-${v}`,
              location: "westeurope",
              approval: "auto",
            },
          ],
          secondaryRegion: null,
          dns: privateZones
            ? {
                strategy: "privateZones",
                zoneResourceGroupId: dnsGroup,
                zoneGroups: "create",
                extraLinkedVirtualNetworkIds: [],
              }
            : { strategy: "customDns", serverKind: "bind" },
          guidance: {
            publicNetworkAccess: v % 2 === 0 ? "deny" : "keep",
            entraIdOutbound: { mode: "print" },
          },
          observed: { at: "2026-11-25T09:00:00.000Z", resources: [] },
        },
      });
    }
  }
  return {
    state: {
      subscriptions: Array.from({ length: subscriptions }, (_, s) => ({
        subscriptionId: subscriptionIdOf(s),
        displayName: `Fleet ${s}`,
        tenantId: TENANT_ID,
        resourceGroups: [
          { name: "rg-backup", location: "westeurope" },
          { name: "rg-network", location: "westeurope" },
          ...(s === 0 ? [{ name: "rg-dns", location: "westeurope" }] : []),
        ],
      })),
      resources,
    },
    plans,
  };
}
