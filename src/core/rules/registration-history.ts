import type { Finding } from "../findings.js";
import type { ProtectedItemCount, ProtectionContainer, RegistrationKind, Vault } from "../inventory.js";
import type { BackupGroupId } from "../plan/plan-schema.js";
import type { Observed } from "./observed.js";
import { Source } from "./sources.js";

export interface RegistrationFacts {
  readonly vault: Vault;
  /** Items protected now (BackupProtectedItems_List through the backup resource provider). */
  readonly protectedItems: Observed<ProtectedItemCount>;
  /** Servers and VMs registered now (BackupProtectionContainers_List for MARS, DPM, MABS, SQL/HANA in VMs). */
  readonly registeredContainers: Observed<readonly ProtectionContainer[]>;
  /** Group ids of the endpoints the plan would add; empty when only checking eligibility. */
  readonly plannedGroupIds: readonly BackupGroupId[];
}

/**
 * Private endpoints can be created only for a vault that has never had an item registered or protected, failed
 * attempts included (seed; v2 how-to). ARM lists only items protected *now*, so zero is necessary, not
 * sufficient. The one exception the seed names: a secondary endpoint "before or after you have protected items",
 * which needs the vault to have its primary endpoints already.
 */
export function checkRegistrationHistory(facts: RegistrationFacts): Finding[] {
  const { vault, protectedItems } = facts;
  if (protectedItems.kind === "unknown") {
    return [
      {
        severity: "warn",
        code: "protected-items-unknown",
        message: `Could not count the items protected in ${vault.name}: ${protectedItems.reason}`,
        fix: "Check in the portal (vault > Backup items) that the vault has no backup items, or grant Backup Reader on the vault and run the check again.",
        source: Source.seedBeforeYouStart,
        subject: vault.id,
      },
    ];
  }
  const { count } = protectedItems.value;
  const secondaryOnly =
    facts.plannedGroupIds.length > 0 && facts.plannedGroupIds.every((g) => g === "AzureBackup_secondary");
  if (count > 0 && secondaryOnly && vault.privateEndpointStateForBackup === "Enabled") {
    return [
      {
        severity: "info",
        code: "protected-items-secondary-only",
        message: `${vault.name} protects ${count} item${count === 1 ? "" : "s"}; only a secondary (AzureBackup_secondary) endpoint is planned, which the documentation allows before or after items are protected.`,
        fix: "No action needed. New primary (AzureBackup) endpoints would still need a vault that never had items registered.",
        source: Source.seedBeforeYouStart,
        subject: vault.id,
      },
    ];
  }
  if (count > 0) {
    return [
      {
        severity: "block",
        code: "vault-has-protected-items",
        message: `${vault.name} protects ${count} item${count === 1 ? "" : "s"}; backup private endpoints can be created only for a vault that never had items registered or protected.`,
        fix: "Create a new Recovery Services vault, set up its private endpoints first, then protect the workloads in it. Stopping protection in this vault does not make it eligible again.",
        source: `${Source.seedBeforeYouStart}; ${Source.v2HowTo}`,
        subject: vault.id,
      },
    ];
  }
  const containers = facts.registeredContainers;
  if (containers.kind === "unknown") {
    return [
      {
        severity: "warn",
        code: "registered-servers-unknown",
        message: `Could not list the servers registered to ${vault.name}: ${containers.reason}`,
        fix: "Check in the portal (vault > Backup Infrastructure: Backup Servers, Protected Servers, Workloads in Azure VM) that nothing is registered, or grant Backup Reader on the vault and run the check again.",
        source: Source.seedBeforeYouStart,
        subject: vault.id,
      },
    ];
  }
  if (containers.value.length > 0 && !(secondaryOnly && vault.privateEndpointStateForBackup === "Enabled")) {
    const listed = registeredText(containers.value);
    return [
      {
        severity: "block",
        code: "vault-has-registered-servers",
        message: `${vault.name} protects no items, but ${listed} ${containers.value.length === 1 ? "is" : "are"} registered to it; backup private endpoints can be created only for a vault that never had items registered.`,
        fix: "Create a new Recovery Services vault, set up its private endpoints first, then register the servers and workloads to it. Unregistering them here does not make this vault eligible again.",
        source: `${Source.seedBeforeYouStart}; ${Source.v2HowTo}`,
        subject: vault.id,
      },
    ];
  }
  if (vault.privateEndpointStateForBackup === "Enabled") return [];
  return [
    {
      severity: "info",
      code: "registration-history-unknown",
      message: `${vault.name} protects no items and has no servers registered now, but Azure Resource Manager does not show whether anything was registered before or an attempt to protect an item failed; either makes the vault ineligible.`,
      fix: "If anyone ever registered a server or tried to protect an item in this vault, use a new vault instead; a vault made for private endpoints is the documented path.",
      source: `${Source.seedBeforeYouStart}; ${Source.v2HowTo}`,
      subject: vault.id,
    },
  ];
}

const KIND_WORDS: Readonly<Record<RegistrationKind, string>> = {
  MAB: "MARS agent",
  DPM: "DPM server",
  AzureBackupServer: "Azure Backup Server",
  AzureWorkload: "SQL Server / SAP HANA VM",
};

/** "2 servers (MARS agent: srv-a, srv-b; DPM server: dpm-01)", the first few names of each kind. */
function registeredText(containers: readonly ProtectionContainer[]): string {
  const byKind = new Map<RegistrationKind, string[]>();
  for (const c of containers) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c.friendlyName]);
  const parts = [...byKind].map(([kind, names]) => {
    const shown = names.slice(0, 3).join(", ");
    return `${KIND_WORDS[kind]}: ${shown}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`;
  });
  const n = containers.length;
  return `${n} server${n === 1 ? "" : "s"} or VM${n === 1 ? "" : "s"} (${parts.join("; ")})`;
}
