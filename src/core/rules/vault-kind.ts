import { parseResourceId, vaultKindOf } from "../arm-id.js";
import type { Finding } from "../findings.js";
import { Source } from "./sources.js";

/**
 * Only Recovery Services vaults take Azure Backup private endpoints: "private endpoints are currently not
 * supported for Backup vaults" (seed). A Backup vault (Microsoft.DataProtection/backupVaults) is the usual mix-up.
 * @throws UserError when `resourceId` is not an ARM id at all.
 */
export function checkVaultKind(resourceId: string): Finding[] {
  const parsed = parseResourceId(resourceId);
  const kind = vaultKindOf(parsed);
  if (kind === "recoveryServicesVault") return [];
  if (kind === "backupVault") {
    return [
      {
        severity: "block",
        code: "backup-vault-unsupported",
        message: `${parsed.name} is a Backup vault (Microsoft.DataProtection/backupVaults); Azure Backup's v2 private endpoints are for Recovery Services vaults only ("private endpoints are currently not supported for Backup vaults").`,
        fix: "Use a Recovery Services vault (Microsoft.RecoveryServices/vaults) for workloads that need private endpoints: SQL Server or SAP HANA in Azure VMs, the MARS agent, DPM 2022 / MABS v4 or later. Create a new one (`az backup vault create`) and set up its endpoints before registering anything to it.",
        source: Source.seedBeforeYouStart,
        subject: parsed.id,
      },
    ];
  }
  return [
    {
      severity: "block",
      code: "not-a-vault",
      message: `${parsed.id} is a ${parsed.fullType}, not a Recovery Services vault.`,
      fix: "Give the id of a Recovery Services vault: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.RecoveryServices/vaults/<name>.",
      source: Source.seedBeforeYouStart,
      subject: parsed.id,
    },
  ];
}
