import { ResourceType } from "../core/arm-id.js";
import type { PrivateDnsZone, RecordSet, VirtualNetworkLink } from "../core/inventory.js";
import { armCall, armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { toPrivateDnsZone, toRecordSet, toVirtualNetworkLink } from "./map-private-dns.js";
import { locate } from "./resource-location.js";

/** Every private DNS zone of a subscription, a page at a time (PrivateZones_List). */
export function listPrivateDnsZones(
  clients: AzureClients,
  subscriptionId: string,
): AsyncIterable<readonly PrivateDnsZone[]> {
  return armPages(
    { verb: "list the private DNS zones of", kind: "subscription", id: subscriptionId },
    clients.privateDns(subscriptionId).then((client) => client.privateZones.list().byPage()),
    toPrivateDnsZone,
  );
}

export function getPrivateDnsZone(clients: AzureClients, id: string): Promise<PrivateDnsZone> {
  const at = locate(id, ResourceType.privateDnsZone);
  return armCall({ verb: "read", kind: "private DNS zone", id }, async () =>
    toPrivateDnsZone(
      await (await clients.privateDns(at.subscriptionId)).privateZones.get(at.resourceGroup, at.names[0]),
    ),
  );
}

export function listVirtualNetworkLinks(
  clients: AzureClients,
  zoneId: string,
): AsyncIterable<readonly VirtualNetworkLink[]> {
  const at = locate(zoneId, ResourceType.privateDnsZone);
  return armPages(
    { verb: "list the virtual network links of", kind: "private DNS zone", id: zoneId },
    clients
      .privateDns(at.subscriptionId)
      .then((client) => client.virtualNetworkLinks.list(at.resourceGroup, at.names[0]).byPage()),
    toVirtualNetworkLink,
  );
}

/** All record sets of a zone, SOA included (RecordSets_List, `…/ALL`). */
export function listRecordSets(clients: AzureClients, zoneId: string): AsyncIterable<readonly RecordSet[]> {
  const at = locate(zoneId, ResourceType.privateDnsZone);
  return armPages(
    { verb: "list the record sets of", kind: "private DNS zone", id: zoneId },
    clients
      .privateDns(at.subscriptionId)
      .then((client) => client.recordSets.list(at.resourceGroup, at.names[0]).byPage()),
    toRecordSet,
  );
}
