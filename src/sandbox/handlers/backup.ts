import { CURRENT_API_VERSION } from "../api-versions.js";
import { arrayAt, bodyObject, listReply, objectAt } from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { invalidRequestContent, resourceNotFound } from "../errors.js";
import { operationResource } from "../lro.js";
import { setEndpointConnectionState } from "../private-endpoint-provisioning.js";
import type { ArmResource } from "../state.js";
import { requireVault, VAULT } from "./recovery-vaults.js";

/**
 * The Backup RP's side (bms.json 2023-06-01): protected items, and the vault's private endpoint
 * connections with their approval (PrivateEndpointConnection_Put, LRO through
 * `…/privateEndpointConnections/{name}/operationsStatus/{operationId}`).
 */
const PEC = `${VAULT}/privateEndpointConnections/{privateEndpointConnectionName}`;
const STATUSES = ["Pending", "Approved", "Rejected", "Disconnected"];

function connectionOf(vault: ArmResource, name: string): Record<string, unknown> | undefined {
  return arrayAt(objectAt(vault.properties).privateEndpointConnections).find(
    (c) => String(c.name).toLowerCase() === name.toLowerCase(),
  );
}

function requireConnection(
  ctx: RequestContext,
  p: RouteParams,
): { vault: ArmResource; connection: Record<string, unknown> } {
  const vault = requireVault(ctx, p);
  const connection = connectionOf(vault, p.privateEndpointConnectionName ?? "");
  if (!connection) {
    throw resourceNotFound(
      `${vault.type}/privateEndpointConnections`,
      `${vault.name}/${p.privateEndpointConnectionName}`,
      p.resourceGroupName ?? "",
    );
  }
  return { vault, connection };
}

function statusUrl(ctx: RequestContext, connectionId: string, operationId: string): string {
  return `${ctx.base}${connectionId}/operationsStatus/${operationId}?api-version=${CURRENT_API_VERSION["recoveryservices.backup"]}`;
}

function setStatus(
  ctx: RequestContext,
  vaultId: string,
  name: string,
  status: string,
  description: string,
): void {
  const vault = ctx.store.get(vaultId);
  const connection = vault ? connectionOf(vault, name) : undefined;
  if (!vault || !connection) return;
  const props = objectAt(connection.properties);
  props.provisioningState = "Succeeded";
  props.privateLinkServiceConnectionState = { status, description, actionsRequired: "None" };
  ctx.store.put(vault, "datetime");
  const pe = ctx.store.get(String(objectAt(props.privateEndpoint).id ?? ""));
  if (pe) setEndpointConnectionState(ctx.store, pe, status);
}

function putConnection(ctx: RequestContext, p: RouteParams): Reply {
  const { vault, connection } = requireConnection(ctx, p);
  const asked = objectAt(objectAt(bodyObject(ctx).properties).privateLinkServiceConnectionState);
  const status = String(asked.status ?? "");
  if (!STATUSES.includes(status)) {
    throw invalidRequestContent(
      `properties.privateLinkServiceConnectionState.status must be one of ${STATUSES.join(", ")}.`,
    );
  }
  const name = String(connection.name);
  const description = typeof asked.description === "string" ? asked.description : "";
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => setStatus(ctx, vault.id, name, status, description),
  });
  objectAt(connection.properties).provisioningState = "Pending";
  return {
    status: 200,
    body: connection,
    headers: {
      "Azure-AsyncOperation": statusUrl(ctx, String(connection.id), op.id),
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

function deleteConnection(ctx: RequestContext, p: RouteParams): Reply {
  const vault = requireVault(ctx, p);
  const connection = connectionOf(vault, p.privateEndpointConnectionName ?? "");
  if (!connection) return { status: 204 };
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const current = ctx.store.get(vault.id);
      if (!current) return;
      const vp = objectAt(current.properties);
      vp.privateEndpointConnections = arrayAt(vp.privateEndpointConnections).filter(
        (c) => c.id !== connection.id,
      );
      if (arrayAt(vp.privateEndpointConnections).length === 0) vp.privateEndpointStateForBackup = "None";
      ctx.store.put(current, "datetime");
      const pe = ctx.store.get(String(objectAt(objectAt(connection.properties).privateEndpoint).id ?? ""));
      if (pe) setEndpointConnectionState(ctx.store, pe, "Disconnected");
    },
  });
  return {
    status: 202,
    headers: {
      "Azure-AsyncOperation": statusUrl(ctx, String(connection.id), op.id),
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

export const backupRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${VAULT}/backupProtectedItems`,
    family: "recoveryservices.backup",
    kind: "read",
    handler: (ctx, p) => {
      const vault = requireVault(ctx, p);
      const prefix = `${vault.id.toLowerCase()}/backupfabrics/`;
      const items = [...ctx.store.all()].filter(
        (r) => r.id.toLowerCase().startsWith(prefix) && r.type.toLowerCase().endsWith("/protecteditems"),
      );
      return listReply(ctx, items);
    },
  },
  {
    method: "GET",
    pattern: PEC,
    family: "recoveryservices.backup",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: requireConnection(ctx, p).connection }),
  },
  { method: "PUT", pattern: PEC, family: "recoveryservices.backup", kind: "lro", handler: putConnection },
  {
    method: "DELETE",
    pattern: PEC,
    family: "recoveryservices.backup",
    kind: "lro",
    handler: deleteConnection,
  },
  {
    method: "GET",
    pattern: `${PEC}/operationsStatus/{operationId}`,
    family: "recoveryservices.backup",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "OperationNotFound");
      return { status: 200, body: operationResource(op, op.id) };
    },
  },
];
