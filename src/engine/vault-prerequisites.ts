import type { Finding } from "../core/findings.js";
import type { PrivateEndpoint, ProtectedItemCount, Vault } from "../core/inventory.js";
import { checkCustomerManagedKey } from "../core/rules/customer-managed-key.js";
import type { PlannedEndpoint } from "../core/rules/endpoint-limits.js";
import { checkEndpointLimits } from "../core/rules/endpoint-limits.js";
import { type Observed, unknown } from "../core/rules/observed.js";
import { checkProviderRegistration } from "../core/rules/provider-registration.js";
import { checkPublicNetworkAccess } from "../core/rules/public-network-access.js";
import { checkRegistrationHistory } from "../core/rules/registration-history.js";
import { checkSecondaryRegion, type ZoneGroupManagement } from "../core/rules/secondary-region.js";
import { checkV1Endpoints } from "../core/rules/v1-endpoints.js";
import { checkVaultKind } from "../core/rules/vault-kind.js";

/**
 * The vault-level prerequisite rules, composed once for both callers: a plan's dry run (prerequisites.ts) and
 * `vaultlink check` (check-vaults.ts), so the two cannot disagree about a vault.
 */

/** What the adapter read about one vault: enough for every vault-level rule. */
export interface VaultFacts {
  readonly vault: Vault;
  readonly protectedItems: Observed<ProtectedItemCount>;
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

/** vaultlink has no key vault read yet; the CMK rule then states both Microsoft statements and asks for a check. */
const KEY_VAULT_NOT_READ = unknown<"allNetworks" | "restricted">(
  "vaultlink does not read key vaults yet; check the key vault's networking page.",
);

/** ARM's provider API reports whether a provider is registered, not since when. */
const REGISTRATION_DATE_NOT_READ = unknown<string>(
  "ARM reports whether a provider is registered, not since when.",
);

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

/** Every vault-level rule over one vault and what a plan would add to it. */
export function vaultFindings(facts: VaultFacts, change: VaultChange): Finding[] {
  const { vault } = facts;
  return [
    ...checkVaultKind(vault.id),
    ...checkRegistrationHistory({
      vault,
      protectedItems: facts.protectedItems,
      plannedGroupIds: change.endpointsToCreate.map((e) => e.groupId),
    }),
    ...checkV1Endpoints({ vault, endpointsNearBackupEndpoints: facts.endpointsNearVaultEndpoints }),
    ...checkEndpointLimits({
      vault,
      planned: change.plannedEndpoints,
      existingEndpoints: facts.vaultEndpoints,
    }),
    ...(vault.encryption.kind === "customerManaged"
      ? checkCustomerManagedKey({ vault, keyVaultNetwork: KEY_VAULT_NOT_READ })
      : []),
    ...checkProviderRegistration({
      subscriptionId: vault.subscriptionId,
      registeredOn: REGISTRATION_DATE_NOT_READ,
    }),
    ...checkSecondaryRegion({
      vault,
      plannedSecondaryRegion: change.plannedSecondaryRegion,
      zoneGroups: change.zoneGroups,
    }),
    ...checkPublicNetworkAccess({
      vault,
      endpointsAfterPlan: facts.vaultEndpoints.length + change.endpointsToCreate.length,
      choice: change.publicNetworkAccess,
    }),
  ];
}
