import ipaddr from "ipaddr.js";
import { parseResourceIdOfType, ResourceType } from "../arm-id.js";
import type { Cloud } from "../clouds.js";
import { type ZoneService, zoneRecordForFqdn } from "../dns-names.js";
import type { PrivateEndpoint } from "../inventory.js";
import { UserError } from "../user-error.js";

/** One A record a custom DNS server must hold, with the names clients ask for that it answers. */
export interface DnsRecord {
  /** The record's name relative to its zone: `<vaultNumericId>-ab-pod01-fc1`, or a storage account. */
  readonly name: string;
  /** `<name>.<zone>`: the name the record has in the private zone. */
  readonly fqdn: string;
  /**
   * The exact names clients query, sorted. Backup clients ask for the privatelink name itself (there is no
   * public CNAME to follow: azure-docs PR #69607, issue #69061). Storage clients ask for the public name
   * (`<account>.blob.core.windows.net`, `<account>.zNN.blob.storage.azure.net`), which public DNS CNAMEs into
   * the privatelink zone; a hosts file or a forwarding cache never follows that CNAME, so it needs these names.
   */
  readonly clientNames: readonly string[];
  /** IPv4 addresses, in numeric order. More than one when several endpoints list the name. */
  readonly addresses: readonly string[];
  /** Names of the private endpoints whose customDnsConfigs listed the record, sorted. */
  readonly endpoints: readonly string[];
}

export interface DnsZoneRecords {
  readonly zone: string;
  readonly service: ZoneService;
  /** Sorted by name. */
  readonly records: readonly DnsRecord[];
}

/** What a vault's endpoints need from DNS today: zones (sorted by name), each with its records. */
export interface DnsRecordSet {
  /** The Recovery Services vault's ARM id. */
  readonly vaultId: string;
  readonly vaultName: string;
  readonly cloud: Cloud;
  readonly zones: readonly DnsZoneRecords[];
}

/** The part of a private endpoint the records come from. */
export type EndpointDnsSource = Pick<PrivateEndpoint, "name" | "customDnsConfigs">;

interface RecordDraft {
  readonly zone: string;
  readonly service: ZoneService;
  readonly name: string;
  readonly clientNames: Set<string>;
  readonly addresses: Set<string>;
  readonly endpoints: Set<string>;
}

const PRIVATELINK_LABEL = ".privatelink.";

/** The name a client asks for, given an FQDN from customDnsConfigs and the record it maps to. */
function clientNameFor(fqdn: string, zone: string, recordName: string, service: ZoneService): string {
  if (service === "backup") return `${recordName}.${zone}`;
  // A storage name may be listed as `<account>.privatelink.<suffix>`; clients ask for `<account>.<suffix>`.
  return fqdn.replace(PRIVATELINK_LABEL, ".");
}

function canonicalIpv4(endpoint: string, fqdn: string, address: string): string {
  const trimmed = address.trim();
  if (!ipaddr.IPv4.isValidFourPartDecimal(trimmed)) {
    throw new UserError(
      `Private endpoint "${endpoint}" lists "${address}" for ${fqdn}, which is not an IPv4 address.`,
      {
        hint: "Private endpoints get IPv4 addresses; check the endpoint's DNS configuration in the portal.",
      },
    );
  }
  return ipaddr.IPv4.parse(trimmed).toString();
}

function compareIpv4(a: string, b: string): number {
  const x = ipaddr.IPv4.parse(a).octets;
  const y = ipaddr.IPv4.parse(b).octets;
  for (let i = 0; i < 4; i += 1) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function draftRecords(endpoints: readonly EndpointDnsSource[], cloud: Cloud): Map<string, RecordDraft> {
  const drafts = new Map<string, RecordDraft>();
  for (const endpoint of endpoints) {
    for (const config of endpoint.customDnsConfigs) {
      const fqdn = config.fqdn.trim().toLowerCase().replace(/\.$/, "");
      const target = zoneRecordForFqdn(fqdn, cloud);
      if (target === null) {
        throw new UserError(
          `Private endpoint "${endpoint.name}" lists ${config.fqdn}, which belongs to no private DNS zone vaultlink knows in ${cloud.displayName}.`,
          {
            hint: `vaultlink knows privatelink.<geo>.${cloud.dnsSuffixes.backup}, privatelink.${cloud.dnsSuffixes.blob} and privatelink.${cloud.dnsSuffixes.queue}; check that the plan names the right cloud.`,
          },
        );
      }
      if (config.ipAddresses.length === 0) {
        throw new UserError(`Private endpoint "${endpoint.name}" lists ${fqdn} without an IP address.`, {
          hint: "The endpoint has not finished provisioning; wait until it has, then generate the records again.",
        });
      }
      const key = `${target.recordName}.${target.zone}`;
      const draft = drafts.get(key) ?? {
        zone: target.zone,
        service: target.service,
        name: target.recordName,
        clientNames: new Set<string>(),
        addresses: new Set<string>(),
        endpoints: new Set<string>(),
      };
      drafts.set(key, draft);
      draft.clientNames.add(clientNameFor(fqdn, target.zone, target.recordName, target.service));
      draft.endpoints.add(endpoint.name);
      for (const address of config.ipAddresses)
        draft.addresses.add(canonicalIpv4(endpoint.name, fqdn, address));
    }
  }
  return drafts;
}

/**
 * Groups the FQDNs of a vault's private endpoints (their customDnsConfigs) into the private zones and A records a
 * custom DNS server or hosts file must hold. Names are lower-cased, duplicates merged, everything sorted, so the
 * same endpoints always give the same artefacts. Refuses a name outside the zones vaultlink knows, naming it.
 */
export function dnsRecordSetFor(
  vaultId: string,
  cloud: Cloud,
  endpoints: readonly EndpointDnsSource[],
): DnsRecordSet {
  const vault = parseResourceIdOfType(vaultId, ResourceType.recoveryServicesVault);
  const zones = new Map<string, { service: ZoneService; records: DnsRecord[] }>();
  for (const [fqdn, draft] of draftRecords(endpoints, cloud)) {
    const zone = zones.get(draft.zone) ?? { service: draft.service, records: [] };
    zones.set(draft.zone, zone);
    zone.records.push({
      name: draft.name,
      fqdn,
      clientNames: [...draft.clientNames].sort(byText),
      addresses: [...draft.addresses].sort(compareIpv4),
      endpoints: [...draft.endpoints].sort(byText),
    });
  }
  return {
    vaultId: vault.id,
    vaultName: vault.name,
    cloud,
    zones: [...zones]
      .sort(([a], [b]) => byText(a, b))
      .map(([zone, { service, records }]) => ({
        zone,
        service,
        records: records.sort((a, b) => byText(a.name, b.name)),
      })),
  };
}

/** Every record of the set, zone by zone. */
export function allRecords(set: DnsRecordSet): DnsRecord[] {
  return set.zones.flatMap((zone) => zone.records);
}

/** Every name that must answer with the record's addresses: the private name, then the names clients ask for. */
export function answeredNames(record: DnsRecord): string[] {
  return [record.fqdn, ...record.clientNames.filter((name) => name !== record.fqdn)];
}
