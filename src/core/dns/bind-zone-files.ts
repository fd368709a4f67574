import { createHash } from "node:crypto";
import { UserError } from "../user-error.js";
import { type ArtefactOptions, artefactHeader, commented, singleLine } from "./artefact-header.js";
import type { DnsRecordSet, DnsZoneRecords } from "./record-set.js";

export interface BindOptions extends ArtefactOptions {
  /** The records' TTL in seconds; 300 unless given. */
  readonly ttl?: number;
  /**
   * The SOA serial. Derived from the zone's records when not given, so the same records give the same file; pass
   * one (e.g. YYYYMMDDnn) when secondaries transfer the zone and need it to grow.
   */
  readonly serial?: number;
  /** Where named finds the zone files, for the named.conf snippet; /etc/bind/vaultlink unless given. */
  readonly zoneDirectory?: string;
}

export interface BindZoneFile {
  readonly zone: string;
  /** `<zone>.zone`, the name the named.conf snippet refers to. */
  readonly fileName: string;
  readonly text: string;
}

const DEFAULT_TTL = 300;
const DEFAULT_ZONE_DIRECTORY = "/etc/bind/vaultlink";

export function bindZoneFileName(zone: string): string {
  return `${zone}.zone`;
}

/** A serial from the records alone: 1..2^31-1, so serial arithmetic (RFC 1982) never wraps on it. */
function serialFromContent(zone: DnsZoneRecords, ttl: number): number {
  const digest = createHash("sha256")
    .update(JSON.stringify([zone.zone, ttl, zone.records.map((r) => [r.name, r.addresses])]))
    .digest();
  return (digest.readUInt32BE(0) % 0x7fffffff) + 1;
}

function renderZoneFile(set: DnsRecordSet, zone: DnsZoneRecords, options: BindOptions): BindZoneFile {
  const ttl = options.ttl ?? DEFAULT_TTL;
  const serial = options.serial ?? serialFromContent(zone, ttl);
  const width = Math.max(...zone.records.map((r) => r.name.length), 1);
  const lines = [
    ...commented(";", artefactHeader(set, `BIND zone file for ${zone.zone}`, options)),
    ";",
    "; This server becomes authoritative for the whole zone: names in it that it does not hold (other vaults'",
    "; or other teams' endpoints) get NXDOMAIN from it. If others use this zone, merge their records here or use",
    "; conditional forwarders instead.",
    ...(zone.service === "backup"
      ? ["; Clients ask for these backup names as they are: they have no public CNAME."]
      : [
          "; Clients ask for <account>.<public suffix>; its public CNAME leads here, and named follows it into its",
          "; own zones while resolving.",
        ]),
    ";",
    "; A local-only zone, not delegated: SOA and NS name localhost, as Debian's db.local does.",
    `$ORIGIN ${zone.zone}.`,
    `$TTL ${ttl}`,
    `@ IN SOA localhost. hostmaster.localhost. ( ${serial} 3600 600 86400 ${ttl} )`,
    "@ IN NS localhost.",
    ...zone.records.flatMap((record) =>
      record.addresses.map((address) => `${record.name.padEnd(width)} IN A ${address}`),
    ),
  ];
  return { zone: zone.zone, fileName: bindZoneFileName(zone.zone), text: `${lines.join("\n")}\n` };
}

/** One BIND zone file per privatelink zone, with SOA, NS and the A records. */
export function renderBindZoneFiles(set: DnsRecordSet, options: BindOptions = {}): BindZoneFile[] {
  return set.zones.map((zone) => renderZoneFile(set, zone, options));
}

/** The named.conf statements that load the zone files of {@link renderBindZoneFiles}. */
export function renderBindZoneDeclarations(set: DnsRecordSet, options: BindOptions = {}): string {
  const directory = singleLine(options.zoneDirectory ?? DEFAULT_ZONE_DIRECTORY).replace(/\/$/, "");
  if (directory.includes('"')) {
    throw new UserError(
      `The zone directory ${directory} contains a double quote, which named.conf cannot hold.`,
      {
        hint: "Choose a directory without quotes.",
      },
    );
  }
  const lines = [
    ...commented("//", artefactHeader(set, "named.conf zones", options)),
    '// Include it from named.conf (include "...";). `type primary` needs BIND 9.16 or later; older: `type master`.',
    ...set.zones.flatMap((zone) => [
      `zone "${zone.zone}" {`,
      "  type primary;",
      `  file "${directory}/${bindZoneFileName(zone.zone)}";`,
      "};",
    ]),
  ];
  return `${lines.join("\n")}\n`;
}
