import type { Route } from "../context.js";
import type { ArmResource } from "../state.js";
import { readOnlyRoutes } from "./list-routes.js";

/**
 * Key vaults, read only (Vaults_Get, Vaults_ListByResourceGroup, Vaults_ListBySubscription of the Key Vault
 * management API): what the customer-managed-key rule reads of the key vault a Recovery Services vault's key is
 * in, its `networkAcls`, `publicNetworkAccess` and `privateEndpointConnections`
 * (https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/get). A key vault in the state file is served as
 * it is stored, with an empty list of private endpoint connections when it has none, as the service shows it.
 */
export const KEY_VAULT_TYPE = "Microsoft.KeyVault/vaults";

function present(vault: ArmResource): ArmResource {
  const properties = vault.properties ?? {};
  return {
    ...vault,
    properties: { privateEndpointConnections: [], ...properties },
  };
}

export const keyVaultRoutes: readonly Route[] = readOnlyRoutes(KEY_VAULT_TYPE, "keyvault", (_ctx, vault) =>
  present(vault),
);
