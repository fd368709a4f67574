import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { parseResourceId } from "../core/arm-id.js";
import type { PrivateEndpoint, ProtectedItemCount, Vault } from "../core/inventory.js";
import { known, type Observed, unknown } from "../core/rules/observed.js";
import { UserError } from "../core/user-error.js";
import type { VaultFacts } from "./vault-eligibility.js";

/** Ids without repeats, compared as ARM does (ignoring case); the first spelling wins. */
export function uniqueIds(ids: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const id of ids) if (!byKey.has(id.toLowerCase())) byKey.set(id.toLowerCase(), id);
  return [...byKey.values()];
}

/** The resource groups (subscription and name) that hold these resources, each once. */
function resourceGroupsOf(ids: readonly string[]): { subscriptionId: string; resourceGroup: string }[] {
  const groups = new Map<string, { subscriptionId: string; resourceGroup: string }>();
  for (const id of ids) {
    const parsed = parseResourceId(id);
    if (parsed.kind !== "resource" || parsed.resourceGroup === undefined) continue;
    const key = `${parsed.subscriptionId}/${parsed.resourceGroup}`.toLowerCase();
    groups.set(key, { subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup });
  }
  return [...groups.values()];
}

/**
 * Protected items are counted through the backup RP, which needs Backup Reader on the vault: an identity that may
 * read the vault but not its items gets the rule's "could not count" warning instead of a failed check.
 */
async function protectedItemsOf(
  adapter: AzureAdapter,
  vaultId: string,
): Promise<Observed<ProtectedItemCount>> {
  try {
    return known(await adapter.countProtectedItems(vaultId));
  } catch (error) {
    if (error instanceof UserError) return unknown(error.message);
    throw error;
  }
}

/**
 * The endpoints behind a vault's connections (they count toward its 12) and every endpoint in their resource
 * groups (the v1 experience put its storage endpoints there). Reads only.
 */
export async function readVaultEndpoints(
  adapter: AzureAdapter,
  vault: Vault,
): Promise<Pick<VaultFacts, "vaultEndpoints" | "endpointsNearVaultEndpoints">> {
  const endpointIds = uniqueIds(vault.privateEndpointConnections.map((c) => c.privateEndpointId));
  const [vaultEndpoints, nearby] = await Promise.all([
    Promise.all(endpointIds.map((id) => unlessNotFound(adapter.getPrivateEndpoint(id)))),
    Promise.all(resourceGroupsOf(endpointIds).map((scope) => allPages(adapter.listPrivateEndpoints(scope)))),
  ]);
  return {
    vaultEndpoints: vaultEndpoints.filter((e): e is PrivateEndpoint => e !== undefined),
    endpointsNearVaultEndpoints: nearby.flat(),
  };
}

/**
 * What the vault-level rules need about a vault that was read: its protected items, the endpoints behind its
 * connections, and every endpoint beside those (v1 put storage endpoints there). Reads only.
 */
export async function readVaultFacts(adapter: AzureAdapter, vault: Vault): Promise<VaultFacts> {
  const [protectedItems, endpoints] = await Promise.all([
    protectedItemsOf(adapter, vault.id),
    readVaultEndpoints(adapter, vault),
  ]);
  return { vault, protectedItems, ...endpoints };
}
