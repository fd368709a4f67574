import data from "./data/private-dns.json" with { type: "json" };

/**
 * Which private DNS zone holds the record of each name a backup private endpoint gets, in each cloud, as
 * src/sandbox/data/private-dns.json records it from Azure's documentation (its `source`). The sandbox's zone groups
 * write records by it, and its DNS server follows storage names' public CNAMEs by it.
 */
export type SandboxCloudName = keyof typeof data.clouds;
export type ZoneService = "backup" | "blob" | "queue";

export const SANDBOX_CLOUDS = Object.keys(data.clouds) as SandboxCloudName[];

interface ZoneRule {
  readonly service: ZoneService;
  /** `privatelink.{geo}.backup.windowsazure.com` */
  readonly zone: string;
  readonly endpointName: string;
  readonly names: readonly RegExp[];
  readonly publicCname: boolean;
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

function pattern(template: string): RegExp {
  const source = template
    .replaceAll(".", "\\.")
    .replace("{record}", `(?<record>${LABEL})`)
    .replace("{geo}", "(?<geo>[a-z0-9]+)")
    .replace("{nn}", "[0-9]{2}");
  return new RegExp(`^${source}$`);
}

const RULES = {} as Record<SandboxCloudName, readonly ZoneRule[]>;
for (const cloud of SANDBOX_CLOUDS) {
  RULES[cloud] = data.clouds[cloud].map((rule) => ({
    service: rule.service as ZoneService,
    zone: rule.zone,
    endpointName: rule.endpointName,
    names: rule.names.map(pattern),
    publicCname: rule.publicCname,
  }));
}

function ruleFor(cloud: SandboxCloudName, service: ZoneService): ZoneRule {
  return RULES[cloud].find((r) => r.service === service) as ZoneRule;
}

/** The zone of a service: `privatelink.we.backup.windowsazure.com`, `privatelink.blob.core.windows.net`. */
export function zoneNameFor(cloud: SandboxCloudName, service: ZoneService, geoCode: string): string {
  return ruleFor(cloud, service).zone.replace("{geo}", geoCode);
}

/** The name an endpoint's customDnsConfigs list for one record of a service. */
export function endpointFqdn(
  cloud: SandboxCloudName,
  service: ZoneService,
  record: string,
  geoCode: string,
): string {
  return ruleFor(cloud, service).endpointName.replace("{record}", record).replace("{geo}", geoCode);
}

interface ZoneRecord {
  readonly zone: string;
  readonly record: string;
  readonly publicCname: boolean;
}

/** Where the private record of `fqdn` lives, in whichever cloud the name belongs to. */
function zoneRecordOf(fqdn: string): ZoneRecord | undefined {
  const name = fqdn.trim().toLowerCase().replace(/\.$/, "");
  for (const cloud of SANDBOX_CLOUDS) {
    for (const rule of RULES[cloud]) {
      for (const names of rule.names) {
        const match = names.exec(name)?.groups;
        // The zone's own apex (`privatelink.we.backup…` read as record "privatelink") is no record.
        if (match?.record === undefined || match.record === "privatelink") continue;
        return {
          zone: rule.zone.replace("{geo}", match.geo ?? ""),
          record: match.record,
          publicCname: rule.publicCname,
        };
      }
    }
  }
  return undefined;
}

/** The record a zone group writes for `fqdn` in the zone `zoneName`; undefined when the name is not that zone's. */
export function recordNameIn(zoneName: string, fqdn: string): string | undefined {
  const found = zoneRecordOf(fqdn);
  return found?.zone === zoneName.toLowerCase() ? found.record : undefined;
}

/**
 * The privatelink name public DNS points a storage name at (`acct.blob.core.windows.net` ->
 * `acct.privatelink.blob.core.windows.net`); undefined for backup names, which have no such CNAME, and for names
 * already in a privatelink zone.
 */
export function publicCnameOf(fqdn: string): string | undefined {
  if (fqdn.toLowerCase().split(".").includes("privatelink")) return undefined;
  const found = zoneRecordOf(fqdn);
  return found?.publicCname ? `${found.record}.${found.zone}` : undefined;
}
