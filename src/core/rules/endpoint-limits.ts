import { parseResourceId, privateEndpointId } from "../arm-id.js";
import { backupEndpointsOf } from "../backup-connections.js";
import type { Finding } from "../findings.js";
import type { PrivateEndpoint, Vault } from "../inventory.js";
import type { BackupGroupId } from "../plan/plan-schema.js";
import { Source } from "./sources.js";

/** "You can create a maximum of 12 private endpoints for a vault" (seed); secondary ones count too (v2 how-to). */
export const MAX_BACKUP_ENDPOINTS_PER_VAULT = 12;

/** An endpoint the plan would create. A plan's `EndpointPlan` fits this shape. */
export interface PlannedEndpoint {
  readonly name: string;
  readonly groupId: BackupGroupId;
  /** The endpoint is created in this subnet's subscription and resource group. */
  readonly subnetId: string;
}

export interface EndpointLimitFacts {
  readonly vault: Vault;
  readonly planned: readonly PlannedEndpoint[];
  /** The private endpoint resources behind the vault's connections, as far as the adapter could read them. */
  readonly existingEndpoints: readonly PrivateEndpoint[];
}

interface CountedEndpoint {
  readonly id: string;
  readonly name: string;
  readonly groupId: string;
  readonly planned: boolean;
}

function plannedEndpointId(endpoint: PlannedEndpoint): string {
  const subnet = parseResourceId(endpoint.subnetId);
  const resourceGroup = subnet.kind === "subscription" ? undefined : subnet.resourceGroup;
  if (resourceGroup === undefined) return endpoint.subnetId;
  return privateEndpointId({ subscriptionId: subnet.subscriptionId, resourceGroup }, endpoint.name).id;
}

/** The vault's backup endpoints, primary and secondary; ASR endpoints are outside the backup limit the seed states. */
function existingBackupEndpoints(vault: Vault): CountedEndpoint[] {
  return backupEndpointsOf(vault).map((e) => ({
    id: e.privateEndpointId,
    name: parseResourceId(e.privateEndpointId).name,
    groupId: e.groupId,
    planned: false,
  }));
}

/** Planned endpoints that are not already there: replaying a plan adds nothing. Kept in full, duplicates too. */
function newPlannedEndpoints(
  facts: EndpointLimitFacts,
  existing: readonly CountedEndpoint[],
): CountedEndpoint[] {
  const existingIds = new Set(existing.map((e) => e.id.toLowerCase()));
  return facts.planned
    .map((e) => ({ id: plannedEndpointId(e), name: e.name, groupId: e.groupId, planned: true }))
    .filter((e) => !existingIds.has(e.id.toLowerCase()));
}

function describeCount(endpoints: readonly CountedEndpoint[]): string {
  const count = (planned: boolean, secondary: boolean) =>
    endpoints.filter((e) => e.planned === planned && (e.groupId === "AzureBackup_secondary") === secondary)
      .length;
  return `${count(false, false)} existing primary, ${count(false, true)} existing secondary, ${count(true, false)} planned primary, ${count(true, true)} planned secondary`;
}

function tooMany(facts: EndpointLimitFacts, endpoints: readonly CountedEndpoint[]): Finding[] {
  if (endpoints.length <= MAX_BACKUP_ENDPOINTS_PER_VAULT) return [];
  return [
    {
      severity: "block",
      code: "too-many-endpoints",
      message: `${facts.vault.name} would have ${endpoints.length} backup private endpoints (${describeCount(endpoints)}); a vault takes at most ${MAX_BACKUP_ENDPOINTS_PER_VAULT}, secondary (AzureBackup_secondary) ones included.`,
      fix: `Plan at most ${Math.max(0, MAX_BACKUP_ENDPOINTS_PER_VAULT - endpoints.filter((e) => !e.planned).length)} new endpoints: share one endpoint per hub VNet through peering instead of one per spoke, or remove endpoints the vault no longer needs.`,
      source: `${Source.seedBeforeYouStart}; ${Source.crossRegionRestore}`,
      subject: facts.vault.id,
    },
  ];
}

/** "Creation of multiple private endpoints with the same name under Recovery Services vaults is unsupported" (seed). */
function duplicateNames(facts: EndpointLimitFacts, endpoints: readonly CountedEndpoint[]): Finding[] {
  const byName = new Map<string, CountedEndpoint[]>();
  for (const endpoint of endpoints) {
    const key = endpoint.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), endpoint]);
  }
  const findings: Finding[] = [];
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    findings.push({
      severity: "block",
      code: "duplicate-endpoint-name",
      message: `${same.length} private endpoints of ${facts.vault.name} would be named "${same[0]?.name}": ${same.map((e) => e.id).join(", ")}. Endpoints with the same name under one vault are unsupported.`,
      fix: "Give each planned endpoint a name no other endpoint of this vault has, in any resource group (names are compared without regard to case).",
      source: Source.seedBeforeYouStart,
      subject: facts.vault.id,
    });
  }
  return findings;
}

/**
 * Static IPs: "unsupported in the version 2 experience due to dynamic IP expansion. Although creation succeeds,
 * registration might fail for vaults that have existing protected items"
 * (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept). A plan cannot ask for them
 * (reading it refuses the fields with this reason, plan-codec.ts); endpoints made elsewhere may have them.
 */
function staticIps(facts: EndpointLimitFacts): Finding[] {
  return facts.existingEndpoints
    .filter((e) => e.staticIpConfigurations.length > 0)
    .map((e) => ({
      severity: "warn",
      code: "static-ip-endpoint-exists",
      message: `Existing endpoint ${e.name} has static IP configurations (${e.staticIpConfigurations.map((c) => c.privateIpAddress).join(", ")}); with v2, registration may fail once the vault has protected items.`,
      fix: "Recreate the endpoint without static IPs (delete it, then create it with dynamic allocation) before protecting items through it.",
      source: Source.seedBeforeYouStart,
      subject: e.id,
    }));
}

/** The 12-endpoint limit, unique names and no static IPs, over existing and planned endpoints together. */
export function checkEndpointLimits(facts: EndpointLimitFacts): Finding[] {
  const existing = existingBackupEndpoints(facts.vault);
  const endpoints = [...existing, ...newPlannedEndpoints(facts, existing)];
  return [...tooMany(facts, endpoints), ...duplicateNames(facts, endpoints), ...staticIps(facts)];
}

/**
 * Room for more backup endpoints when nothing is planned yet (`vaultlink check`, the wizard's vault list). With a
 * plan, checkEndpointLimits counts the planned endpoints against the 12 instead; before one, what matters is
 * whether one more fits, and that a secondary endpoint for cross-region restore would count too (v2 how-to).
 */
export function checkEndpointRoom(vault: Vault): Finding[] {
  const count = existingBackupEndpoints(vault).length;
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
