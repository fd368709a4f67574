import type { ProtectionContainerResource } from "@azure/arm-recoveryservicesbackup";
import { ResourceType } from "../core/arm-id.js";
import type {
  ProtectedItemCount,
  ProtectionContainer,
  RegistrationKind,
  Vault,
  VaultPrivateLinkResource,
} from "../core/inventory.js";
import { armCall, armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { toVault, toVaultPrivateLinkResource } from "./map-recovery-services.js";
import { requiredField } from "./required-field.js";
import { locate } from "./resource-location.js";

/** The Recovery Services vaults of a subscription, a page at a time, so a list can show the first page early. */
export function listVaults(clients: AzureClients, subscriptionId: string): AsyncIterable<readonly Vault[]> {
  return armPages(
    { verb: "list the Recovery Services vaults of", kind: "subscription", id: subscriptionId },
    clients.recoveryServices(subscriptionId).then((client) => client.vaults.listBySubscriptionId().byPage()),
    toVault,
  );
}

export function getVault(clients: AzureClients, id: string): Promise<Vault> {
  const at = locate(id, ResourceType.recoveryServicesVault);
  return armCall({ verb: "read", kind: "Recovery Services vault", id }, async () =>
    toVault(
      await (await clients.recoveryServices(at.subscriptionId)).vaults.get(at.resourceGroup, at.names[0]),
    ),
  );
}

/** What endpoints of each group id need in DNS (PrivateLinkResources_List). */
export function listPrivateLinkResources(
  clients: AzureClients,
  vaultId: string,
): AsyncIterable<readonly VaultPrivateLinkResource[]> {
  const at = locate(vaultId, ResourceType.recoveryServicesVault);
  return armPages(
    { verb: "list the private link resources of", kind: "Recovery Services vault", id: vaultId },
    clients
      .recoveryServices(at.subscriptionId)
      .then((client) => client.privateLinkResources.list(at.resourceGroup, at.names[0]).byPage()),
    toVaultPrivateLinkResource,
  );
}

/**
 * Counts the items protected in a vault (BackupProtectedItems_List, through the backup client: the vaults client
 * has no such call). Only the count is kept, so a vault with thousands of items costs no memory.
 */
export async function countProtectedItems(
  clients: AzureClients,
  vaultId: string,
): Promise<ProtectedItemCount> {
  const at = locate(vaultId, ResourceType.recoveryServicesVault);
  const pages = armPages(
    { verb: "list the protected items of", kind: "Recovery Services vault", id: vaultId },
    // The backup client is the classic kind: vault name first, then the resource group.
    clients
      .backup(at.subscriptionId)
      .then((client) => client.backupProtectedItems.list(at.names[0], at.resourceGroup).byPage()),
    () => 1,
  );
  let count = 0;
  for await (const page of pages) count += page.length;
  return { vaultId, count };
}

function toProtectionContainer(kind: RegistrationKind) {
  return (resource: ProtectionContainerResource): ProtectionContainer => {
    const name = requiredField(resource.name, "name", "a protection container");
    return {
      id: requiredField(resource.id, "id", "a protection container"),
      name,
      friendlyName: resource.properties?.friendlyName ?? name,
      kind,
      registrationStatus: resource.properties?.registrationStatus ?? "Unknown",
    };
  };
}

/**
 * The servers and VMs registered to a vault by one kind of agent (BackupProtectionContainers_List with
 * `$filter=backupManagementType eq '…'`, which the service requires): a registration alone, with nothing protected,
 * already makes a vault unfit for backup private endpoints.
 */
export function listProtectionContainers(
  clients: AzureClients,
  vaultId: string,
  kind: RegistrationKind,
): AsyncIterable<readonly ProtectionContainer[]> {
  const at = locate(vaultId, ResourceType.recoveryServicesVault);
  return armPages(
    { verb: "list the registered servers of", kind: "Recovery Services vault", id: vaultId },
    clients.backup(at.subscriptionId).then((client) =>
      client.backupProtectionContainers
        .list(at.names[0], at.resourceGroup, {
          filter: `backupManagementType eq '${kind}'`,
        })
        .byPage(),
    ),
    toProtectionContainer(kind),
  );
}
