import type { Route } from "../context.js";
import { readOnlyRoutes } from "./list-routes.js";

/**
 * Backup vaults, read only (BackupVaults_Get, BackupVaults_GetInResourceGroup, BackupVaults_GetInSubscription of
 * Microsoft.DataProtection 2024-04-01): a vault a user may take for a Recovery Services vault, which takes no backup
 * private endpoints. Served as stored, in the shape of the spec's example
 * (Azure/azure-rest-api-specs, specification/dataprotection/resource-manager/Microsoft.DataProtection/stable/
 * 2024-04-01/examples/VaultCRUD/GetBackupVaultsInSubscription.json, commit 73ffaaf29baa8432cd244621c6339429ab3d6c7f).
 * Its traffic is checked against the vendored excerpt (spec/azure/README.md, "Excerpt: Data Protection Backup vaults").
 */
export const BACKUP_VAULT_TYPE = "Microsoft.DataProtection/backupVaults";

export const backupVaultRoutes: readonly Route[] = readOnlyRoutes(
  BACKUP_VAULT_TYPE,
  "dataprotection.backupVaults",
);
