import { objectAt } from "../arm-resource.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";

/**
 * Private DNS zones, links and record sets (privatedns 2024-06-01). They live in location "global"; the
 * service returns record set names in lower case and each record set's `fqdn` with a trailing dot.
 */
export const ZONE_TYPE = "Microsoft.Network/privateDnsZones";
export const LINK_TYPE = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
export const RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "PTR", "SOA", "SRV", "TXT"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export function recordSetId(zoneId: string, type: RecordType, name: string): string {
  return `${zoneId}/${type}/${name.toLowerCase()}`;
}

export function recordSetResource(
  zone: ArmResource,
  type: RecordType,
  name: string,
  properties: Record<string, unknown>,
): ArmResource {
  const lower = name.toLowerCase();
  return {
    id: recordSetId(zone.id, type, lower),
    name: lower,
    type: `${ZONE_TYPE}/${type}`,
    properties: {
      ttl: 3600,
      ...properties,
      fqdn: lower === "@" ? `${zone.name}.` : `${lower}.${zone.name}.`,
      isAutoRegistered: false,
    },
  };
}

/** The SOA record every new zone gets (values as Azure Private DNS creates them). */
export function soaRecord(zone: ArmResource): ArmResource {
  return recordSetResource(zone, "SOA", "@", {
    ttl: 3600,
    soaRecord: {
      email: "azureprivatedns-host.microsoft.com",
      expireTime: 2419200,
      host: "azureprivatedns.net",
      minimumTtl: 10,
      refreshTime: 3600,
      retryTime: 300,
      serialNumber: 1,
    },
  });
}

/** Creates or replaces an A record set (what a private DNS zone group does for its endpoint). */
export function upsertARecord(
  store: ResourceStore,
  zone: ArmResource,
  name: string,
  ips: readonly string[],
): void {
  store.put(
    recordSetResource(zone, "A", name, { ttl: 10, aRecords: ips.map((ipv4Address) => ({ ipv4Address })) }),
    "bare",
  );
}

/** A zone with its live counts, as PrivateZones_Get answers it. */
export function presentZone(store: ResourceStore, zone: ArmResource): ArmResource {
  const records = store.all();
  let recordSets = 0;
  const prefix = `${zone.id.toLowerCase()}/`;
  for (const r of records) {
    if (r.id.toLowerCase().startsWith(prefix) && !r.type.toLowerCase().endsWith("/virtualnetworklinks"))
      recordSets++;
  }
  const links = store.childrenOf(zone.id, LINK_TYPE);
  const registering = links.filter((l) => objectAt(l.properties).registrationEnabled === true).length;
  return {
    ...zone,
    properties: {
      ...objectAt(zone.properties),
      maxNumberOfRecordSets: 25000,
      numberOfRecordSets: recordSets,
      maxNumberOfVirtualNetworkLinks: 1000,
      numberOfVirtualNetworkLinks: links.length,
      maxNumberOfVirtualNetworkLinksWithRegistration: 100,
      numberOfVirtualNetworkLinksWithRegistration: registering,
    },
  };
}

export function newZone(id: string, name: string, tags: unknown, internalId: string): ArmResource {
  return {
    id,
    name: name.toLowerCase(),
    type: ZONE_TYPE,
    location: "global",
    ...(tags === undefined ? {} : { tags }),
    properties: { provisioningState: "Creating", internalId },
  };
}
