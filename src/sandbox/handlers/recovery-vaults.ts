import { CURRENT_API_VERSION } from "../api-versions.js";
import {
  arrayAt,
  bodyObject,
  checkPreconditions,
  listReply,
  objectAt,
  readTrackedPut,
  requireResourceGroup,
} from "../arm-resource.js";
import { BACKUP_GROUP_IDS, BACKUP_SERVICES, backupNamingFor } from "../backup-names.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError, resourceNotFound } from "../errors.js";
import { operationResource, operationResultReply, type TrackedOperation } from "../lro.js";
import type { ArmResource } from "../state.js";
import { listRoutes } from "./list-routes.js";

export const VAULT_TYPE = "Microsoft.RecoveryServices/vaults";
const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
export const VAULT = `${RG}/providers/Microsoft.RecoveryServices/vaults/{vaultName}`;

export const vaultIdOf = (p: RouteParams) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${VAULT_TYPE}/${p.vaultName}`;

export function requireVault(ctx: RequestContext, p: RouteParams): ArmResource {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const vault = ctx.store.get(vaultIdOf(p));
  if (!vault) throw resourceNotFound(VAULT_TYPE, p.vaultName ?? "", p.resourceGroupName ?? "");
  return vault;
}

/**
 * The vault's private link resources (group AzureBackup: 8 requiredMembers and 3 requiredZoneNames,
 * DOMAIN-FACTS; AzureBackup_secondary likewise with the paired region's geo code).
 */
function privateLinkResources(vault: ArmResource): Record<string, unknown>[] {
  return BACKUP_GROUP_IDS.flatMap((groupId) => {
    const naming = backupNamingFor(vault.location ?? "", groupId);
    if (typeof naming === "string") return [];
    return [
      {
        id: `${vault.id}/privateLinkResources/${groupId}`,
        name: groupId,
        type: `${VAULT_TYPE}/privateLinkResources`,
        properties: {
          groupId,
          requiredMembers: BACKUP_SERVICES.map((svc) => `backup-${svc}`),
          requiredZoneNames: [naming.zones.backup, naming.zones.blob, naming.zones.queue],
        },
      },
    ];
  });
}

/** Merges a PatchVault body into the vault: properties one level deep, as the RP applies PATCH. */
function applyPatch(vault: ArmResource, patch: Record<string, unknown>): void {
  const props = objectAt(vault.properties);
  for (const [key, value] of Object.entries(objectAt(patch.properties))) {
    const current = props[key];
    props[key] =
      value !== null && typeof value === "object" && !Array.isArray(value) && typeof current === "object"
        ? { ...objectAt(current), ...objectAt(value) }
        : value;
  }
  if (patch.tags !== undefined) vault.tags = patch.tags;
  if (patch.identity !== undefined) vault.identity = patch.identity;
  if (patch.sku !== undefined) vault.sku = patch.sku;
}

/** Cross-region restore cannot be turned off once on (DOMAIN-FACTS "Cross-region restore"). */
function checkPatch(vault: ArmResource, patch: Record<string, unknown>): void {
  const asked = objectAt(objectAt(patch.properties).redundancySettings).crossRegionRestore;
  const now = objectAt(objectAt(vault.properties).redundancySettings).crossRegionRestore;
  if (now === "Enabled" && asked === "Disabled") {
    throw new ArmError(
      400,
      "BadRequest",
      `Cross-region restore cannot be disabled on vault ${vault.name} once it is enabled.`,
    );
  }
}

function operationUrls(ctx: RequestContext, vault: ArmResource, op: TrackedOperation) {
  const version = `api-version=${CURRENT_API_VERSION["recoveryservices.vaults"]}`;
  return {
    status: `${ctx.base}${vault.id}/operationStatus/${op.id}?${version}`,
    result: `${ctx.base}${vault.id}/operationResults/${op.id}?${version}`,
  };
}

/**
 * The first api-version whose vault PATCH the service answers synchronously: 200 with the updated vault, no
 * operation to poll (issue 14's measurement against recorded ARM traffic; the 2024-04-01 and 2026-07-01 specs
 * allow both 200 and 202 for Vaults_Update). Older versions answer 202 and an operation, as the sandbox did for all.
 * The exact boundary between the two was not observed: 2024-04-01 is the oldest version vendored in spec/azure.
 */
export const SYNCHRONOUS_VAULT_PATCH_FROM = "2024-04-01";

/** Vaults_Update: 200 with the vault (current api-versions), or 202 with Location and Azure-AsyncOperation. */
function patchVault(ctx: RequestContext, p: RouteParams): Reply {
  const vault = requireVault(ctx, p);
  checkPreconditions(ctx, vault);
  const patch = bodyObject(ctx);
  checkPatch(vault, patch);
  if (ctx.apiVersion >= SYNCHRONOUS_VAULT_PATCH_FROM) {
    applyPatch(vault, patch);
    return { status: 200, body: ctx.store.put(vault, "datetime") };
  }
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const current = ctx.store.get(vault.id);
      if (!current) return;
      applyPatch(current, patch);
      ctx.store.put(current, "datetime");
    },
    result: () => ctx.store.get(vault.id),
  });
  const urls = operationUrls(ctx, vault, op);
  return {
    status: 202,
    headers: {
      Location: urls.result,
      "Azure-AsyncOperation": urls.status,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

/** A new vault as Vaults_CreateOrUpdate leaves it: the service's defaults under what the request set. */
function newVault(id: string, name: string, location: string, body: Record<string, unknown>): ArmResource {
  const props = objectAt(body.properties);
  return {
    id,
    name,
    type: VAULT_TYPE,
    location,
    ...(body.tags === undefined ? {} : { tags: body.tags }),
    identity: body.identity ?? { type: "None" },
    sku: body.sku ?? { name: "RS0", tier: "Standard" },
    properties: {
      privateEndpointStateForBackup: "None",
      privateEndpointStateForSiteRecovery: "None",
      publicNetworkAccess: "Enabled",
      backupStorageVersion: "V2",
      moveState: "Unknown",
      secureScore: "None",
      bcdrSecurityLevel: "Poor",
      redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Disabled" },
      securitySettings: {
        softDeleteSettings: {
          softDeleteRetentionPeriodInDays: 14,
          softDeleteState: "Enabled",
          enhancedSecurityState: "Enabled",
        },
        multiUserAuthorization: "Disabled",
      },
      ...props,
      provisioningState: "Succeeded",
    },
  };
}

/**
 * Vaults_CreateOrUpdate (2026-07-01: LRO, final-state-via location): a new vault answers 201 with Location and
 * Retry-After, and the Location answers the vault once created; an existing one is replaced at once (200).
 */
function putVault(ctx: RequestContext, p: RouteParams): Reply {
  const { name, id, existing, body, location } = readTrackedPut(ctx, p, "vaultName", VAULT_TYPE, vaultIdOf);
  if (existing) {
    if (existing.location?.toLowerCase() !== location.toLowerCase()) {
      throw new ArmError(
        400,
        "InvalidResourceLocation",
        `The resource '${name}' already exists in location '${existing.location}' in resource group '${p.resourceGroupName}'. A resource with the same name cannot be created in location '${location}'.`,
      );
    }
    const replaced = newVault(existing.id, existing.name, location, body);
    objectAt(replaced.properties).privateEndpointConnections = objectAt(
      existing.properties,
    ).privateEndpointConnections;
    objectAt(replaced.properties).privateEndpointStateForBackup = objectAt(
      existing.properties,
    ).privateEndpointStateForBackup;
    return { status: 200, body: ctx.store.put(replaced, "datetime") };
  }
  const vault = newVault(id, name, location, body);
  objectAt(vault.properties).provisioningState = "Creating";
  ctx.store.put(vault, "datetime");
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const current = ctx.store.get(id);
      if (current) objectAt(current.properties).provisioningState = "Succeeded";
    },
    result: () => ctx.store.get(id),
  });
  const urls = operationUrls(ctx, vault, op);
  return {
    status: 201,
    body: ctx.store.get(id),
    headers: {
      Location: urls.result,
      "Azure-AsyncOperation": urls.status,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

/** What keeps a vault from being deleted: backup items, registered servers or private endpoints in it. */
function vaultContents(ctx: RequestContext, vault: ArmResource): number {
  const prefix = `${vault.id.toLowerCase()}/backupfabrics/`;
  const inside = [...ctx.store.all()].filter((r) => r.id.toLowerCase().startsWith(prefix)).length;
  return inside + arrayAt(objectAt(vault.properties).privateEndpointConnections).length;
}

/** Vaults_Delete: 204 when there is no such vault, 202 and a Location until it is gone. */
function deleteVault(ctx: RequestContext, p: RouteParams): Reply {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const vault = ctx.store.get(vaultIdOf(p));
  if (!vault) return { status: 204 };
  checkPreconditions(ctx, vault);
  if (vaultContents(ctx, vault) > 0) {
    // The service's refusal, as the portal and az show it.
    throw new ArmError(
      400,
      "ServiceResourceNotEmpty",
      "Vault cannot be deleted as there are existing resources within the vault. Please delete any replicated items, registered servers, Hyper-V sites (Used for Site Recovery), policy associations for ASR and Private endpoints before deleting the vault.",
    );
  }
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => void ctx.store.delete(vault.id),
  });
  // Not the vault's own operationResults: GetOperationResult must answer a vault, and a deleted vault has none.
  const location = `${ctx.base}/subscriptions/${p.subscriptionId}/providers/Microsoft.RecoveryServices/locations/${vault.location}/operationResults/${op.id}?api-version=${ctx.apiVersion}`;
  return { status: 202, headers: { Location: location, "Retry-After": ctx.operations.retryAfter(op) } };
}

export const recoveryVaultRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: VAULT,
    family: "recoveryservices.vaults",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: requireVault(ctx, p) }),
  },
  { method: "PATCH", pattern: VAULT, family: "recoveryservices.vaults", kind: "lro", handler: patchVault },
  { method: "PUT", pattern: VAULT, family: "recoveryservices.vaults", kind: "lro", handler: putVault },
  { method: "DELETE", pattern: VAULT, family: "recoveryservices.vaults", kind: "lro", handler: deleteVault },
  ...listRoutes(VAULT_TYPE, "recoveryservices.vaults"),
  {
    method: "GET",
    pattern: `${VAULT}/privateLinkResources`,
    family: "recoveryservices.vaults",
    kind: "read",
    handler: (ctx, p) => listReply(ctx, privateLinkResources(requireVault(ctx, p))),
  },
  {
    method: "GET",
    pattern: `${VAULT}/privateLinkResources/{privateLinkResourceName}`,
    family: "recoveryservices.vaults",
    kind: "read",
    handler: (ctx, p) => {
      const vault = requireVault(ctx, p);
      const found = privateLinkResources(vault).find(
        (r) => String(r.name).toLowerCase() === (p.privateLinkResourceName ?? "").toLowerCase(),
      );
      if (!found)
        throw resourceNotFound(
          `${VAULT_TYPE}/privateLinkResources`,
          `${vault.name}/${p.privateLinkResourceName}`,
          p.resourceGroupName ?? "",
        );
      return { status: 200, body: found };
    },
  },
  {
    method: "GET",
    pattern:
      "/subscriptions/{subscriptionId}/providers/Microsoft.RecoveryServices/locations/{location}/operationResults/{operationId}",
    family: "recoveryservices.vaults",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "OperationNotFound");
      return operationResultReply(ctx.url, op, ctx.operations.retryAfter(op), () => ({ status: 204 }));
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/operationStatus/{operationId}`,
    family: "recoveryservices.vaults",
    kind: "read",
    // OperationResource: {id, name, status, startTime, endTime, error}
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "OperationNotFound");
      return {
        status: 200,
        body: operationResource(op, `${vaultIdOf(p)}/operationStatus/${op.id}`),
        headers: { "Retry-After": ctx.operations.retryAfter(op) },
      };
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/operationResults/{operationId}`,
    family: "recoveryservices.vaults",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "OperationNotFound");
      return operationResultReply(ctx.url, op, ctx.operations.retryAfter(op), () => ({
        status: 200,
        body: op.result?.(),
      }));
    },
  },
];
