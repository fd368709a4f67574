import type { Finding } from "../findings.js";
import type { Vault } from "../inventory.js";
import type { Observed } from "./observed.js";
import { Source } from "./sources.js";

/**
 * How the key vault holding the vault's key is reachable. `restricted` means its firewall denies by default
 * (`networkAcls.defaultAction: Deny`), public network access is disabled, or it is reached through a private
 * endpoint; `allNetworks` means none of these.
 */
export type KeyVaultNetworkAccess = "allNetworks" | "restricted";

export interface CustomerManagedKeyFacts {
  readonly vault: Vault;
  /** Unknown when the key vault is in a subscription or tenant the signed-in identity cannot read. */
  readonly keyVaultNetwork: Observed<KeyVaultNetworkAccess>;
}

/** The two Microsoft statements, quoted side by side so the user can decide. */
const BOTH_STATEMENTS =
  "Microsoft's private endpoint concept page (its 2025-09-09 version) says \"Customer-managed keys (CMKs) with a network-restricted key vault aren't supported with a vault that's enabled for private endpoints\" and lists a private endpoint-enabled key vault as an unsupported scenario; later versions of the page drop that line because the combination is now supported.";

export function checkCustomerManagedKey(facts: CustomerManagedKeyFacts): Finding[] {
  const { vault, keyVaultNetwork } = facts;
  if (vault.encryption.kind !== "customerManaged") return [];
  const keyUri = vault.encryption.keyUri;
  if (keyVaultNetwork.kind === "unknown") {
    return [
      {
        severity: "warn",
        code: "cmk-key-vault-network-unknown",
        message: `${vault.name} encrypts backups with a customer-managed key (${keyUri}), and vaultlink could not read whether that key vault is network-restricted: ${keyVaultNetwork.reason} ${BOTH_STATEMENTS}`,
        fix: "Check the key vault's Networking blade. If it allows only selected networks or private endpoints, decide from the two statements: test a backup and a restore through the endpoint before relying on it, or keep the key vault open to Azure services.",
        source: `${Source.seedBeforeYouStart}; ${Source.seedUnsupported}; ${Source.cmkDocsChange}`,
        subject: vault.id,
      },
    ];
  }
  if (keyVaultNetwork.value === "allNetworks") return [];
  return [
    {
      severity: "warn",
      code: "cmk-network-restricted-key-vault",
      message: `${vault.name} encrypts backups with a customer-managed key in a network-restricted key vault (${keyUri}). ${BOTH_STATEMENTS}`,
      fix: "Decide from the two statements: test a backup and a restore through the endpoint before relying on it, or allow the key vault's access from all networks (or trusted Microsoft services) if they fail.",
      source: `${Source.seedBeforeYouStart}; ${Source.seedUnsupported}; ${Source.cmkDocsChange}`,
      subject: vault.id,
    },
  ];
}
