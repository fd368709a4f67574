import { arrayAt, objectAt } from "./arm-resource.js";
import { BACKUP_GROUP_IDS, type BackupGroupId, MAX_ENDPOINTS_PER_VAULT } from "./backup-names.js";
import { ArmError, invalidRequestContent, invalidResourceReference } from "./errors.js";
import { sameResourceId } from "./resource-ids.js";
import type { ArmResource } from "./state.js";
import type { ResourceStore } from "./store.js";

/**
 * The rules Azure Backup enforces on a new private endpoint for a Recovery Services vault (seed: "Azure
 * Backup private endpoints v2"; DOMAIN-FACTS "Eligibility and limits"). The Network RP's own code is used
 * where one is known (SubnetIsFull, InvalidResourceReference); the Backup-side refusals carry codes chosen
 * by the sandbox (the service's exact codes are not published) and the documented reason as the message.
 */
const VAULT_TYPE = "microsoft.recoveryservices/vaults";

export interface BackupEndpointRequest {
  readonly vault: ArmResource;
  readonly group: BackupGroupId;
  readonly manual: boolean;
  readonly connectionName: string;
  readonly requestMessage: string | undefined;
}

/** Reads the one private link service connection of a PE request; undefined when it is not for a vault. */
export function backupRequestOf(
  store: ResourceStore,
  peId: string,
  props: Record<string, unknown>,
): BackupEndpointRequest | undefined {
  const auto = arrayAt(props.privateLinkServiceConnections);
  const manual = arrayAt(props.manualPrivateLinkServiceConnections);
  const connections = [...auto, ...manual];
  if (connections.length !== 1) {
    throw invalidRequestContent(
      "A private endpoint needs exactly one connection in privateLinkServiceConnections or manualPrivateLinkServiceConnections.",
    );
  }
  const connection = connections[0] as Record<string, unknown>;
  const cprops = objectAt(connection.properties);
  const target = typeof cprops.privateLinkServiceId === "string" ? cprops.privateLinkServiceId : "";
  if (!target.toLowerCase().includes(`/providers/${VAULT_TYPE}/`)) return undefined;
  const vault = store.get(target);
  if (!vault) throw invalidResourceReference(target, peId);
  const groups = Array.isArray(cprops.groupIds) ? cprops.groupIds.map(String) : [];
  const group = BACKUP_GROUP_IDS.find(
    (g) => groups.length === 1 && g.toLowerCase() === groups[0]?.toLowerCase(),
  );
  if (group === undefined) {
    throw new ArmError(
      400,
      "InvalidPrivateLinkServiceConnectionGroupId",
      `groupIds must be ["AzureBackup"] or ["AzureBackup_secondary"] for a Recovery Services vault backup endpoint; got ${JSON.stringify(groups)}.`,
    );
  }
  return {
    vault,
    group,
    manual: manual.length === 1,
    connectionName: String(connection.name ?? ""),
    requestMessage: typeof cprops.requestMessage === "string" ? cprops.requestMessage : undefined,
  };
}

/** Private endpoints in the tenant that connect to this vault (by the PE's own connection). */
export function endpointsOfVault(store: ResourceStore, vaultId: string): ArmResource[] {
  const out: ArmResource[] = [];
  for (const r of store.all()) {
    if (r.type.toLowerCase() !== "microsoft.network/privateendpoints") continue;
    const props = objectAt(r.properties);
    const connections = [
      ...arrayAt(props.privateLinkServiceConnections),
      ...arrayAt(props.manualPrivateLinkServiceConnections),
    ];
    if (
      connections.some((c) =>
        sameResourceId(String(objectAt(c.properties).privateLinkServiceId ?? ""), vaultId),
      )
    )
      out.push(r);
  }
  return out;
}

function hasProtectedItems(store: ResourceStore, vault: ArmResource): boolean {
  const prefix = `${vault.id}/backupFabrics/`.toLowerCase();
  for (const r of store.all()) {
    if (r.id.toLowerCase().startsWith(prefix) && r.type.toLowerCase().endsWith("/protecteditems"))
      return true;
  }
  return false;
}

/** Throws the refusal for a new backup endpoint `peName` at `peId`, or returns quietly. */
export function checkNewBackupEndpoint(
  store: ResourceStore,
  peId: string,
  peName: string,
  props: Record<string, unknown>,
  request: BackupEndpointRequest,
): void {
  const { vault, group } = request;
  const others = endpointsOfVault(store, vault.id).filter((pe) => !sameResourceId(pe.id, peId));
  if (others.length >= MAX_ENDPOINTS_PER_VAULT) {
    throw new ArmError(
      400,
      "UserErrorMaxPrivateEndpointsReached",
      `Vault ${vault.name} already has ${others.length} private endpoints; at most ${MAX_ENDPOINTS_PER_VAULT} are allowed per vault, secondary ones included.`,
    );
  }
  if (others.some((pe) => pe.name.toLowerCase() === peName.toLowerCase())) {
    throw new ArmError(
      409,
      "UserErrorPrivateEndpointNameAlreadyExists",
      `Vault ${vault.name} already has a private endpoint named ${peName}; private endpoint names must be unique per vault.`,
    );
  }
  if (arrayAt(props.ipConfigurations).some((c) => objectAt(c.properties).privateIPAddress !== undefined)) {
    throw new ArmError(
      400,
      "UserErrorStaticIpNotSupported",
      "Private endpoints with static IPs are not supported for Azure Backup (v2 experience): remove properties.ipConfigurations.",
    );
  }
  // Secondary endpoints may be created before or after items are protected (seed: cross-region restore).
  if (group === "AzureBackup" && hasProtectedItems(store, vault)) {
    throw new ArmError(
      400,
      "UserErrorVaultHasProtectedItems",
      `Vault ${vault.name} has protected items; backup private endpoints can be created only for vaults with no registered or protected items.`,
    );
  }
  if (group === "AzureBackup_secondary") {
    const redundancy = objectAt(objectAt(vault.properties).redundancySettings);
    if (redundancy.crossRegionRestore !== "Enabled") {
      throw new ArmError(
        400,
        "UserErrorCrossRegionRestoreNotEnabled",
        `Vault ${vault.name} does not have cross-region restore enabled; an AzureBackup_secondary endpoint needs it.`,
      );
    }
  }
}
