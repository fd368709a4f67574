import { arrayAt, objectAt } from "./arm-resource.js";
import { upsertARecord } from "./handlers/private-dns-model.js";
import { recordNameIn } from "./private-zones.js";
import type { ResourceStore } from "./store.js";

export const ZONE_GROUP_TYPE = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";

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
