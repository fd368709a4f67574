import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SUB_CONNECTIVITY, SUB_PROD } from "../../src/sandbox/demo-network.js";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import type { ArmResource, SandboxState } from "../../src/sandbox/state.js";

/**
 * The demo tenant changed the way a locked-down hub-and-spoke network is: the hub's endpoint subnet has private
 * endpoint network policies Enabled and an NSG that denies inbound traffic except from the app subnet, and the SQL
 * subnet of the spoke sends everything (0.0.0.0/0 and the hub's range) to the hub's Azure Firewall.
 */
export const HUB_RG = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu`;
export const SPOKE_RG = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu`;
export const HUB_VNET = `${HUB_RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
export const SPOKE_VNET = `${SPOKE_RG}/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu`;
export const PE_NSG = `${HUB_RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-pe-hub-weu`;
export const SPOKE_ROUTES = `${SPOKE_RG}/providers/Microsoft.Network/routeTables/rt-spoke-app-weu`;
export const LRS_VAULT = `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-lrs-weu`;

function subnetOf(
  state: SandboxState,
  vnetId: string,
  name: string,
): { properties: Record<string, unknown> } {
  const vnet = state.resources.find((r) => r.id === vnetId) as ArmResource;
  const subnets = (vnet.properties as { subnets: { name: string; properties: Record<string, unknown> }[] })
    .subnets;
  return subnets.find((s) => s.name === name) as { properties: Record<string, unknown> };
}

const inbound = (name: string, priority: number, access: string, source: string) => ({
  id: `${PE_NSG}/securityRules/${name}`,
  name,
  type: "Microsoft.Network/networkSecurityGroups/securityRules",
  properties: {
    provisioningState: "Succeeded",
    protocol: "*",
    sourceAddressPrefix: source,
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    destinationPortRange: "*",
    access,
    priority,
    direction: "Inbound",
  },
});

export function lockedDownTenant(): SandboxState {
  const state = demoTenant();
  const peSubnet = subnetOf(state, HUB_VNET, "snet-privateendpoints");
  peSubnet.properties.privateEndpointNetworkPolicies = "Enabled";
  peSubnet.properties.networkSecurityGroup = { id: PE_NSG };
  subnetOf(state, SPOKE_VNET, "snet-sql").properties.routeTable = { id: SPOKE_ROUTES };
  state.resources.push(
    {
      id: PE_NSG,
      name: "nsg-snet-pe-hub-weu",
      type: "Microsoft.Network/networkSecurityGroups",
      location: "westeurope",
      properties: {
        provisioningState: "Succeeded",
        securityRules: [
          inbound("Allow-App-Inbound", 100, "Allow", "10.1.1.0/27"),
          inbound("Deny-All-Inbound", 4000, "Deny", "*"),
        ],
      },
    },
    {
      id: SPOKE_ROUTES,
      name: "rt-spoke-app-weu",
      type: "Microsoft.Network/routeTables",
      location: "westeurope",
      properties: {
        routes: [
          {
            id: `${SPOKE_ROUTES}/routes/default-to-firewall`,
            name: "default-to-firewall",
            properties: {
              addressPrefix: "0.0.0.0/0",
              nextHopType: "VirtualAppliance",
              nextHopIpAddress: "10.0.0.68",
            },
          },
          {
            id: `${SPOKE_ROUTES}/routes/hub-to-firewall`,
            name: "hub-to-firewall",
            properties: {
              addressPrefix: "10.0.0.0/22",
              nextHopType: "VirtualAppliance",
              nextHopIpAddress: "10.0.0.68",
            },
          },
        ],
      },
    },
  );
  return state;
}

/** A plan with one endpoint in the hub for rsv-lrs-weu, zones in rg-private-dns, linked to the hub only. */
export function hubOnlyPlan(overrides: { zoneGroups?: "create" | "policyManaged" } = {}): unknown {
  return {
    version: 1,
    cloud: "AzureCloud",
    vault: { id: LRS_VAULT, location: "westeurope" },
    endpoints: [
      {
        name: "pe-rsv-lrs-weu-hub-backup",
        groupId: "AzureBackup",
        subnetId: `${HUB_VNET}/subnets/snet-privateendpoints`,
        location: "westeurope",
        approval: "auto",
      },
    ],
    secondaryRegion: null,
    dns: {
      strategy: "privateZones",
      zoneResourceGroupId: `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns`,
      zoneGroups: overrides.zoneGroups ?? "create",
      extraLinkedVirtualNetworkIds: [],
    },
    guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
    observed: { at: "2026-11-25T09:00:00.000Z", resources: [] },
  };
}

export async function writeJson(directory: string, name: string, value: unknown): Promise<string> {
  const file = join(directory, name);
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, "utf8");
  return file;
}

export const PROD_VAULT = `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu`;
export const ZONES_RG = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns`;
export const BACKUP_DNS_POLICY =
  "/providers/Microsoft.Authorization/policyDefinitions/af783da1-4ad1-42be-800d-d19c70038820";
const zone = (name: string) => `${ZONES_RG}/providers/Microsoft.Network/privateDnsZones/${name}`;

/** An assignment of the built-in backup DNS policy at a resource group, naming one region's backup zone. */
function backupDnsAssignment(resourceGroupId: string, name: string, geo: string): ArmResource {
  return {
    id: `${resourceGroupId}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    type: "Microsoft.Authorization/policyAssignments",
    location: "westeurope",
    properties: {
      displayName: `Backup private DNS zones (${geo})`,
      policyDefinitionId: BACKUP_DNS_POLICY,
      enforcementMode: "Default",
      parameters: {
        "privateDnsZone-Backup": { value: zone(`privatelink.${geo}.backup.windowsazure.com`) },
        "privateDnsZone-Blob": { value: zone("privatelink.blob.core.windows.net") },
        "privateDnsZone-Queue": { value: zone("privatelink.queue.core.windows.net") },
      },
    },
  };
}

/**
 * The locked-down tenant where Azure Policy manages zone groups: the hub's resource group has the built-in policy
 * assigned with West Europe's zones, the spoke's with North Europe's (an assignment made for the other region).
 */
export function policyTenant(): SandboxState {
  const state = lockedDownTenant();
  state.resources.push(
    backupDnsAssignment(HUB_RG, "backup-dns-we", "we"),
    backupDnsAssignment(SPOKE_RG, "backup-dns-ne", "ne"),
  );
  return state;
}

/** rsv-prod-weu with endpoints in the hub and the spoke, a secondary in the paired hub, zone groups by policy. */
export function policyManagedPlan(): unknown {
  return {
    version: 1,
    cloud: "AzureCloud",
    vault: { id: PROD_VAULT, location: "westeurope" },
    endpoints: [
      {
        name: "pe-rsv-prod-weu-hub",
        groupId: "AzureBackup",
        subnetId: `${HUB_VNET}/subnets/snet-privateendpoints`,
        location: "westeurope",
        approval: "auto",
      },
      {
        name: "pe-rsv-prod-weu-spoke",
        groupId: "AzureBackup",
        subnetId: `${SPOKE_VNET}/subnets/snet-privateendpoints`,
        location: "westeurope",
        approval: "auto",
      },
      {
        name: "pe-rsv-prod-weu-secondary",
        groupId: "AzureBackup_secondary",
        subnetId: `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-neu/providers/Microsoft.Network/virtualNetworks/vnet-hub-neu/subnets/snet-privateendpoints`,
        location: "northeurope",
        approval: "auto",
      },
    ],
    secondaryRegion: "northeurope",
    dns: {
      strategy: "privateZones",
      zoneResourceGroupId: ZONES_RG,
      zoneGroups: "policyManaged",
      extraLinkedVirtualNetworkIds: [],
    },
    guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
    observed: { at: "2026-11-25T09:00:00.000Z", resources: [] },
  };
}
