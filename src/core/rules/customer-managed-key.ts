import type { Finding } from "../findings.js";
import type { KeyVaultNetwork, Vault } from "../inventory.js";
import type { Observed } from "./observed.js";
import { Source } from "./sources.js";

/**
 * How the key vault holding the vault's key is reachable:
 * - `open`: public access enabled, firewall allowing all networks, no private endpoint;
 * - `restricted`: its firewall denies by default (`networkAcls.defaultAction: Deny`) or public access is disabled;
 * - `privateEndpoint`: it has an approved private endpoint (whatever its firewall says).
 */
type KeyVaultReach = "open" | "restricted" | "privateEndpoint";

function keyVaultReachOf(keyVault: KeyVaultNetwork): KeyVaultReach {
  if (keyVault.approvedPrivateEndpoints > 0) return "privateEndpoint";
  if (keyVault.publicNetworkAccess === "Disabled" || keyVault.defaultAction === "Deny") return "restricted";
  return "open";
}

export interface CustomerManagedKeyFacts {
  readonly vault: Vault;
  /** Unknown when the key vault is in a subscription or tenant the signed-in identity cannot read. */
  readonly keyVault: Observed<KeyVaultNetwork>;
}

/**
 * What Microsoft's concept page says today, both parts: its "Considerations before you start" bullet, and the
 * "Unsupported scenario" section that MicrosoftDocs/azure-docs PR #128646 (July 2026) removed as now supported.
 */
const CONSIDERATIONS_BULLET =
  'Microsoft\'s private endpoint concept page still says, under "Considerations before you start", that "Customer-managed keys (CMKs) with a network-restricted key vault aren\'t supported with a vault that\'s enabled for private endpoints"';
const SECTION_REMOVED =
  'its "Unsupported scenario" section (a private endpoint-enabled Recovery Services vault is not compatible with a private endpoint-enabled key vault holding its CMK) was removed in July 2026 as now supported (github.com/MicrosoftDocs/azure-docs/pull/128646); the two parts of the page disagree until the bullet is updated.';
const SOURCES = `${Source.seedBeforeYouStart}; ${Source.cmkDocsChange}`;
const DECIDE =
  "Decide from Microsoft's two statements: test a backup and a restore through the endpoint before relying on it; if they fail, allow the key vault's access from all networks or trusted Microsoft services.";

export function checkCustomerManagedKey(facts: CustomerManagedKeyFacts): Finding[] {
  const { vault, keyVault } = facts;
  if (vault.encryption.kind !== "customerManaged") return [];
  const keyUri = vault.encryption.keyUri;
  if (keyVault.kind === "unknown") {
    return [
      {
        severity: "warn",
        code: "cmk-key-vault-network-unknown",
        message: `${vault.name} encrypts backups with a customer-managed key (${keyUri}), and vaultlink could not read that key vault's network settings: ${keyVault.reason} ${CONSIDERATIONS_BULLET}; ${SECTION_REMOVED}`,
        fix: `Check the key vault's Networking page. If it allows only selected networks or has a private endpoint: ${DECIDE}`,
        source: SOURCES,
        subject: vault.id,
      },
    ];
  }
  const reach = keyVaultReachOf(keyVault.value);
  const name = keyVault.value.name;
  switch (reach) {
    case "open":
      return [];
    case "restricted":
      return [
        {
          severity: "warn",
          code: "cmk-network-restricted-key-vault",
          message: `${vault.name} encrypts backups with a customer-managed key in key vault ${name}, which is network-restricted (${restrictionText(keyVault.value)}). ${CONSIDERATIONS_BULLET}; ${SECTION_REMOVED}`,
          fix: DECIDE,
          source: SOURCES,
          subject: vault.id,
        },
      ];
    case "privateEndpoint":
      return [
        {
          severity: "warn",
          code: "cmk-private-endpoint-key-vault",
          message: `${vault.name} encrypts backups with a customer-managed key in key vault ${name}, which is reached through a private endpoint: the scenario Microsoft's concept page listed as unsupported until July 2026. ${CONSIDERATIONS_BULLET}; ${SECTION_REMOVED}`,
          fix: DECIDE,
          source: SOURCES,
          subject: vault.id,
        },
      ];
  }
}

function restrictionText(keyVault: KeyVaultNetwork): string {
  const parts = [
    ...(keyVault.publicNetworkAccess === "Disabled" ? ["public network access disabled"] : []),
    ...(keyVault.defaultAction === "Deny" ? ["firewall allows selected networks only"] : []),
  ];
  return parts.join(", ");
}
