import { ResourceType } from "../core/arm-id.js";
import type {
  NetworkSecurityGroup,
  PrivateDnsZoneGroup,
  PrivateEndpoint,
  Subnet,
  VirtualNetwork,
} from "../core/inventory.js";
import { armCall, armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import {
  toNetworkSecurityGroup,
  toPrivateDnsZoneGroup,
  toPrivateEndpoint,
  toSubnet,
  toVirtualNetwork,
} from "./map-network.js";
import { locate } from "./resource-location.js";

/** Every virtual network of a subscription, with its subnets, a page at a time (VirtualNetworks_ListAll). */
export function listVirtualNetworks(
  clients: AzureClients,
  subscriptionId: string,
): AsyncIterable<readonly VirtualNetwork[]> {
  return armPages(
    { verb: "list the virtual networks of", kind: "subscription", id: subscriptionId },
    clients.network(subscriptionId).then((client) => client.virtualNetworks.listAll().byPage()),
    toVirtualNetwork,
  );
}

export function getVirtualNetwork(clients: AzureClients, id: string): Promise<VirtualNetwork> {
  const at = locate(id, ResourceType.virtualNetwork);
  return armCall({ verb: "read", kind: "virtual network", id }, async () =>
    toVirtualNetwork(
      await (await clients.network(at.subscriptionId)).virtualNetworks.get(at.resourceGroup, at.names[0]),
    ),
  );
}

/** The subnets of one virtual network (Subnets_List). */
export function listSubnets(
  clients: AzureClients,
  virtualNetworkId: string,
): AsyncIterable<readonly Subnet[]> {
  const at = locate(virtualNetworkId, ResourceType.virtualNetwork);
  return armPages(
    { verb: "list the subnets of", kind: "virtual network", id: virtualNetworkId },
    clients
      .network(at.subscriptionId)
      .then((client) => client.subnets.list(at.resourceGroup, at.names[0]).byPage()),
    toSubnet,
  );
}

/** Private endpoints of a subscription, or of one resource group when given (PrivateEndpoints_ListBySubscription / _List). */
export function listPrivateEndpoints(
  clients: AzureClients,
  scope: { readonly subscriptionId: string; readonly resourceGroup?: string },
): AsyncIterable<readonly PrivateEndpoint[]> {
  const pages = clients
    .network(scope.subscriptionId)
    .then(({ privateEndpoints: endpoints }) =>
      (scope.resourceGroup === undefined
        ? endpoints.listBySubscription()
        : endpoints.list(scope.resourceGroup)
      ).byPage(),
    );
  const id = `/subscriptions/${scope.subscriptionId}${scope.resourceGroup === undefined ? "" : `/resourceGroups/${scope.resourceGroup}`}`;
  return armPages({ verb: "list the private endpoints of", kind: "scope", id }, pages, toPrivateEndpoint);
}

export function getPrivateEndpoint(clients: AzureClients, id: string): Promise<PrivateEndpoint> {
  const at = locate(id, ResourceType.privateEndpoint);
  return armCall({ verb: "read", kind: "private endpoint", id }, async () =>
    toPrivateEndpoint(
      await (await clients.network(at.subscriptionId)).privateEndpoints.get(at.resourceGroup, at.names[0]),
    ),
  );
}

export function getNetworkSecurityGroup(clients: AzureClients, id: string): Promise<NetworkSecurityGroup> {
  const at = locate(id, ResourceType.networkSecurityGroup);
  return armCall({ verb: "read", kind: "network security group", id }, async () =>
    toNetworkSecurityGroup(
      await (await clients.network(at.subscriptionId)).networkSecurityGroups.get(
        at.resourceGroup,
        at.names[0],
      ),
    ),
  );
}

/** The private DNS zone groups of one endpoint (PrivateDnsZoneGroups_List): at most one in practice. */
export function listPrivateDnsZoneGroups(
  clients: AzureClients,
  privateEndpointId: string,
): AsyncIterable<readonly PrivateDnsZoneGroup[]> {
  const at = locate(privateEndpointId, ResourceType.privateEndpoint);
  return armPages(
    { verb: "list the private DNS zone groups of", kind: "private endpoint", id: privateEndpointId },
    clients
      .network(at.subscriptionId)
      .then((client) => client.privateDnsZoneGroups.list(at.resourceGroup, at.names[0]).byPage()),
    toPrivateDnsZoneGroup,
  );
}

/** Every network security group of a subscription (NetworkSecurityGroups_ListAll): the inventory's ARM fallback. */
export function listNetworkSecurityGroups(
  clients: AzureClients,
  subscriptionId: string,
): AsyncIterable<readonly NetworkSecurityGroup[]> {
  return armPages(
    { verb: "list the network security groups of", kind: "subscription", id: subscriptionId },
    clients.network(subscriptionId).then((client) => client.networkSecurityGroups.listAll().byPage()),
    toNetworkSecurityGroup,
  );
}
