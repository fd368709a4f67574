import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { parseResourceId } from "../core/arm-id.js";
import type {
  KeyVaultNetwork,
  PrivateEndpoint,
  ProtectedItemCount,
  ProtectionContainer,
  ProviderRegistration,
  RegistrationKind,
  Vault,
} from "../core/inventory.js";
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
function protectedItemsOf(adapter: AzureAdapter, vaultId: string): Promise<Observed<ProtectedItemCount>> {
  return observe(adapter.countProtectedItems(vaultId));
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

/** A read the identity may not be allowed to make: its refusal becomes the rule's "could not read" finding. */
async function observe<T>(read: Promise<T>): Promise<Observed<T>> {
  try {
    return known(await read);
  } catch (error) {
    if (error instanceof UserError) return unknown(error.message);
    throw error;
  }
}

/** The agents whose registrations make a vault ineligible: MARS, DPM, MABS, SQL Server / SAP HANA in Azure VMs. */
const REGISTRATION_KINDS: readonly RegistrationKind[] = ["MAB", "DPM", "AzureBackupServer", "AzureWorkload"];

/** Every server and VM registered to the vault, by each kind of agent (the service wants one kind per list). */
export function readRegisteredContainers(
  adapter: AzureAdapter,
  vaultId: string,
): Promise<Observed<readonly ProtectionContainer[]>> {
  return observe(
    Promise.all(
      REGISTRATION_KINDS.map((kind) => allPages(adapter.listProtectionContainers(vaultId, kind))),
    ).then((lists) => lists.flat()),
  );
}

/**
 * The key vault of a vault's customer-managed key, looked for in the vault's subscription (a key URI names a host,
 * not a resource id). Unknown when it is not there or cannot be read; undefined reads are never a guess.
 */
async function readKeyVault(adapter: AzureAdapter, vault: Vault): Promise<Observed<KeyVaultNetwork>> {
  if (vault.encryption.kind !== "customerManaged") return unknown("the vault's keys are Microsoft-managed");
  const keyUri = vault.encryption.keyUri;
  const found = await observe(adapter.findKeyVaultOfKey(vault.subscriptionId, keyUri));
  if (found.kind === "unknown") return found;
  return found.value === undefined
    ? unknown(
        `no key vault of subscription ${vault.subscriptionId} holds ${keyUri} (it may be in another subscription or tenant).`,
      )
    : known(found.value);
}

/**
 * Providers_Get once per subscription and adapter: `vaultlink check` and the wizard read many vaults of the same
 * few subscriptions.
 */
const providerReads = new WeakMap<AzureAdapter, Map<string, Promise<Observed<ProviderRegistration>>>>();

function readProviderRegistration(
  adapter: AzureAdapter,
  subscriptionId: string,
): Promise<Observed<ProviderRegistration>> {
  let reads = providerReads.get(adapter);
  if (reads === undefined) {
    reads = new Map();
    providerReads.set(adapter, reads);
  }
  const key = subscriptionId.toLowerCase();
  let read = reads.get(key);
  if (read === undefined) {
    read = observe(adapter.getProviderRegistration(subscriptionId, "Microsoft.RecoveryServices"));
    reads.set(key, read);
  }
  return read;
}

/** Microsoft.RecoveryServices in each of these subscriptions (the vault's and each endpoint's), each once. */
export async function readProviderRegistrations(
  adapter: AzureAdapter,
  subscriptionIds: readonly string[],
): Promise<VaultFacts["providerRegistrations"]> {
  const unique = uniqueIds(subscriptionIds);
  const registrations = await Promise.all(unique.map((id) => readProviderRegistration(adapter, id)));
  return unique.map((subscriptionId, index) => ({
    subscriptionId,
    registration: registrations[index] as Observed<ProviderRegistration>,
  }));
}

/** What the vault-level rules read besides the vault's items and endpoints (the dry run reads those itself). */
export async function readVaultPrerequisites(
  adapter: AzureAdapter,
  vault: Vault,
  endpointSubscriptionIds: readonly string[] = [],
): Promise<Pick<VaultFacts, "registeredContainers" | "keyVault" | "providerRegistrations">> {
  const [registeredContainers, keyVault, providerRegistrations] = await Promise.all([
    readRegisteredContainers(adapter, vault.id),
    readKeyVault(adapter, vault),
    readProviderRegistrations(adapter, [vault.subscriptionId, ...endpointSubscriptionIds]),
  ]);
  return { registeredContainers, keyVault, providerRegistrations };
}

/**
 * What the vault-level rules need about a vault that was read: its protected items and registered servers, the
 * endpoints behind its connections and every endpoint beside those (v1 put storage endpoints there), its CMK's key
 * vault, and the provider's registration. Reads only.
 */
export async function readVaultFacts(adapter: AzureAdapter, vault: Vault): Promise<VaultFacts> {
  const [protectedItems, endpoints, prerequisites] = await Promise.all([
    protectedItemsOf(adapter, vault.id),
    readVaultEndpoints(adapter, vault),
    readVaultPrerequisites(adapter, vault),
  ]);
  return { vault, protectedItems, ...endpoints, ...prerequisites };
}
