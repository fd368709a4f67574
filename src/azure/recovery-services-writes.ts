import { ResourceType } from "../core/arm-id.js";
import type { Vault } from "../core/inventory.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { longRunningWrite, type WriteOptions } from "./long-running.js";
import { toVault } from "./map-recovery-services.js";
import { locate } from "./resource-location.js";

/**
 * Turns public network access to the vault on or off (Vaults_Update). The spec makes it long-running (200 or 202),
 * and the service answers both ways: current api-versions with 200 and the vault at once, older ones with 202 and
 * an operation to poll (test/azure/vault-patch-versions.test.ts). The SDK's poller takes either; an answer at once
 * reports no progress, so the listener hears the end here, as it would from a poll.
 */
export function setVaultPublicNetworkAccess(
  clients: AzureClients,
  vaultId: string,
  access: Vault["publicNetworkAccess"],
  options: WriteOptions = {},
): Promise<Vault> {
  const at = locate(vaultId, ResourceType.recoveryServicesVault);
  return armCall(
    { verb: "update public network access of", kind: "Recovery Services vault", id: vaultId },
    async () => {
      const lro = longRunningWrite(clients.pollIntervalMs);
      const poller = (await clients.recoveryServices(at.subscriptionId)).vaults.update(
        at.resourceGroup,
        at.names[0],
        { properties: { publicNetworkAccess: access } },
        lro.requestOptions,
      );
      let heard = false;
      const listener = options.onProgress;
      const vault = await lro.untilDone(
        poller,
        listener === undefined
          ? options
          : {
              ...options,
              onProgress: (status) => {
                heard = true;
                listener(status);
              },
            },
      );
      if (!heard) listener?.("succeeded");
      return toVault(vault);
    },
  );
}

/**
 * Approves a pending private endpoint connection of a vault, through the backup resource provider: only it has
 * this call (PrivateEndpointConnection_Put, long-running). The connection is read first so the PUT carries what
 * ARM has (the endpoint, the group ids) with only the state changed.
 */
export function approvePrivateEndpointConnection(
  clients: AzureClients,
  vaultId: string,
  connectionName: string,
  options: WriteOptions & { readonly description?: string; readonly status?: "Approved" | "Rejected" } = {},
): Promise<void> {
  const status = options.status ?? "Approved";
  const at = locate(vaultId, ResourceType.recoveryServicesVault);
  const id = `${vaultId}/privateEndpointConnections/${connectionName}`;
  return armCall(
    { verb: status === "Approved" ? "approve" : "reject", kind: "private endpoint connection", id },
    async () => {
      const backup = (await clients.backup(at.subscriptionId)).privateEndpointConnectionOperations;
      const lro = longRunningWrite(clients.pollIntervalMs);
      // The classic backup client takes the vault name first, then the resource group.
      const current = await backup.get(at.names[0], at.resourceGroup, connectionName);
      const poller = await backup.beginPut(
        at.names[0],
        at.resourceGroup,
        connectionName,
        {
          properties: {
            ...current.properties,
            privateLinkServiceConnectionState: {
              status,
              description: options.description ?? `${status} by vaultlink`,
            },
          },
        },
        lro.requestOptions,
      );
      await lro.untilDone(poller, options);
    },
  );
}
