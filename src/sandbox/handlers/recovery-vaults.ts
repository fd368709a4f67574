import { CURRENT_API_VERSION } from "../api-versions.js";
import {
  bodyObject,
  checkPreconditions,
  listReply,
  objectAt,
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

/** Vaults_Update: 202 with Location (operationResults) and Azure-AsyncOperation (operationStatus). */
function patchVault(ctx: RequestContext, p: RouteParams): Reply {
  const vault = requireVault(ctx, p);
  checkPreconditions(ctx, vault);
  const patch = bodyObject(ctx);
  checkPatch(vault, patch);
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

export const recoveryVaultRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: VAULT,
    family: "recoveryservices.vaults",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: requireVault(ctx, p) }),
  },
  { method: "PATCH", pattern: VAULT, family: "recoveryservices.vaults", kind: "lro", handler: patchVault },
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
