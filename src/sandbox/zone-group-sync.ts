import { CLOUD_NAMES, cloudFor } from "../core/clouds.js";
import { zoneRecordForFqdn } from "../core/dns-names.js";
import { arrayAt, objectAt } from "./arm-resource.js";
import { upsertARecord } from "./handlers/private-dns-model.js";
import type { ResourceStore } from "./store.js";

export const ZONE_GROUP_TYPE = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";

/**
 * The record a customDnsConfig FQDN gets in a zone, by the core's mapping of endpoint names to zones
 * (`x.privatelink.we.backup.windowsazure.com` -> `x` in the backup zone, `acct.blob.core.windows.net` ->
 * `acct` in `privatelink.blob.core.windows.net`), in whichever cloud the zone belongs to. A zone that is not
 * the name's zone (a wrong geo code) gets nothing, as Azure's zone group writes nothing there.
 */
export function recordNameIn(zoneName: string, fqdn: string): string | undefined {
  for (const cloud of CLOUD_NAMES) {
    const record = zoneRecordForFqdn(fqdn, cloudFor(cloud));
    if (record?.zone === zoneName.toLowerCase()) return record.recordName;
  }
  return undefined;
}

/**
 * Brings every zone group of an endpoint in line with its customDnsConfigs, as the Network RP does when
 * the endpoint's addresses change: A records in each zone, and `recordSets` in each zone config.
 */
export function syncZoneGroups(store: ResourceStore, peId: string): void {
  const pe = store.get(peId);
  if (!pe) return;
  const dnsConfigs = arrayAt(objectAt(pe.properties).customDnsConfigs);
  for (const group of store.childrenOf(peId, ZONE_GROUP_TYPE)) {
    for (const config of arrayAt(objectAt(group.properties).privateDnsZoneConfigs)) {
      const cprops = objectAt(config.properties);
      const zone =
        typeof cprops.privateDnsZoneId === "string" ? store.get(cprops.privateDnsZoneId) : undefined;
      const recordSets: Record<string, unknown>[] = [];
      if (zone) {
        for (const dns of dnsConfigs) {
          const fqdn = String(dns.fqdn ?? "");
          const record = recordNameIn(zone.name, fqdn);
          const ips = Array.isArray(dns.ipAddresses) ? dns.ipAddresses.map(String) : [];
          if (record === undefined || ips.length === 0) continue;
          upsertARecord(store, zone, record, ips);
          recordSets.push({
            recordType: "A",
            recordSetName: record,
            fqdn: `${record}.${zone.name}`,
            provisioningState: "Succeeded",
            ttl: 10,
            ipAddresses: ips,
          });
        }
      }
      cprops.recordSets = recordSets;
    }
  }
}
