import { CLOUD_NAMES, type Cloud, type CloudName, cloudFor } from "../core/clouds.js";
import { type RequiredZoneNames, requiredZoneNamesFor } from "../core/dns-names.js";
import type { VaultGroupId } from "../core/inventory.js";
import { findRegion, pairedRegionFor, type Region } from "../core/regions.js";
import { ArmError } from "./errors.js";
import { digest, guidFrom } from "./stable-ids.js";

/**
 * The names Azure Backup gives a vault's private endpoint (DOMAIN-FACTS "Names that must resolve
 * privately"): `<vaultNumericId>-ab-pod01-<svc>.privatelink.<geo>.backup.<suffix>` for each backup
 * service, plus the vault's blob and queue storage accounts. The numeric id and the storage account names are
 * derived from the vault id, so they are stable across saves without being stored.
 */
export const BACKUP_SERVICES = ["fc1", "rec2", "id1", "fab1", "tel1", "prot1", "wbcm1", "ecs1"] as const;

export type BackupGroupId = Exclude<VaultGroupId, "AzureSiteRecovery">;
export const BACKUP_GROUP_IDS: readonly BackupGroupId[] = ["AzureBackup", "AzureBackup_secondary"];

/** The 19-digit number that names a vault in its private FQDNs and connection names. */
export function vaultNumericId(vaultId: string): string {
  const n = digest(vaultId).readBigUInt64BE(0) % 9_000_000_000_000_000_000n;
  return (n + 1_000_000_000_000_000_000n).toString();
}

/** Where one group's names live: the cloud of the vault's region and the zones of the group's region. */
export interface BackupNaming {
  readonly cloud: Cloud;
  /** The vault's region for AzureBackup, its paired region for AzureBackup_secondary. */
  readonly region: Region;
  readonly zones: RequiredZoneNames;
}

const isCloudName = (name: string): name is CloudName => (CLOUD_NAMES as readonly string[]).includes(name);

/**
 * The naming of a group for a vault in `vaultRegion`, or why the sandbox cannot name it: a region missing
 * from src/core/data/regions.json, one with no known geo code, or (for the secondary) no known pair. Azure
 * itself always knows these; the sandbox says which fact it lacks instead of guessing a zone.
 */
export function backupNamingFor(vaultRegion: string, group: BackupGroupId): BackupNaming | string {
  const home = findRegion(vaultRegion);
  if (home === undefined || !isCloudName(home.cloud))
    return `the sandbox does not know the region '${vaultRegion}'`;
  let region = home;
  if (group === "AzureBackup_secondary") {
    const pair = pairedRegionFor(home.name);
    if (pair.kind !== "paired") return pair.reason;
    region = pair.region;
  }
  if (region.backupGeoCode === null) return `no Azure Backup geo code is known for ${region.name}`;
  const cloud = cloudFor(home.cloud);
  return { cloud, region, zones: requiredZoneNamesFor(cloud, region.name) };
}

/** Like backupNamingFor, for a write that needs the names: a 400 naming the missing fact otherwise. */
export function requireBackupNaming(vaultRegion: string, group: BackupGroupId): BackupNaming {
  const naming = backupNamingFor(vaultRegion, group);
  if (typeof naming === "string") {
    throw new ArmError(
      400,
      "SandboxCannotNameEndpoint",
      `The sandbox cannot name a ${group} endpoint for a vault in '${vaultRegion}': ${naming}. Use a region listed in src/core/data/regions.json.`,
    );
  }
  return naming;
}

export interface BackupDnsName {
  readonly fqdn: string;
  /** Which requiredMember of the private link resource this name serves. */
  readonly member: string;
}

/**
 * A storage account name Azure Backup would allocate for the vault (3-24 lower-case letters and digits):
 * `<geo>bkp<hash>`, one per purpose, so each simulated allocation gets a new account.
 */
export function storageAccountName(
  vaultId: string,
  group: BackupGroupId,
  geo: string,
  purpose: string,
): string {
  const suffix = digest(`${vaultId}/${group}/${purpose}`).toString("hex").slice(0, 10);
  return `${geo.replace(/[^a-z0-9]/g, "")}bkp${suffix}`.slice(0, 24);
}

/** Every FQDN one backup endpoint gets when it is created: 8 backup services + blob + queue = 10 private IPs. */
export function backupDnsNames(vaultId: string, naming: BackupNaming, group: BackupGroupId): BackupDnsName[] {
  const id = vaultNumericId(vaultId);
  const geo = naming.region.backupGeoCode ?? "";
  const account = storageAccountName(vaultId, group, geo, "created");
  const suffixes = naming.cloud.dnsSuffixes;
  return [
    ...BACKUP_SERVICES.map((svc) => ({
      fqdn: `${id}-ab-pod01-${svc}.${naming.zones.backup}`,
      member: `backup-${svc}`,
    })),
    { fqdn: `${account}.${suffixes.blob}`, member: "blob" },
    { fqdn: `${account}.${suffixes.queue}`, member: "queue" },
  ];
}

/** The vault-side connection name: `<peName>.<vaultNumericId>.backup.<guid>` (DOMAIN-FACTS). */
export function backupConnectionName(peName: string, vaultId: string, peId: string): string {
  return `${peName}.${vaultNumericId(vaultId)}.backup.${guidFrom(peId)}`;
}
