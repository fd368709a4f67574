import { createHash } from "node:crypto";
import { backupGeoCodeFor, pairedRegionOf } from "./regions.js";

/**
 * The names Azure Backup gives a vault's private endpoint (DOMAIN-FACTS "Names that must resolve
 * privately"): `<vaultNumericId>-ab-pod01-<svc>.privatelink.<geo>.backup.windowsazure.com` for each backup
 * service, plus the vault's blob and queue storage accounts. The numeric id and the storage account names are
 * derived from the vault id, so they are stable across saves without being stored.
 */
export const BACKUP_SERVICES = ["fc1", "rec2", "id1", "fab1", "tel1", "prot1", "wbcm1", "ecs1"] as const;

export type BackupGroupId = "AzureBackup" | "AzureBackup_secondary";
export const BACKUP_GROUP_IDS: readonly BackupGroupId[] = ["AzureBackup", "AzureBackup_secondary"];

function digest(text: string): Buffer {
  return createHash("sha256").update(text.toLowerCase()).digest();
}

/** The 19-digit number that names a vault in its private FQDNs and connection names. */
export function vaultNumericId(vaultId: string): string {
  const n = digest(vaultId).readBigUInt64BE(0) % 9_000_000_000_000_000_000n;
  return (n + 1_000_000_000_000_000_000n).toString();
}

export function backupZoneName(geo: string): string {
  return `privatelink.${geo}.backup.windowsazure.com`;
}

/** The region whose geo code a group's names use: the vault's own, or its pair for the secondary. */
export function regionForGroup(vaultRegion: string, group: BackupGroupId): string | undefined {
  return group === "AzureBackup" ? vaultRegion : pairedRegionOf(vaultRegion);
}

export interface BackupDnsName {
  readonly fqdn: string;
  /** Which requiredMember of the private link resource this name serves. */
  readonly member: string;
}

/** Every FQDN one backup endpoint gets: 8 backup services + blob + queue = 10 private IPs. */
export function backupDnsNames(vaultId: string, vaultRegion: string, group: BackupGroupId): BackupDnsName[] {
  const region = regionForGroup(vaultRegion, group) ?? vaultRegion;
  const geo = backupGeoCodeFor(region) ?? region;
  const id = vaultNumericId(vaultId);
  const suffix = digest(`${vaultId}/${group}`).toString("hex").slice(0, 10);
  const account = `${geo.replace(/[^a-z0-9]/g, "")}bkp${suffix}`.slice(0, 24);
  return [
    ...BACKUP_SERVICES.map((svc) => ({
      fqdn: `${id}-ab-pod01-${svc}.${backupZoneName(geo)}`,
      member: `backup-${svc}`,
    })),
    { fqdn: `${account}.blob.core.windows.net`, member: "blob" },
    { fqdn: `${account}.queue.core.windows.net`, member: "queue" },
  ];
}

/** The vault-side connection name: `<peName>.<vaultNumericId>.backup.<guid>` (DOMAIN-FACTS). */
export function backupConnectionName(peName: string, vaultId: string, peId: string): string {
  const hex = digest(peId).toString("hex");
  const guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `${peName}.${vaultNumericId(vaultId)}.backup.${guid}`;
}
