import type { Vault as ArmKeyVault } from "@azure/arm-keyvault";
import type { KeyVaultNetwork } from "../core/inventory.js";
import { armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { requiredField } from "./required-field.js";

function toKeyVaultNetwork(vault: ArmKeyVault): KeyVaultNetwork {
  const properties = vault.properties;
  return {
    id: requiredField(vault.id, "id", "a key vault"),
    name: requiredField(vault.name, "name", "a key vault"),
    vaultUri: properties?.vaultUri ?? "",
    publicNetworkAccess: properties?.publicNetworkAccess,
    defaultAction: properties?.networkAcls?.defaultAction,
    approvedPrivateEndpoints: (properties?.privateEndpointConnections ?? []).filter(
      (c) => c.privateLinkServiceConnectionState?.status === "Approved",
    ).length,
  };
}

/** The host of a key vault URI, lower case: `kv-x.vault.azure.net`. */
function hostOf(uri: string): string {
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    return "";
  }
}

/**
 * The key vault that serves a key URI (`https://<name>.vault.azure.net/keys/…`), looked for among the key vaults of
 * a subscription (Vaults_ListBySubscription): a key URI names the key vault's host, not its resource id. Undefined
 * when no key vault of that subscription has that host (it is in another subscription, or the identity cannot see it).
 */
export async function findKeyVaultOfKey(
  clients: AzureClients,
  subscriptionId: string,
  keyUri: string,
): Promise<KeyVaultNetwork | undefined> {
  const host = hostOf(keyUri);
  const pages = armPages(
    { verb: "list the key vaults of", kind: "subscription", id: `/subscriptions/${subscriptionId}` },
    clients.keyVault(subscriptionId).then((client) => client.vaults.listBySubscription().byPage()),
    toKeyVaultNetwork,
  );
  for await (const page of pages) {
    const found = page.find((vault) => host !== "" && hostOf(vault.vaultUri) === host);
    if (found !== undefined) return found;
  }
  return undefined;
}
