import type { Vault, VaultPrivateEndpointConnection } from "./inventory.js";
import type { BackupGroupId } from "./plan/plan-schema.js";

/**
 * "Is this a backup connection?", answered once. A Recovery Services vault's private endpoint connections serve
 * Azure Backup (group ids AzureBackup and AzureBackup_secondary) or Azure Site Recovery (AzureSiteRecovery); only
 * the backup ones count toward the 12 backup endpoints per vault (seed: Considerations before you start) and
 * need the backup zones. Group ids are compared without regard to case, as ARM does.
 */

/** The backup group id a connection serves, as vaultlink spells it, or undefined for any other connection. */
export function backupGroupIdOf(
  connection: Pick<VaultPrivateEndpointConnection, "groupIds">,
): BackupGroupId | undefined {
  const groups = connection.groupIds.map((g) => g.toLowerCase());
  if (groups.includes("azurebackup")) return "AzureBackup";
  if (groups.includes("azurebackup_secondary")) return "AzureBackup_secondary";
  return undefined;
}

export function isBackupConnection(connection: Pick<VaultPrivateEndpointConnection, "groupIds">): boolean {
  return backupGroupIdOf(connection) !== undefined;
}

/** One backup endpoint of a vault, as its connections name it. */
export interface VaultBackupEndpoint {
  readonly privateEndpointId: string;
  readonly groupId: BackupGroupId;
}

/**
 * The vault's backup endpoints, primary and secondary, each once (a vault lists one connection per endpoint, but
 * ids are compared as ARM does, ignoring case). These are what the 12-per-vault limit counts.
 */
export function backupEndpointsOf(vault: Pick<Vault, "privateEndpointConnections">): VaultBackupEndpoint[] {
  const byId = new Map<string, VaultBackupEndpoint>();
  for (const connection of vault.privateEndpointConnections) {
    const groupId = backupGroupIdOf(connection);
    const key = connection.privateEndpointId.toLowerCase();
    if (groupId !== undefined && !byId.has(key))
      byId.set(key, { privateEndpointId: connection.privateEndpointId, groupId });
  }
  return [...byId.values()];
}
