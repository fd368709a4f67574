import { arrayAt, objectAt, requireResourceGroup } from "../arm-resource.js";
import type { RequestContext, RouteParams } from "../context.js";
import { invalidResourceReference, parentResourceNotFound, resourceNotFound } from "../errors.js";
import { parseResourceId, sameResourceId } from "../resource-ids.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";

/**
 * Virtual networks hold their subnets and peerings inline, as ARM's VirtualNetworks_Get returns them,
 * so a VNet copied from `az network vnet show` is one resource in the state file.
 */
export const VNET_TYPE = "Microsoft.Network/virtualNetworks";
export const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
export const PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";

/** Properties the service owns; a PUT body never sets them. */
const SERVER_OWNED = ["provisioningState", "ipConfigurations", "privateEndpoints", "purpose", "resourceGuid"];

export function vnetId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${VNET_TYPE}/${name}`;
}

/** The VNet a route names, or ARM's 404s (resource group first, then the VNet, as ARM checks them). */
export function requireVnet(ctx: RequestContext, p: RouteParams, nested: boolean): ArmResource {
  const subscriptionId = p.subscriptionId ?? "";
  const resourceGroup = p.resourceGroupName ?? "";
  const name = p.virtualNetworkName ?? "";
  requireResourceGroup(ctx, subscriptionId, resourceGroup);
  const vnet = ctx.store.get(vnetId(subscriptionId, resourceGroup, name));
  if (vnet) return vnet;
  throw nested ? parentResourceNotFound(name) : resourceNotFound(VNET_TYPE, name, resourceGroup);
}

export function subnetsOf(vnet: ArmResource): Record<string, unknown>[] {
  return arrayAt(objectAt(vnet.properties).subnets);
}

export function peeringsOf(vnet: ArmResource): Record<string, unknown>[] {
  return arrayAt(objectAt(vnet.properties).virtualNetworkPeerings);
}

/** A subnet by its full id, with the VNet that holds it. */
export function findSubnet(
  store: ResourceStore,
  subnetId: string,
): { vnet: ArmResource; subnet: ArmResource } | undefined {
  // A request body's `subnet.id` that is not an id at all refers to no subnet, as ARM answers it.
  const parts = parseResourceId(subnetId);
  if ("problem" in parts || parts.fullType.toLowerCase() !== SUBNET_TYPE.toLowerCase()) return undefined;
  const vnet = store.get(parts.parentId);
  if (!vnet) return undefined;
  const subnet = subnetsOf(vnet).find((s) => typeof s.id === "string" && sameResourceId(s.id, subnetId));
  return subnet ? { vnet, subnet: subnet as ArmResource } : undefined;
}

/**
 * Builds the stored subnet from a request's subnet, keeping what the service owns from `previous`. A
 * `networkSecurityGroup` must name an NSG that exists (the Network RP's InvalidResourceReference otherwise).
 */
export function subnetFromRequest(
  store: ResourceStore,
  vnet: string,
  name: string,
  request: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  provisioningState: string,
): Record<string, unknown> {
  const asked = { ...objectAt(request.properties) };
  for (const key of SERVER_OWNED) delete asked[key];
  const kept = objectAt(previous?.properties);
  const id = `${vnet}/subnets/${name}`;
  const nsg = objectAt(asked.networkSecurityGroup).id;
  // Only the reference is kept: the NSG's own GET is where its rules are read.
  if (asked.networkSecurityGroup !== undefined && asked.networkSecurityGroup !== null) {
    if (typeof nsg !== "string" || !store.get(nsg)) throw invalidResourceReference(String(nsg), id);
    asked.networkSecurityGroup = { id: nsg };
  }
  return {
    id,
    name,
    type: SUBNET_TYPE,
    etag: store.weakEtag(),
    properties: {
      // Newer network api-versions default private endpoint network policies to Disabled
      // (DOMAIN-FACTS "Subnets"); the sandbox answers in the current shape whatever version was sent.
      privateEndpointNetworkPolicies: "Disabled",
      privateLinkServiceNetworkPolicies: "Enabled",
      delegations: [],
      ...asked,
      provisioningState,
      ...(kept.ipConfigurations === undefined ? {} : { ipConfigurations: kept.ipConfigurations }),
      ...(kept.privateEndpoints === undefined ? {} : { privateEndpoints: kept.privateEndpoints }),
    },
  };
}

/** Sets provisioningState on the VNet and everything inline in it (the LRO's completion). */
export function settleVnet(store: ResourceStore, id: string, state: string): void {
  const vnet = store.get(id);
  if (!vnet) return;
  const props = objectAt(vnet.properties);
  props.provisioningState = state;
  for (const child of [...subnetsOf(vnet), ...peeringsOf(vnet)])
    objectAt(child.properties).provisioningState = state;
}

/** Writes the VNet back with a fresh etag (any change to an inline child changes the VNet's etag too). */
export function saveVnet(store: ResourceStore, vnet: ArmResource): ArmResource {
  return store.put(vnet, "weak");
}

/**
 * The subnets whose `networkSecurityGroup` is this NSG: what the Network RP returns as the NSG's read-only
 * `properties.subnets` (network 2026-01-01 NetworkSecurityGroupPropertiesFormat), derived on every read so the
 * two sides never disagree.
 */
export function subnetsUsingSecurityGroup(store: ResourceStore, nsgId: string): string[] {
  const ids: string[] = [];
  for (const vnet of store.listAllOfType(VNET_TYPE)) {
    for (const subnet of subnetsOf(vnet)) {
      const nsg = objectAt(objectAt(subnet.properties).networkSecurityGroup).id;
      if (typeof nsg === "string" && sameResourceId(nsg, nsgId)) ids.push(String(subnet.id));
    }
  }
  return ids;
}
