import type {
  PrivateLinkResource as ArmPrivateLinkResource,
  Vault as ArmVault,
  PrivateEndpointConnectionVaultProperties,
} from "@azure/arm-recoveryservices";
import { parseResourceId } from "../core/arm-id.js";
import type {
  ManagedIdentity,
  StorageRedundancy,
  Vault,
  VaultEncryption,
  VaultPrivateEndpointConnection,
  VaultPrivateLinkResource,
} from "../core/inventory.js";
import { toConnectionStatus } from "./map-network.js";
import { requiredField } from "./required-field.js";

const REDUNDANCY: Readonly<Record<string, StorageRedundancy>> = {
  locallyredundant: "LRS",
  georedundant: "GRS",
  zoneredundant: "ZRS",
};

function toIdentity(vault: ArmVault): ManagedIdentity {
  const identity = vault.identity;
  if (identity === undefined || identity.type.toLowerCase() === "none") return { kind: "none" };
  return {
    kind: "assigned",
    systemAssignedPrincipalId: identity.principalId,
    userAssignedIds: Object.keys(identity.userAssignedIdentities ?? {}),
  };
}

function toEncryption(vault: ArmVault): VaultEncryption {
  const encryption = vault.properties?.encryption;
  const keyUri = encryption?.keyVaultProperties?.keyUri;
  if (keyUri === undefined) return { kind: "platformManaged" };
  const userAssigned = encryption?.kekIdentity?.userAssignedIdentity;
  return {
    kind: "customerManaged",
    keyUri,
    keyIdentity:
      encryption?.kekIdentity?.useSystemAssignedIdentity === false && userAssigned !== undefined
        ? { kind: "userAssigned", id: userAssigned }
        : { kind: "systemAssigned" },
  };
}

function toVaultConnection(
  connection: PrivateEndpointConnectionVaultProperties,
): VaultPrivateEndpointConnection {
  const id = requiredField(connection.id, "id", "a vault's private endpoint connection");
  const status = toConnectionStatus(connection.properties?.privateLinkServiceConnectionState?.status);
  return {
    id,
    name: requiredField(connection.name, "name", `connection ${id}`),
    privateEndpointId: requiredField(
      connection.properties?.privateEndpoint?.id,
      "privateEndpoint.id",
      `connection ${id}`,
    ),
    groupIds: connection.properties?.groupIds ?? [],
    status: requiredField(status, "privateLinkServiceConnectionState.status", `connection ${id}`),
    provisioningState: connection.properties?.provisioningState,
  };
}

export function toVault(vault: ArmVault): Vault {
  const id = requiredField(vault.id, "id", "a vault");
  const parsed = parseResourceId(id);
  if (parsed.kind !== "resource" || parsed.resourceGroup === undefined) {
    throw new Error(`ARM returned a vault whose id ${id} names no resource group.`);
  }
  const properties = vault.properties;
  const redundancy = properties?.redundancySettings?.standardTierStorageRedundancy;
  return {
    id,
    name: requiredField(vault.name, "name", `vault ${id}`),
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    location: vault.location,
    redundancy: redundancy === undefined ? undefined : REDUNDANCY[redundancy.toLowerCase()],
    crossRegionRestore: properties?.redundancySettings?.crossRegionRestore?.toLowerCase() === "enabled",
    // Absent means Enabled: that is ARM's behaviour for vaults that never set it (VaultProperties.publicNetworkAccess).
    publicNetworkAccess:
      properties?.publicNetworkAccess?.toLowerCase() === "disabled" ? "Disabled" : "Enabled",
    privateEndpointStateForBackup:
      properties?.privateEndpointStateForBackup?.toLowerCase() === "enabled" ? "Enabled" : "None",
    encryption: toEncryption(vault),
    identity: toIdentity(vault),
    privateEndpointConnections: (properties?.privateEndpointConnections ?? []).map(toVaultConnection),
    provisioningState: properties?.provisioningState,
  };
}

export function toVaultPrivateLinkResource(resource: ArmPrivateLinkResource): VaultPrivateLinkResource {
  const id = requiredField(resource.id, "id", "a private link resource");
  return {
    id,
    groupId: requiredField(resource.properties?.groupId, "groupId", `private link resource ${id}`),
    requiredMembers: resource.properties?.requiredMembers ?? [],
    requiredZoneNames: resource.properties?.requiredZoneNames ?? [],
  };
}
