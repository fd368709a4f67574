import { createHash } from "node:crypto";
import { parseResourceId, privateEndpointId, type ResourceGroupRef } from "../core/arm-id.js";
import type {
  PrivateDnsZoneGroupRequest,
  PrivateEndpointRequest,
  VirtualNetworkLinkRequest,
} from "../core/inventory.js";
import { zoneNamesOf } from "../core/plan/endpoint-zones.js";
import type { EndpointPlan, Plan } from "../core/plan/plan-schema.js";

/**
 * What a plan asks Azure to hold, resource by resource, named by the ids the resources will have. Pure: the same
 * plan always yields the same ids and names, which is what makes a re-run converge instead of duplicating.
 */
export interface DesiredState {
  readonly vaultId: string;
  readonly endpoints: readonly DesiredEndpoint[];
  /** The resource group of the private DNS zones; undefined when DNS is kept outside Azure. */
  readonly zoneResourceGroupId: string | undefined;
  /** Empty when the DNS strategy keeps records outside Azure (custom DNS, hosts file). */
  readonly zones: readonly DesiredZone[];
  readonly links: readonly VirtualNetworkLinkRequest[];
  readonly zoneGroups: readonly PrivateDnsZoneGroupRequest[];
  readonly publicNetworkAccess: "Disabled" | "unchanged";
}

export interface DesiredEndpoint {
  readonly plan: EndpointPlan;
  readonly request: PrivateEndpointRequest;
  /**
   * The zones this endpoint's names live in: blob, queue and the backup zone of the region it serves (the vault's
   * for AzureBackup, the paired one for AzureBackup_secondary), whatever its `location` says.
   */
  readonly zoneNames: readonly string[];
}

export interface DesiredZone {
  readonly id: string;
  readonly name: string;
}

/** The portal's name for the zone group it adds; reusing it means a portal-made group is recognised as ours. */
const ZONE_GROUP_NAME = "default";

function scopeOf(id: string): ResourceGroupRef {
  const parsed = parseResourceId(id);
  if (parsed.kind === "subscription" || parsed.resourceGroup === undefined) {
    throw new Error(`${id} has no resource group`);
  }
  return { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup };
}

/** The VNet id of a subnet id. */
export function virtualNetworkIdOf(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, "");
}

/**
 * A link name per (zone, VNet): the VNet's name plus a short hash of its full id, because two VNets in different
 * subscriptions may share a name and link names are unique per zone. Limit: 80 characters (naming rules).
 */
export function linkNameFor(virtualNetworkId: string): string {
  const vnetName = parseResourceId(virtualNetworkId).name;
  const hash = createHash("sha256").update(virtualNetworkId.toLowerCase()).digest("hex").slice(0, 8);
  return `${vnetName.slice(0, 80 - hash.length - 1)}-${hash}`;
}

/** `privatelink.we.backup.windowsazure.com` -> `privatelink-we-backup-windowsazure-com`, as the portal names configs. */
function zoneConfigName(zoneName: string): string {
  return zoneName.replaceAll(".", "-");
}

/** Where the plan keeps its records in Azure Private DNS, if it does, and whether endpoints get zone groups. */
interface AzureZones {
  readonly resourceGroupId: string;
  /** Which endpoints get a zone group from vaultlink. */
  readonly createZoneGroups: "all" | "secondaryOnly";
  readonly extraLinkedVirtualNetworkIds: readonly string[];
}

function azureZonesOf(plan: Plan): AzureZones | undefined {
  switch (plan.dns.strategy) {
    case "privateZones":
      return {
        resourceGroupId: plan.dns.zoneResourceGroupId,
        // The built-in "Configure Recovery Services vaults to use private DNS zones for backup" policy (and the Azure
        // Landing Zones initiative that assigns it) matches group id AzureBackup only: with policy-managed zone groups
        // the secondary endpoints still need theirs from vaultlink.
        createZoneGroups: plan.dns.zoneGroups === "create" ? "all" : "secondaryOnly",
        extraLinkedVirtualNetworkIds: plan.dns.extraLinkedVirtualNetworkIds,
      };
    case "conditionalForwarder":
      // Forwarders to 168.63.129.16 resolve through zones linked to the forwarder's VNet: those zones need records,
      // which zone groups keep current.
      return plan.dns.zoneResourceGroupId === undefined
        ? undefined
        : {
            resourceGroupId: plan.dns.zoneResourceGroupId,
            createZoneGroups: "all",
            extraLinkedVirtualNetworkIds: [],
          };
    case "customDns":
    case "hostsFile":
      return undefined;
  }
}

export function desiredStateOf(plan: Plan): DesiredState {
  const endpoints = plan.endpoints.map((endpoint): DesiredEndpoint => {
    const zones = zoneNamesOf(plan, endpoint.groupId);
    return {
      plan: endpoint,
      zoneNames: [zones.backup, zones.blob, zones.queue],
      request: {
        id: privateEndpointId(scopeOf(endpoint.subnetId), endpoint.name).id,
        location: endpoint.location,
        subnetId: endpoint.subnetId,
        vaultId: plan.vault.id,
        groupId: endpoint.groupId,
        approval:
          endpoint.approval === "auto"
            ? { kind: "auto" }
            : {
                kind: "manual",
                requestMessage: `Azure Backup private endpoint ${endpoint.name}, requested with vaultlink.`,
              },
      },
    };
  });

  const azureZones = azureZonesOf(plan);
  const zoneNames = [...new Set(endpoints.flatMap((endpoint) => endpoint.zoneNames))].sort();
  const zones =
    azureZones === undefined
      ? []
      : zoneNames.map((name) => ({
          name,
          id: `${azureZones.resourceGroupId}/providers/Microsoft.Network/privateDnsZones/${name}`,
        }));
  const zoneIdByName = new Map(zones.map((zone) => [zone.name, zone.id]));

  const linkedNetworks = new Map<string, string>();
  for (const endpoint of plan.endpoints) {
    const vnetId = virtualNetworkIdOf(endpoint.subnetId);
    linkedNetworks.set(vnetId.toLowerCase(), vnetId);
  }
  for (const vnetId of azureZones?.extraLinkedVirtualNetworkIds ?? [])
    linkedNetworks.set(vnetId.toLowerCase(), vnetId);
  const links = zones.flatMap((zone) =>
    [...linkedNetworks.values()].map(
      (virtualNetworkId): VirtualNetworkLinkRequest => ({
        id: `${zone.id}/virtualNetworkLinks/${linkNameFor(virtualNetworkId)}`,
        virtualNetworkId,
        // Auto-registration would put the VMs' own names in the privatelink zones; these zones hold endpoints only.
        registrationEnabled: false,
      }),
    ),
  );

  const zoneGroups =
    azureZones !== undefined
      ? endpoints
          .filter((e) => azureZones.createZoneGroups === "all" || e.plan.groupId === "AzureBackup_secondary")
          .map(
            (endpoint): PrivateDnsZoneGroupRequest => ({
              privateEndpointId: endpoint.request.id,
              name: ZONE_GROUP_NAME,
              zones: endpoint.zoneNames.map((name) => ({
                configName: zoneConfigName(name),
                privateDnsZoneId: zoneIdByName.get(name) ?? "",
              })),
            }),
          )
      : [];

  return {
    vaultId: plan.vault.id,
    endpoints,
    zoneResourceGroupId: azureZones?.resourceGroupId,
    zones,
    links,
    zoneGroups,
    publicNetworkAccess: plan.guidance.publicNetworkAccess === "deny" ? "Disabled" : "unchanged",
  };
}
