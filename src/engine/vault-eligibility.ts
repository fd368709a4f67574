import { sameResourceId } from "../core/arm-id.js";
import { backupEndpointsOf } from "../core/backup-connections.js";
import { type Finding, sortFindings, worstSeverity } from "../core/findings.js";
import type {
  KeyVaultNetwork,
  PrivateEndpoint,
  ProtectedItemCount,
  ProtectionContainer,
  ProviderRegistration,
  Vault,
} from "../core/inventory.js";
import { checkCustomerManagedKey } from "../core/rules/customer-managed-key.js";
import {
  checkEndpointLimits,
  checkEndpointRoom,
  type PlannedEndpoint,
} from "../core/rules/endpoint-limits.js";
import type { Observed } from "../core/rules/observed.js";
import { checkProviderRegistration } from "../core/rules/provider-registration.js";
import { checkPublicNetworkAccess } from "../core/rules/public-network-access.js";
import { checkRegistrationHistory } from "../core/rules/registration-history.js";
import { checkSecondaryRegion, type ZoneGroupManagement } from "../core/rules/secondary-region.js";
import { checkV1Endpoints } from "../core/rules/v1-endpoints.js";
import { checkVaultKind } from "../core/rules/vault-kind.js";

/**
 * Whether a vault can take v2 backup private endpoints, decided once: the wizard's vault badges, `vaultlink check`
 * and a plan's dry run (prerequisites.ts) all call vaultEligibility, so they cannot disagree about a vault.
 */

/** What the adapter read about one vault: enough for every vault-level rule. */
export interface VaultFacts {
  readonly vault: Vault;
  readonly protectedItems: Observed<ProtectedItemCount>;
  /** Servers and VMs registered to the vault (MARS, DPM, MABS, SQL/HANA in VMs), protecting something or not. */
  readonly registeredContainers: Observed<readonly ProtectionContainer[]>;
  /** The key vault of a customer-managed key; unused when the vault's keys are Microsoft's. */
  readonly keyVault: Observed<KeyVaultNetwork>;
  /**
   * Microsoft.RecoveryServices in the vault's subscription and in each subscription a plan puts an endpoint in.
   */
  readonly providerRegistrations: readonly {
    readonly subscriptionId: string;
    readonly registration: Observed<ProviderRegistration>;
  }[];
  /** The endpoints behind the vault's private endpoint connections. */
  readonly vaultEndpoints: readonly PrivateEndpoint[];
  /** Every endpoint in the resource groups of those endpoints: v1 left its storage endpoints beside them. */
  readonly endpointsNearVaultEndpoints: readonly PrivateEndpoint[];
}

/** What a plan would add to the vault; `nothingPlanned` when only checking eligibility. */
export interface VaultChange {
  /** Every endpoint of the plan; ones that exist already are not counted twice. */
  readonly plannedEndpoints: readonly PlannedEndpoint[];
  /** The planned endpoints that do not exist yet. */
  readonly endpointsToCreate: readonly PlannedEndpoint[];
  /** Region of the planned AzureBackup_secondary endpoint, or null. */
  readonly plannedSecondaryRegion: string | null;
  readonly zoneGroups: ZoneGroupManagement;
  readonly publicNetworkAccess: "deny" | "keep";
}

export const nothingPlanned: VaultChange = {
  plannedEndpoints: [],
  endpointsToCreate: [],
  plannedSecondaryRegion: null,
  zoneGroups: "notUsed",
  publicNetworkAccess: "keep",
};

/** The finding for a vault id ARM does not know (or the identity may not read). */
export function vaultNotFound(vaultId: string, where: string): Finding {
  return {
    severity: "block",
    code: "vault-not-found",
    message: `Vault ${vaultId} was not found (or the signed-in identity cannot read it).`,
    fix: `Check the vault id ${where} and the subscription you are signed in to.`,
    source: "https://learn.microsoft.com/rest/api/recoveryservices/vaults/get (answered 404)",
    subject: vaultId,
  };
}

/**
 * - `eligible`: nothing blocks and nothing needs a decision;
 * - `needsDecision`: it can take endpoints, but a warning asks a person to decide or check something first;
 * - `blocked`: a finding blocks; it cannot take v2 backup private endpoints as it is (or not with this change).
 */
export type Eligibility = "eligible" | "needsDecision" | "blocked";

export interface VaultEligibility {
  readonly eligibility: Eligibility;
  /** Most serious first (sortFindings). */
  readonly findings: readonly Finding[];
}

/** What findings add up to. */
export function eligibilityOf(findings: readonly Finding[]): Eligibility {
  const worst = worstSeverity(findings);
  return worst === "block" ? "blocked" : worst === "warn" ? "needsDecision" : "eligible";
}

/**
 * Every vault-level rule over one vault and what a plan would add to it (nothing, by default: then the room left
 * under the 12 endpoints is what counts). Pure: the callers read the facts (readVaultFacts) first.
 */
export function vaultEligibility(facts: VaultFacts, change: VaultChange = nothingPlanned): VaultEligibility {
  const findings = sortFindings(vaultFindings(facts, change));
  return { eligibility: eligibilityOf(findings), findings };
}

function vaultFindings(facts: VaultFacts, change: VaultChange): Finding[] {
  const { vault } = facts;
  const nothing = change.plannedEndpoints.length === 0;
  // Only backup endpoints count (an ASR endpoint of the same vault does not), primary and secondary alike.
  const backupEndpoints = facts.vaultEndpoints.filter((e) =>
    backupEndpointsOf(vault).some((b) => sameResourceId(b.privateEndpointId, e.id)),
  );
  return [
    ...checkVaultKind(vault.id),
    ...checkRegistrationHistory({
      vault,
      protectedItems: facts.protectedItems,
      registeredContainers: facts.registeredContainers,
      plannedGroupIds: change.endpointsToCreate.map((e) => e.groupId),
    }),
    ...checkV1Endpoints({ vault, endpointsNearBackupEndpoints: facts.endpointsNearVaultEndpoints }),
    ...checkEndpointLimits({
      vault,
      planned: change.plannedEndpoints,
      existingEndpoints: backupEndpoints,
    }),
    ...(nothing ? checkEndpointRoom(vault) : []),
    ...checkCustomerManagedKey({ vault, keyVault: facts.keyVault }),
    ...facts.providerRegistrations.flatMap(checkProviderRegistration),
    ...checkSecondaryRegion({
      vault,
      plannedSecondaryRegion: change.plannedSecondaryRegion,
      zoneGroups: change.zoneGroups,
    }),
    ...checkPublicNetworkAccess({
      vault,
      endpointsAfterPlan: backupEndpointsOf(vault).length + change.endpointsToCreate.length,
      choice: change.publicNetworkAccess,
    }),
  ];
}
