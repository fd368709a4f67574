import { createHash } from "node:crypto";
import { UserError } from "../user-error.js";
import { type ArtefactOptions, artefactHeader, commented, singleLine } from "./artefact-header.js";
import type { DnsRecordSet, DnsZoneRecords } from "./record-set.js";

export interface BindOptions extends ArtefactOptions {
  /** The records' TTL in seconds; 300 unless given. */
  readonly ttl?: number;
  /**
   * The SOA serial, for every zone. When not given: with `today`, one that only goes up (see {@link nextBindSerial});
   * without it, one derived from the zone's records, so the same records give the same file (golden files).
   */
  readonly serial?: number;
  /** The date of this run (UTC), for `YYYYMMDDnn` serials; a parameter so tests can give two days. */
  readonly today?: Date;
  /**
   * The zone files this run replaces, by file name (`<zone>.zone`): a zone whose records did not change keeps its
   * file and serial; one that changed gets a serial above the previous one.
   */
  readonly previous?: ReadonlyMap<string, string>;
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

/** The largest SOA serial (RFC 1035 3.3.13: an unsigned 32-bit number). */
const MAX_SERIAL = 0xffffffff;

/** `YYYYMMDD00` for the UTC date of `today` (RFC 1912 2.2 recommends YYYYMMDDnn). */
export function dateSerial(today: Date): number {
  return (today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate()) * 100;
}

/**
 * The serial of a zone file that replaces one with `previous`: today's `YYYYMMDD00`, or `previous + 1` when that is
 * not above it (a second change the same day, or a zone whose serial was never a date). Secondaries transfer a zone
 * only when its serial grows (RFC 1982 serial arithmetic), so a serial must never go down or stay put across a change.
 */
export function nextBindSerial(previous: number | undefined, today: Date): number {
  const dated = dateSerial(today);
  if (previous === undefined || previous < dated) return dated;
  // RFC 1982: adding 1 to the largest serial wraps to 0, which secondaries still see as greater.
  return previous >= MAX_SERIAL ? 0 : previous + 1;
}

/** The SOA serial of a zone file, as written by this renderer (or any `@ IN SOA host mail ( serial …`). */
export function bindSerialOf(zoneFileText: string): number | undefined {
  const match = /\bSOA\s+\S+\s+\S+\s+\(?\s*(\d+)/i.exec(zoneFileText.replace(/;[^\n]*/g, ""));
  return match === null ? undefined : Number(match[1]);
}

function serialFor(set: DnsRecordSet, zone: DnsZoneRecords, options: BindOptions): number {
  const ttl = options.ttl ?? DEFAULT_TTL;
  if (options.serial !== undefined) return options.serial;
  if (options.today === undefined) return serialFromContent(zone, ttl);
  const before = options.previous?.get(bindZoneFileName(zone.zone));
  const previous = before === undefined ? undefined : bindSerialOf(before);
  // Unchanged records keep the file as it is: rendering again with its serial gives the same text.
  if (previous !== undefined && renderZoneFile(set, zone, options, previous).text === before) return previous;
  return nextBindSerial(previous, options.today);
}

function renderZoneFile(
  set: DnsRecordSet,
  zone: DnsZoneRecords,
  options: BindOptions,
  serial: number,
): BindZoneFile {
  const ttl = options.ttl ?? DEFAULT_TTL;
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
  return set.zones.map((zone) => renderZoneFile(set, zone, options, serialFor(set, zone, options)));
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
