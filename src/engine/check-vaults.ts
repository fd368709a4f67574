import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { boundedMap } from "../azure/lists-side-by-side.js";
import { parseResourceId } from "../core/arm-id.js";
import { type Finding, sortFindings } from "../core/findings.js";
import type { BackupVault, PolicyAssignment, Vault } from "../core/inventory.js";
import { checkVaultPolicyCoverage } from "../core/rules/backup-dns-policy.js";
import { Source } from "../core/rules/sources.js";
import { checkVaultKind } from "../core/rules/vault-kind.js";
import { UserError } from "../core/user-error.js";
import { readVaultFacts, uniqueIds } from "./read-vault-facts.js";
import {
  type Eligibility,
  eligibilityOf,
  type VaultEligibility,
  vaultEligibility,
  vaultNotFound,
} from "./vault-eligibility.js";

/**
 * `vaultlink check`: whether Recovery Services vaults can take v2 backup private endpoints, before anyone plans.
 * Read-only; the verdict is vaultEligibility's, the one the wizard's vault badges and a plan's dry run use.
 */

/** Which vaults to check. */
export type VaultSelection =
  /** These ids, exactly (a Backup vault or any other resource id gets its finding without an ARM call). */
  | { readonly kind: "vaults"; readonly vaultIds: readonly string[] }
  /** Every Recovery Services vault in these subscriptions; empty means every subscription the identity can see. */
  | { readonly kind: "subscriptions"; readonly subscriptionIds: readonly string[] };

export type { Eligibility } from "./vault-eligibility.js";

export interface VaultCheck {
  readonly vaultId: string;
  readonly name: string;
  /** Undefined when the vault was not read (not found, or not a Recovery Services vault). */
  readonly vault: Vault | undefined;
  readonly eligibility: Eligibility;
  /** Most serious first (sortFindings). */
  readonly findings: readonly Finding[];
}

/** Vaults read at once: each costs a few reads, and ARM throttles a subscription's reads (12,000 an hour). */
const VAULTS_AT_ONCE = 4;

function resultFor(vaultId: string, vault: Vault | undefined, findings: readonly Finding[]): VaultCheck {
  return {
    vaultId,
    name: vault?.name ?? parseResourceId(vaultId).name,
    vault,
    eligibility: eligibilityOf(findings),
    findings: sortFindings(findings),
  };
}

/** Reads what the rules need about one vault and decides its eligibility: the wizard's badge and check's verdict. */
export async function readVaultEligibility(adapter: AzureAdapter, vault: Vault): Promise<VaultEligibility> {
  return vaultEligibility(await readVaultFacts(adapter, vault));
}

/** The policy assignments of each subscription (undefined when its list was refused). */
type AssignmentsOf = (subscriptionId: string) => Promise<readonly PolicyAssignment[] | undefined>;

/**
 * The policy assignments of the subscriptions, read once per `check` run for all of them (one Resource Graph query,
 * or ARM's list per subscription when Resource Graph refuses).
 */
function assignmentsOfSubscriptions(
  adapter: AzureAdapter,
  subscriptionIds: readonly string[],
): AssignmentsOf {
  let read: ReturnType<AzureAdapter["inventory"]["policyAssignments"]> | undefined;
  return async (subscriptionId) => {
    read ??= adapter.inventory.policyAssignments(uniqueIds(subscriptionIds));
    return (await read).get(subscriptionId.toLowerCase());
  };
}

async function checkReadVault(
  adapter: AzureAdapter,
  vault: Vault,
  assignmentsOf: AssignmentsOf,
): Promise<VaultCheck> {
  const [{ findings }, assignments] = await Promise.all([
    readVaultEligibility(adapter, vault),
    assignmentsOf(vault.subscriptionId),
  ]);
  // Info only, so the verdict stays vaultEligibility's: who will add the zone groups of the endpoints to come.
  return resultFor(vault.id, vault, [...findings, ...checkVaultPolicyCoverage(vault, assignments ?? [])]);
}

async function checkVaultId(
  adapter: AzureAdapter,
  vaultId: string,
  assignmentsOf: AssignmentsOf,
): Promise<VaultCheck> {
  // A Backup vault (or any other resource) is answered from its id: a Vaults_Get on it would only 404.
  const kind = checkVaultKind(vaultId);
  if (kind.length > 0) return resultFor(parseResourceId(vaultId).id, undefined, kind);
  const vault = await unlessNotFound(adapter.getVault(vaultId));
  if (vault === undefined) {
    const id = parseResourceId(vaultId).id;
    return resultFor(id, undefined, [vaultNotFound(id, "given to `vaultlink check`")]);
  }
  return checkReadVault(adapter, vault, assignmentsOf);
}

