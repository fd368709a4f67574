import ipaddr from "ipaddr.js";
import { parseHostsMarker } from "../core/dns/hosts-block.js";
import type { RecordFormat } from "./dns-formats.js";

/** The names an artefact answers, each with its IPv4 addresses: lower case, no final dot, addresses sorted. */
export type HeldRecords = ReadonlyMap<string, readonly string[]>;

/** Collects name -> addresses pairs into {@link HeldRecords}. */
class HeldRecordsBuilder {
  private readonly byName = new Map<string, Set<string>>();

  add(name: string, address: string): void {
    const key = name.trim().toLowerCase().replace(/\.$/, "");
    if (!ipaddr.IPv4.isValidFourPartDecimal(address.trim()) || key === "") return;
    const addresses = this.byName.get(key) ?? new Set<string>();
    addresses.add(ipaddr.IPv4.parse(address.trim()).toString());
    this.byName.set(key, addresses);
  }

  build(): HeldRecords {
    return new Map([...this.byName].map(([name, addresses]) => [name, [...addresses].sort(compareIpv4)]));
  }
}

export function compareIpv4(a: string, b: string): number {
  const x = ipaddr.IPv4.parse(a).toByteArray();
  const y = ipaddr.IPv4.parse(b).toByteArray();
  const index = x.findIndex((octet, i) => octet !== y[i]);
  return index === -1 ? 0 : (x[index] ?? 0) - (y[index] ?? 0);
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** `ip name [name...]` lines between this vault's markers; a file without the block holds nothing for the vault. */
export function heldInHostsBlock(text: string, vaultId: string): HeldRecords {
  const held = new HeldRecordsBuilder();
  let inside = false;
  for (const line of lines(text)) {
    const marker = parseHostsMarker(line);
    if (marker !== null && marker.vaultId.toLowerCase() === vaultId.toLowerCase()) {
      inside = marker.kind === "begin";
      continue;
    }
    if (!inside) continue;
    const [address, ...names] = (line.split("#", 1)[0] ?? "").trim().split(/\s+/);
    for (const name of names) held.add(name, address ?? "");
  }
  return held.build();
}

/** `host-record=<name>[,<name>...],<ipv4>[,<ipv6>][,<ttl>]` (dnsmasq(8)). */
function heldInDnsmasq(text: string): HeldRecords {
  const held = new HeldRecordsBuilder();
  for (const line of lines(text)) {
    const match = /^\s*host-record\s*=\s*(.+)$/.exec(line);
    if (match === null) continue;
    const fields = (match[1] ?? "").split(",").map((field) => field.trim());
    const names = fields.filter((f) => !ipaddr.isValid(f) && !/^\d+$/.test(f));
    const addresses = fields.filter((f) => ipaddr.IPv4.isValidFourPartDecimal(f));
    for (const name of names) for (const address of addresses) held.add(name, address);
  }
  return held.build();
}

/** `local-data: "<name>. [ttl] [IN] A <ipv4>"` (unbound.conf(5)). */
function heldInUnbound(text: string): HeldRecords {
  const held = new HeldRecordsBuilder();
  for (const line of lines(text)) {
    const match = /^\s*local-data:\s*"(\S+)\s+(?:\d+\s+)?(?:IN\s+)?A\s+(\S+)\s*"/i.exec(line);
    if (match !== null) held.add(match[1] ?? "", match[2] ?? "");
  }
  return held.build();
}

/** `fqdn,ip` rows after the header. */
function heldInCsv(text: string): HeldRecords {
  const held = new HeldRecordsBuilder();
  for (const line of lines(text).slice(1)) {
    const [name, address] = line.split(",");
    if (name !== undefined && address !== undefined) held.add(name, address);
  }
  return held.build();
}

/**
 * A-records of a zone file: `<owner> [ttl] [IN] A <ipv4>`, owners relative to `$ORIGIN` (or to the zone the file is
 * for), `@` for the origin, a blank owner for the previous one (RFC 1035 section 5.1).
 */
function heldInZoneFile(text: string, zone: string, held: HeldRecordsBuilder): void {
  let origin = zone;
  let owner = zone;
  for (const raw of lines(text)) {
    const line = raw.split(";", 1)[0] ?? "";
    const originMatch = /^\$ORIGIN\s+(\S+)/i.exec(line);
    if (originMatch !== null) {
      origin = (originMatch[1] ?? zone).replace(/\.$/, "");
      continue;
    }
    if (line.trim() === "" || line.startsWith("$")) continue;
    const fields = line.trim().split(/\s+/);
    if (!/^\s/.test(line)) {
      const name = fields.shift() ?? "@";
      owner = name === "@" ? origin : name.endsWith(".") ? name : `${name}.${origin}`;
    }
    while (/^\d+$/.test(fields[0] ?? "") || /^IN$/i.test(fields[0] ?? "")) fields.shift();
    if (/^A$/i.test(fields[0] ?? "") && fields[1] !== undefined) held.add(owner, fields[1]);
  }
}

/** `@{ Zone = '<zone>'; Name = '<name>'; Addresses = @('<ip>', ...) }` entries of the Windows DNS script. */
function heldInWindowsScript(text: string): HeldRecords {
  const held = new HeldRecordsBuilder();
  const entry = /@\{\s*Zone\s*=\s*'([^']*)';\s*Name\s*=\s*'([^']*)';\s*Addresses\s*=\s*@\(([^)]*)\)\s*\}/gi;
  for (const match of text.matchAll(entry)) {
    const addresses = [...(match[3] ?? "").matchAll(/'([^']*)'/g)].map((m) => m[1] ?? "");
    for (const address of addresses) held.add(`${match[2] ?? ""}.${match[1] ?? ""}`, address);
  }
  return held.build();
}

/**
 * What a set of generated files of one format holds, read back as records: the files vaultlink wrote (and people
 * may have edited), found by the names `--out DIR` gives them. `files` maps file names to their text; BIND zone files
 * are named `<zone>.zone`. Hosts files hold only this vault's block.
 */
export function heldRecordsIn(
  format: RecordFormat,
  files: ReadonlyMap<string, string>,
  vaultId: string,
): HeldRecords {
  const texts = [...files.values()];
  switch (format) {
    case "hosts":
      return mergeHeld(texts.map((text) => heldInHostsBlock(text, vaultId)));
    case "dnsmasq":
      return mergeHeld(texts.map(heldInDnsmasq));
    case "unbound":
      return mergeHeld(texts.map(heldInUnbound));
    case "csv":
      return mergeHeld(texts.map(heldInCsv));
    case "windows":
      return mergeHeld(texts.map(heldInWindowsScript));
    case "bind": {
      const held = new HeldRecordsBuilder();
      for (const [fileName, text] of files) {
        if (fileName.endsWith(".zone")) heldInZoneFile(text, fileName.slice(0, -".zone".length), held);
      }
      return held.build();
    }
  }
}

function mergeHeld(parts: readonly HeldRecords[]): HeldRecords {
  const held = new HeldRecordsBuilder();
  for (const part of parts)
    for (const [name, addresses] of part) for (const a of addresses) held.add(name, a);
  return held.build();
}
