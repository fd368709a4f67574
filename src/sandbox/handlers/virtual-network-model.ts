import { randomUUID } from "node:crypto";
import { arrayAt, objectAt } from "../arm-resource.js";
import { parentResourceNotFound, resourceNotFound } from "../errors.js";
import { parseResourceId, sameId } from "../resource-path.js";
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

export function requireVnet(store: ResourceStore, id: string, nested: boolean): ArmResource {
  const vnet = store.get(id);
  if (vnet) return vnet;
  const parts = parseResourceId(id);
  throw nested
    ? parentResourceNotFound(parts?.name ?? id)
    : resourceNotFound(VNET_TYPE, parts?.name ?? id, parts?.resourceGroup ?? "");
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
  const parts = parseResourceId(subnetId);
  if (!parts?.parentId || parts.type.toLowerCase() !== SUBNET_TYPE.toLowerCase()) return undefined;
  const vnet = store.get(parts.parentId);
  if (!vnet) return undefined;
  const subnet = subnetsOf(vnet).find((s) => typeof s.id === "string" && sameId(s.id, subnetId));
  return subnet ? { vnet, subnet: subnet as ArmResource } : undefined;
}

/** Builds the stored subnet from a request's subnet, keeping what the service owns from `previous`. */
export function subnetFromRequest(
  vnet: string,
  name: string,
  request: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  provisioningState: string,
): Record<string, unknown> {
  const asked = { ...objectAt(request.properties) };
  for (const key of SERVER_OWNED) delete asked[key];
  const kept = objectAt(previous?.properties);
  return {
    id: `${vnet}/subnets/${name}`,
    name,
    type: SUBNET_TYPE,
    etag: `W/"${randomUUID()}"`,
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

export function newResourceGuid(): string {
  return randomUUID();
}
