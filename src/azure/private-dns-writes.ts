import { ResourceType, sameResourceId } from "../core/arm-id.js";
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
import { CollectionConfirmations } from "./collection-confirmation.js";
import { longRunningWrite, type WriteOptions } from "./long-running.js";
import { toPrivateDnsZone, toRecordSet, toVirtualNetworkLink } from "./map-private-dns.js";
import { locate } from "./resource-location.js";

// Private DNS zones and their links are global resources: ARM refuses any other location (privatedns.json).
const GLOBAL = "global";

/** One set of collection confirmations per set of clients, i.e. per run. */
const confirmations = new WeakMap<AzureClients, CollectionConfirmations>();

function confirmationsOf(clients: AzureClients): CollectionConfirmations {
  let made = confirmations.get(clients);
  if (made === undefined) {
    made = new CollectionConfirmations();
    confirmations.set(clients, made);
  }
  return made;
}

/** `If-None-Match: *` when the write must only create (the private DNS service fails it if the resource exists). */
function createOnly(options: WriteOptions): { ifNoneMatch?: string } {
  return options.createOnly === true ? { ifNoneMatch: "*" } : {};
}

/** Every item of a paged SDK list, mapped. */
async function allPages<A, T>(pages: AsyncIterable<A[]>, map: (item: A) => T): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page.map(map));
  return items;
}

/** Creates or updates a private DNS zone (PrivateZones_CreateOrUpdate: 202, then polled). */
export function createOrUpdatePrivateDnsZone(
  clients: AzureClients,
  request: PrivateDnsZoneRequest,
  options: WriteOptions = {},
): Promise<void> {
  const at = locate(request.id, ResourceType.privateDnsZone);
  return armCall({ verb: "create or update", kind: "private DNS zone", id: request.id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs, clients.armEndpoint);
    const client = await clients.privateDns(at.subscriptionId);
    // The zones of one resource group written together are confirmed by one list of them.
    const member = confirmationsOf(clients).enter(
      `zones ${at.subscriptionId}/${at.resourceGroup}`.toLowerCase(),
      () => allPages(client.privateZones.listByResourceGroup(at.resourceGroup).byPage(), toPrivateDnsZone),
    );
    try {
      const poller = client.privateZones.createOrUpdate(
        at.resourceGroup,
        at.names[0],
        { location: GLOBAL, ...(request.tags === undefined ? {} : { tags: { ...request.tags } }) },
        { ...lro.requestOptions, ...createOnly(options) },
      );
      const stands = (zone: PrivateDnsZone) =>
        sameResourceId(zone.id, request.id) && zone.provisioningState === "Succeeded";
      await lro.untilSucceeded(poller, options, client, {
        confirm: () => member.confirm((listed) => (listed as readonly PrivateDnsZone[]).some(stands)),
        leave: member.leave,
        stands: () =>
          client.privateZones.get(at.resourceGroup, at.names[0]).then(
            (zone) => stands(toPrivateDnsZone(zone)),
            () => false,
          ),
      });
    } finally {
      member.leave();
    }
  });
}

/** Links a zone to a virtual network so its resolver answers from the zone (VirtualNetworkLinks_CreateOrUpdate). */
export function createOrUpdateVirtualNetworkLink(
  clients: AzureClients,
  request: VirtualNetworkLinkRequest,
  options: WriteOptions = {},
): Promise<void> {
  const at = locate(request.id, ResourceType.virtualNetworkLink);
  const [zone, link] = at.names;
  return armCall({ verb: "create or update", kind: "virtual network link", id: request.id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs, clients.armEndpoint);
    const client = await clients.privateDns(at.subscriptionId);
    // A zone's links written together (one per VNet) are confirmed by one list of the zone's links.
    const member = confirmationsOf(clients).enter(
      `links ${at.subscriptionId}/${at.resourceGroup}/${zone}`.toLowerCase(),
      () => allPages(client.virtualNetworkLinks.list(at.resourceGroup, zone).byPage(), toVirtualNetworkLink),
    );
    try {
      const poller = client.virtualNetworkLinks.createOrUpdate(
        at.resourceGroup,
        zone,
        link as string,
        {
          location: GLOBAL,
          virtualNetwork: { id: request.virtualNetworkId },
          registrationEnabled: request.registrationEnabled,
          ...(request.tags === undefined ? {} : { tags: { ...request.tags } }),
        },
        { ...lro.requestOptions, ...createOnly(options) },
      );
      const stands = (l: VirtualNetworkLink) =>
        sameResourceId(l.id, request.id) &&
        l.provisioningState === "Succeeded" &&
        sameResourceId(l.virtualNetworkId, request.virtualNetworkId) &&
        l.registrationEnabled === request.registrationEnabled;
      await lro.untilSucceeded(poller, options, client, {
        confirm: () => member.confirm((listed) => (listed as readonly VirtualNetworkLink[]).some(stands)),
        leave: member.leave,
        stands: () =>
          client.virtualNetworkLinks.get(at.resourceGroup, zone, link as string).then(
            (found) => stands(toVirtualNetworkLink(found)),
            () => false,
          ),
      });
    } finally {
      member.leave();
    }
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
