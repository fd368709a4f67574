import { type AzureAdapter, allPages } from "../azure/adapter.js";
import { allRecords, answeredNames, type DnsRecord, type DnsRecordSet } from "../core/dns/record-set.js";
import type { PrivateDnsZone } from "../core/inventory.js";
import { compareIpv4, type HeldRecords } from "./artefact-records.js";
import type { RecordFormat } from "./dns-formats.js";

/**
 * One difference between what the endpoints list today and what DNS holds:
 * - `new`: the endpoints list a record that is held under none of its names (typically a storage account that came
 *   with the first registration or the first backup);
 * - `changed`: held, but with other addresses or not under every name clients ask for;
 * - `stale`: held under a name no endpoint lists any more (only reported for artefacts, which hold this vault alone).
 */
export type RecordChange =
  | { readonly kind: "new"; readonly fqdn: string; readonly addresses: readonly string[] }
  | {
      readonly kind: "changed";
      readonly fqdn: string;
      readonly addresses: readonly string[];
      readonly held: readonly string[];
    }
  | { readonly kind: "stale"; readonly name: string; readonly held: readonly string[] };

/** The names a format answers for a record: the names {@link heldRecordsIn} reads back from its files. */
export function namesInFormat(format: RecordFormat | "zones", record: DnsRecord): readonly string[] {
  switch (format) {
    case "hosts":
      return record.clientNames;
    case "bind":
    case "windows":
    case "zones":
      return [record.fqdn];
    case "unbound":
    case "dnsmasq":
    case "csv":
      return answeredNames(record);
  }
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((value, index) => value === b[index]);

/** How far a target's records are this vault's alone. */
export type Ownership =
  /** Generated artefacts and this vault's hosts block: every name in them is this vault's, with all its addresses. */
  | "vaultOnly"
  /**
   * Azure Private DNS zones: shared with other vaults and teams, so names no endpoint lists are not reported; and each
   * endpoint's zone group writes a name with its own address, so a name two endpoints share (one vault's endpoints in
   * two VNets) holds one of their addresses, which is as complete as a zone can be.
   */
  | "sharedZone";

/**
 * Compares what the endpoints need (`set`) with what DNS holds (`held`), record by record, in the set's order (zones,
 * then names).
 */
export function recordChanges(
  set: DnsRecordSet,
  format: RecordFormat | "zones",
  held: HeldRecords,
  ownership: Ownership,
): RecordChange[] {
  const needed = new Set<string>();
  const changes: RecordChange[] = [];
  for (const record of allRecords(set)) {
    const names = namesInFormat(format, record);
    for (const name of names) needed.add(name);
    const found = names.map((name) => held.get(name));
    const heldAddresses = [...new Set(found.flatMap((addresses) => addresses ?? []))].sort(compareIpv4);
    const complete = (addresses: readonly string[] | undefined): boolean =>
      addresses !== undefined &&
      (ownership === "sharedZone"
        ? addresses.length > 0 && addresses.every((a) => record.addresses.includes(a))
        : sameList(addresses, record.addresses));
    if (found.every((addresses) => addresses === undefined)) {
      changes.push({ kind: "new", fqdn: record.fqdn, addresses: record.addresses });
    } else if (!found.every(complete)) {
      changes.push({ kind: "changed", fqdn: record.fqdn, addresses: record.addresses, held: heldAddresses });
    }
  }
  if (ownership === "vaultOnly") {
    for (const [name, addresses] of [...held].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!needed.has(name)) changes.push({ kind: "stale", name, held: addresses });
    }
  }
  return changes;
}

/** What the plan's private DNS zones hold for the set's zones, and which of those zones do not exist. */
export interface ZoneHoldings {
  readonly held: HeldRecords;
  readonly missingZones: readonly string[];
}

/**
 * Reads the A record sets of the zones the records belong to, from the zones in the plan's zone resource group
 * (`zonesInGroup`, as readLiveDnsRecords found them). A zone the records need that the group lacks is reported, not
 * looked for elsewhere: the plan names where its zones are.
 */
export async function readZoneHoldings(
  adapter: AzureAdapter,
  set: DnsRecordSet,
  zonesInGroup: readonly PrivateDnsZone[],
): Promise<ZoneHoldings> {
  const byName = new Map(zonesInGroup.map((zone) => [zone.name.toLowerCase(), zone]));
  const present = set.zones.flatMap((z) => byName.get(z.zone) ?? []);
  const recordSets = await Promise.all(present.map((zone) => allPages(adapter.listRecordSets(zone.id))));
  const held = new Map<string, string[]>();
  present.forEach((zone, index) => {
    for (const recordSet of recordSets[index] ?? []) {
      if (recordSet.recordType !== "A") continue;
      const name = recordSet.name === "@" ? zone.name : `${recordSet.name}.${zone.name}`;
      held.set(name.toLowerCase(), [...recordSet.ipv4Addresses].sort(compareIpv4));
    }
  });
  return { held, missingZones: set.zones.map((z) => z.zone).filter((zone) => !byName.has(zone)) };
}
