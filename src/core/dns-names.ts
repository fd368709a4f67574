import type { Cloud } from "./clouds.js";
import { findRegion, geoCodeFor } from "./regions.js";
import { UserError } from "./user-error.js";

/*
 * Zone names and record names for an Azure Backup private endpoint.
 *
 * Sources:
 * - The zones: "Azure Private Endpoint private DNS zone values" (MicrosoftDocs/azure-docs
 *   articles/private-link/private-endpoint-dns.md, ms.date 08/04/2025), Azure Backup rows:
 *   privatelink.{regionCode}.backup.windowsazure.com, privatelink.blob.core.windows.net,
 *   privatelink.queue.core.windows.net; Government: privatelink.{regionCode}.backup.windowsazure.us.
 * - Record names: the "Get required DNS entries" sample output of "Create and use private endpoints for Azure
 *   Backup" (MicrosoftDocs/azure-docs articles/backup/private-endpoints.md, commit 00553e8a): records such as
 *   `<vaultId>-ab-pod01-fc1` in privatelink.eus.backup.windowsazure.com and `<account>` in
 *   privatelink.blob.core.windows.net / privatelink.queue.core.windows.net. The same page notes that the
 *   endpoint's DNS configuration may show backup FQDNs without `.privatelink.` (`xxxxxxxx.<geo>.backup…`),
 *   whose record still belongs in the privatelink zone.
 * - `*.blob.storage.azure.net`: partitioned storage endpoints `<account>.zNN.blob.storage.azure.net` resolve
 *   through a public CNAME to `<account>.privatelink.blob.core.windows.net`, so the record is the account
 *   label alone in the blob zone (the zNN partition label is dropped). Seen in the dig output of
 *   github.com/adstuart/-azure-privatelink-storage-dnsparition README (commit fbff1092, 2023) and stated for
 *   Azure Backup by a Microsoft support engineer in MicrosoftDocs/azure-docs issue #82513 (2021). The
 *   private-endpoint DNS page itself only says, in its Elastic SAN row, that blob.storage.azure.net names use
 *   privatelink.blob.core.windows.net; it gives no record-name rule. Treat the convention as observed, not
 *   documented.
 */

export type ZoneService = "backup" | "blob" | "queue";

/** The three private DNS zones a backup private endpoint needs, by service. */
export interface RequiredZoneNames {
  readonly backup: string;
  readonly blob: string;
  readonly queue: string;
}

/** Where the private A record of one endpoint FQDN lives. */
export interface ZoneRecord {
  readonly zone: string;
  readonly recordName: string;
  readonly service: ZoneService;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const STORAGE_PARTITION = /^z[0-9]{2}$/;
const PRIVATELINK = "privatelink";

/** `privatelink.<geo>.<backup suffix>`. Refuses a region name given where a geo code belongs. */
export function backupZoneName(cloud: Cloud, geoCode: string): string {
  const code = geoCode.trim().toLowerCase();
  if (!/^[a-z0-9]+$/.test(code)) {
    throw new UserError(`"${geoCode}" is not an Azure Backup geo code.`, {
      hint: "Geo codes are short letters and digits such as eus, ne or uks.",
    });
  }
  const region = findRegion(code);
  if (region !== undefined && region.backupGeoCode !== code) {
    throw new UserError(`"${geoCode}" is a region name, not an Azure Backup geo code.`, {
      hint:
        region.backupGeoCode === null
          ? `No geo code is known for ${region.name}.`
          : `The geo code of ${region.name} is "${region.backupGeoCode}": privatelink.${region.backupGeoCode}.${cloud.dnsSuffixes.backup}.`,
    });
  }
  return `${PRIVATELINK}.${code}.${cloud.dnsSuffixes.backup}`;
}

/** The zones for an endpoint in `region`, which must belong to `cloud` and have a known geo code. */
export function requiredZoneNamesFor(cloud: Cloud, region: string): RequiredZoneNames {
  return {
    backup: backupZoneName(cloud, geoCodeFor(region, cloud.name)),
    blob: `${PRIVATELINK}.${cloud.dnsSuffixes.blob}`,
    queue: `${PRIVATELINK}.${cloud.dnsSuffixes.queue}`,
  };
}

function canonicalFqdn(fqdn: string): string {
  return fqdn.trim().toLowerCase().replace(/\.$/, "");
}

/** The labels in front of `.<suffix>`, or null when the name is not under that suffix. */
function labelsUnder(fqdn: string, suffix: string): string[] | null {
  return fqdn.endsWith(`.${suffix}`) ? fqdn.slice(0, -(suffix.length + 1)).split(".") : null;
}

function isRecordLabel(label: string | undefined): label is string {
  return label !== undefined && label !== PRIVATELINK && DNS_LABEL.test(label);
}

function backupRecord(fqdn: string, cloud: Cloud): ZoneRecord | null {
  const labels = labelsUnder(fqdn, cloud.dnsSuffixes.backup);
  // `<record>.privatelink.<geo>` as the zone group writes it, or `<record>.<geo>` as some DNS
  // configurations show it (see the private-endpoints.md note above).
  let record: string | undefined;
  let geo: string | undefined;
  if (labels?.length === 3 && labels[1] === PRIVATELINK) [record, , geo] = labels;
  else if (labels?.length === 2) [record, geo] = labels;
  if (!isRecordLabel(record) || geo === undefined || !/^[a-z0-9]+$/.test(geo)) return null;
  return { zone: `${PRIVATELINK}.${geo}.${cloud.dnsSuffixes.backup}`, recordName: record, service: "backup" };
}

function storageRecord(fqdn: string, suffix: string, service: "blob" | "queue"): ZoneRecord | null {
  const labels = labelsUnder(fqdn, suffix);
  if (labels === null) return null;
  // `<account>.<suffix>` (the public name) or `<account>.privatelink.<suffix>`.
  const [record, ...rest] = labels;
  const shapeOk = rest.length === 0 || (rest.length === 1 && rest[0] === PRIVATELINK);
  if (!shapeOk || !isRecordLabel(record)) return null;
  return { zone: `${PRIVATELINK}.${suffix}`, recordName: record, service };
}

function partitionedBlobRecord(fqdn: string, cloud: Cloud): ZoneRecord | null {
  const suffix = cloud.dnsSuffixes.blobStorage;
  if (suffix === null) return null;
  const labels = labelsUnder(fqdn, suffix);
  if (labels === null) return null;
  // `<account>.zNN.blob.storage.azure.net`. An unpartitioned `<account>.blob.storage.azure.net` is mapped the
  // same way by analogy; no source read shows its CNAME.
  const [record, ...rest] = labels;
  const shapeOk = rest.length === 0 || (rest.length === 1 && STORAGE_PARTITION.test(rest[0] ?? ""));
  if (!shapeOk || !isRecordLabel(record)) return null;
  return { zone: `${PRIVATELINK}.${cloud.dnsSuffixes.blob}`, recordName: record, service: "blob" };
}

/**
 * Maps an endpoint FQDN, as a private endpoint's customDnsConfigs lists it, to the private zone and record
 * name that make it resolve privately. null for names that are none of the three services in this cloud.
 */
export function zoneRecordForFqdn(fqdn: string, cloud: Cloud): ZoneRecord | null {
  const name = canonicalFqdn(fqdn);
  return (
    backupRecord(name, cloud) ??
    storageRecord(name, cloud.dnsSuffixes.blob, "blob") ??
    storageRecord(name, cloud.dnsSuffixes.queue, "queue") ??
    partitionedBlobRecord(name, cloud)
  );
}
