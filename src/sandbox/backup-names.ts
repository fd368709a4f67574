import regionData from "./data/backup-regions.json" with { type: "json" };
import service from "./data/backup-service.json" with { type: "json" };
import { ArmError } from "./errors.js";
import { endpointFqdn, SANDBOX_CLOUDS, type SandboxCloudName, zoneNameFor } from "./private-zones.js";
import { digest, guidFrom } from "./stable-ids.js";

/**
 * The names Azure Backup gives a vault's private endpoint: `<vaultNumericId>-ab-pod01-<svc>.privatelink.<geo>.backup.
 * <suffix>` for each backup service, plus the vault's blob and queue storage accounts. Everything the service
 * decides (geo codes, pairs, services, zones) comes from the sandbox's own data files under src/sandbox/data/, each
 * naming its sources; the numeric id and the storage account names are derived from the vault id, so they are
 * stable across saves without being stored.
 */
export const BACKUP_SERVICES: readonly string[] = service.services;

export type BackupGroupId = "AzureBackup" | "AzureBackup_secondary";
export const BACKUP_GROUP_IDS = service.groupIds as readonly BackupGroupId[];

/** How many backup private endpoints a vault takes, secondary ones included. */
export const MAX_ENDPOINTS_PER_VAULT: number = service.maxEndpointsPerVault;
/** Private IPs one backup endpoint takes when it is created. */
export const IPS_PER_ENDPOINT: number = service.ipsPerEndpoint;

/** One region as the sandbox knows it (src/sandbox/data/backup-regions.json). */
export interface SandboxRegion {
  readonly name: string;
  readonly cloud: SandboxCloudName;
  readonly geoCode: string;
  readonly pairedRegion: string | null;
}

type RegionEntry = Omit<SandboxRegion, "name">;
const REGIONS = regionData.regions as Record<string, RegionEntry>;

/** A region by its ARM name (any casing), as the sandbox's data has it. */
export function sandboxRegion(name: string): SandboxRegion | undefined {
  const key = name.trim().toLowerCase().replaceAll(" ", "");
  const entry = REGIONS[key];
  if (entry === undefined || !SANDBOX_CLOUDS.includes(entry.cloud)) return undefined;
  return { name: key, ...entry };
}

/** Every region the sandbox knows, by ARM name. */
export function sandboxRegions(): SandboxRegion[] {
  return Object.keys(REGIONS).flatMap((name) => sandboxRegion(name) ?? []);
}

/** The vault's numeric id: the 19-digit number that names it in its private FQDNs and connection names. */
export function vaultNumericId(vaultId: string): string {
  const n = digest(vaultId).readBigUInt64BE(0) % 9_000_000_000_000_000_000n;
  return (n + 1_000_000_000_000_000_000n).toString();
}

export interface BackupZones {
  readonly backup: string;
  readonly blob: string;
  readonly queue: string;
}

/** Where one group's names live: the cloud of the vault's region and the zones of the group's region. */
export interface BackupNaming {
  readonly cloud: SandboxCloudName;
  /** The vault's region for AzureBackup, its paired region for AzureBackup_secondary. */
  readonly region: SandboxRegion;
  readonly zones: BackupZones;
}

/**
 * The naming of a group for a vault in `vaultRegion`, or why the sandbox cannot name it: a region its data lacks,
 * or (for the secondary) one with no pair. Azure itself always knows these; the sandbox says which fact it lacks
 * instead of guessing a zone.
 */
export function backupNamingFor(vaultRegion: string, group: BackupGroupId): BackupNaming | string {
  const home = sandboxRegion(vaultRegion);
  if (home === undefined) return `the sandbox does not know the region '${vaultRegion}'`;
  let region = home;
  if (group === "AzureBackup_secondary") {
    const pair = home.pairedRegion === null ? undefined : sandboxRegion(home.pairedRegion);
    if (pair === undefined) return `${home.name} has no paired region`;
    region = pair;
  }
  const geo = region.geoCode;
  return {
    cloud: home.cloud,
    region,
    zones: {
      backup: zoneNameFor(home.cloud, "backup", geo),
      blob: zoneNameFor(home.cloud, "blob", geo),
      queue: zoneNameFor(home.cloud, "queue", geo),
    },
  };
}

/** Like backupNamingFor, for a write that needs the names: a 400 naming the missing fact otherwise. */
export function requireBackupNaming(vaultRegion: string, group: BackupGroupId): BackupNaming {
  const naming = backupNamingFor(vaultRegion, group);
  if (typeof naming === "string") {
    throw new ArmError(
      400,
      "SandboxCannotNameEndpoint",
      `The sandbox cannot name a ${group} endpoint for a vault in '${vaultRegion}': ${naming}. Use a region listed in src/sandbox/data/backup-regions.json.`,
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

/** A storage FQDN of the vault's account for `service` in the naming's cloud. */
export function storageFqdn(naming: BackupNaming, service: "blob" | "queue", account: string): string {
  return endpointFqdn(naming.cloud, service, account, naming.region.geoCode);
}

/** Every FQDN one backup endpoint gets when it is created: one per backup service, then blob and queue. */
export function backupDnsNames(vaultId: string, naming: BackupNaming, group: BackupGroupId): BackupDnsName[] {
  const id = vaultNumericId(vaultId);
  const geo = naming.region.geoCode;
  const account = storageAccountName(vaultId, group, geo, "created");
  return [
    ...BACKUP_SERVICES.map((svc) => ({
      fqdn: endpointFqdn(
        naming.cloud,
        "backup",
        service.recordName.replace("{vaultId}", id).replace("{service}", svc),
        geo,
      ),
      member: `backup-${svc}`,
    })),
    { fqdn: storageFqdn(naming, "blob", account), member: "blob" },
    { fqdn: storageFqdn(naming, "queue", account), member: "queue" },
  ];
}

/** The vault-side connection name: `<peName>.<vaultNumericId>.backup.<guid>`. */
export function backupConnectionName(peName: string, vaultId: string, peId: string): string {
  return `${peName}.${vaultNumericId(vaultId)}.backup.${guidFrom(peId)}`;
}