/** The vaults of the subscriptions (every readable one when none is named), from the tenant's inventory. */
function vaultsOf(adapter: AzureAdapter, subscriptionIds: readonly string[]): Promise<Vault[]> {
  const scope = subscriptionIds.length > 0 ? uniqueIds(subscriptionIds.map((id) => id.trim())) : "every";
  return allPages(adapter.inventory.vaults(scope));
}

/**
 * Checks the selected vaults, read-only. Results are ordered by vault id (so by subscription, resource group and
 * name), which keeps the output stable between runs.
 * @throws UserError when a given id is not an ARM id, or ARM refuses a read (an unknown subscription, say).
 */
export async function checkVaults(adapter: AzureAdapter, selection: VaultSelection): Promise<VaultCheck[]> {
  let results: VaultCheck[];
  if (selection.kind === "vaults") {
    const ids = uniqueIds(selection.vaultIds.map((id) => id.trim()));
    // A malformed id fails in checkVaultId with its own message; its subscription is simply not asked about.
    const subscriptions = ids.flatMap((id) => {
      try {
        return [parseResourceId(id).subscriptionId];
      } catch (error) {
        if (error instanceof UserError) return [];
        throw error;
      }
    });
    const assignmentsOf = assignmentsOfSubscriptions(adapter, subscriptions);
    results = await boundedMap(ids, VAULTS_AT_ONCE, (id) => checkVaultId(adapter, id, assignmentsOf));
  } else {
    const vaults = await vaultsOf(adapter, selection.subscriptionIds);
    const assignmentsOf = assignmentsOfSubscriptions(
      adapter,
      vaults.map((v) => v.subscriptionId),
    );
    results = await boundedMap(vaults, VAULTS_AT_ONCE, (vault) =>
      checkReadVault(adapter, vault, assignmentsOf),
    );
  }
  return results.sort((a, b) => a.vaultId.toLowerCase().localeCompare(b.vaultId.toLowerCase()));
}

/** A Backup vault found in the subscriptions checked: listed apart, with why it takes no endpoints and what to use. */
export interface BackupVaultCheck {
  readonly vault: BackupVault;
  readonly eligibility: "blocked";
  readonly findings: readonly Finding[];
}

/** What `check` lists besides the Recovery Services vaults. */
export interface BackupVaultListing {
  readonly backupVaults: readonly BackupVaultCheck[];
  /** Subscriptions whose Backup vaults could not be listed, each as one info finding (the check goes on). */
  readonly unlisted: readonly Finding[];
}

/** The finding of a Backup vault: the one vault-kind rule, as for a Backup vault id given to `check`. */
export function backupVaultCheck(vault: BackupVault): BackupVaultCheck {
  return { vault, eligibility: "blocked", findings: checkVaultKind(vault.id) };
}

/**
 * The Backup vaults (Microsoft.DataProtection) of the subscriptions a `check` covers (every readable one when none
 * is named), from the tenant's inventory, so a user whose vault is "missing" learns it is a Backup vault. A list ARM
 * refuses is said as a note, not fatal: the Recovery Services vaults are what was asked about. Ordered by id.
 */
export async function listBackupVaults(
  adapter: AzureAdapter,
  selection: VaultSelection,
): Promise<BackupVaultListing> {
  if (selection.kind === "vaults") return { backupVaults: [], unlisted: [] };
  const scope =
    selection.subscriptionIds.length > 0
      ? uniqueIds(selection.subscriptionIds.map((id) => id.trim()))
      : "every";
  try {
    const vaults = await allPages(adapter.inventory.backupVaults(scope));
    return {
      backupVaults: vaults
        .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
        .map(backupVaultCheck),
      unlisted: [],
    };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const unlisted: Finding = {
      severity: "info",
      code: "backup-vaults-not-listed",
      message: `Could not list the Backup vaults: ${error.message}`,
      fix: "Nothing to do for Recovery Services vaults. A vault missing from the list may be a Backup vault, which takes no backup private endpoints.",
      source: Source.seedBeforeYouStart,
    };
    return { backupVaults: [], unlisted: [unlisted] };
  }
}
