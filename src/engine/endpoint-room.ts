import type { Finding } from "../core/findings.js";
import type { Vault } from "../core/inventory.js";
import { MAX_BACKUP_ENDPOINTS_PER_VAULT } from "../core/rules/endpoint-limits.js";
import { Source } from "../core/rules/sources.js";

/** Backup endpoints the vault has now: one per endpoint behind an AzureBackup or AzureBackup_secondary connection. */
export function backupEndpointCount(vault: Vault): number {
  const ids = vault.privateEndpointConnections
    // ASR endpoints (AzureSiteRecovery) are outside the backup limit.
    .filter((c) => c.groupIds.some((g) => g.toLowerCase().startsWith("azurebackup")))
    .map((c) => c.privateEndpointId.toLowerCase());
  return new Set(ids).size;
}

/**
 * Room for more backup endpoints when nothing is planned yet (`vaultlink check`). With a plan, the endpoint-limits
 * rule counts the planned endpoints against the 12 instead; before one, what matters is whether one more fits,
 * and that a secondary endpoint for cross-region restore would count too (seed; v2 how-to).
 */
export function endpointRoomFindings(vault: Vault): Finding[] {
  const count = backupEndpointCount(vault);
  const left = MAX_BACKUP_ENDPOINTS_PER_VAULT - count;
  if (left <= 0) {
    return [
      {
        severity: "block",
        code: "endpoint-limit-reached",
        message: `${vault.name} has ${count} backup private endpoints, the most a vault can have (${MAX_BACKUP_ENDPOINTS_PER_VAULT}, secondary ones included): no new endpoint fits.`,
        fix: "Reach the vault through an existing endpoint (peer the workload VNet to one that has it), or delete an endpoint the vault no longer needs before planning a new one.",
        source: `${Source.seedBeforeYouStart}; ${Source.crossRegionRestore}`,
        subject: vault.id,
      },
    ];
  }
  if (left === 1) {
    return [
      {
        severity: "warn",
        code: "endpoint-limit-one-left",
        message: `${vault.name} has ${count} backup private endpoints: only one more fits under the limit of ${MAX_BACKUP_ENDPOINTS_PER_VAULT}, and a secondary (AzureBackup_secondary) endpoint for cross-region restore counts too.`,
        fix: "Decide what the last endpoint is for (a hub VNet every workload peers to, or the secondary region), or remove endpoints the vault no longer needs; a plan with two or more new endpoints is blocked.",
        source: `${Source.seedBeforeYouStart}; ${Source.crossRegionRestore}`,
        subject: vault.id,
      },
    ];
  }
  return [];
}
