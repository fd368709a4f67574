import { ResourceType } from "../core/arm-id.js";
import type {
  ARecordSetRequest,
  PrivateDnsZone,
  PrivateDnsZoneRequest,
  RecordSet,
  VirtualNetworkLink,
  VirtualNetworkLinkRequest,
} from "../core/inventory.js";
import { UserError } from "../core/user-error.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { longRunningWrite, type WriteOptions } from "./long-running.js";
import { toPrivateDnsZone, toRecordSet, toVirtualNetworkLink } from "./map-private-dns.js";
import { locate } from "./resource-location.js";

// Private DNS zones and their links are global resources: ARM refuses any other location (privatedns.json).
const GLOBAL = "global";

/** Creates or updates a private DNS zone (PrivateZones_CreateOrUpdate: 202, then polled). */
export function createOrUpdatePrivateDnsZone(
  clients: AzureClients,
  request: PrivateDnsZoneRequest,
  options: WriteOptions = {},
): Promise<PrivateDnsZone> {
  const at = locate(request.id, ResourceType.privateDnsZone);
  return armCall({ verb: "create or update", kind: "private DNS zone", id: request.id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs);
    const poller = (await clients.privateDns(at.subscriptionId)).privateZones.createOrUpdate(
      at.resourceGroup,
      at.names[0],
      { location: GLOBAL, ...(request.tags === undefined ? {} : { tags: { ...request.tags } }) },
      lro.requestOptions,
    );
    return toPrivateDnsZone(await lro.untilDone(poller, options));
  });
}

/** Links a zone to a virtual network so its resolver answers from the zone (VirtualNetworkLinks_CreateOrUpdate). */
export function createOrUpdateVirtualNetworkLink(
  clients: AzureClients,
  request: VirtualNetworkLinkRequest,
  options: WriteOptions = {},
): Promise<VirtualNetworkLink> {
  const at = locate(request.id, ResourceType.virtualNetworkLink);
  const [zone, link] = at.names;
  return armCall({ verb: "create or update", kind: "virtual network link", id: request.id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs);
    const poller = (await clients.privateDns(at.subscriptionId)).virtualNetworkLinks.createOrUpdate(
      at.resourceGroup,
      zone,
      link as string,
      {
        location: GLOBAL,
        virtualNetwork: { id: request.virtualNetworkId },
        registrationEnabled: request.registrationEnabled,
        ...(request.tags === undefined ? {} : { tags: { ...request.tags } }),
      },
      lro.requestOptions,
    );
    return toVirtualNetworkLink(await lro.untilDone(poller, options));
  });
}

/** Splits `<zoneId>/A/<name>`: record set ids have no `{type}/{name}` pairs the id parser could read. */
function recordSetLocation(id: string) {
  const match = /^(.*)\/A\/([^/]+)$/i.exec(id.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new UserError(`"${id}" is not the id of an A record set.`, {
      hint: "An A record set id is the zone's id followed by /A/<relative name>.",
    });
  }
  return { zone: locate(match[1], ResourceType.privateDnsZone), name: match[2] };
}

/** Creates or replaces an A record set; synchronous, unlike zones and links (RecordSets_CreateOrUpdate). */
export function createOrUpdateARecordSet(
  clients: AzureClients,
  request: ARecordSetRequest,
): Promise<RecordSet> {
  const { zone, name } = recordSetLocation(request.id);
  return armCall({ verb: "create or update", kind: "A record set", id: request.id }, async () =>
    toRecordSet(
      await (await clients.privateDns(zone.subscriptionId)).recordSets.createOrUpdate(
        zone.resourceGroup,
        zone.names[0],
        "A",
        name,
        {
          ttl: request.ttl,
          aRecords: request.ipv4Addresses.map((ipv4Address) => ({ ipv4Address })),
        },
      ),
    ),
  );
}
