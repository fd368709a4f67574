import { CURRENT_API_VERSION } from "../api-versions.js";
import type { Reply, RequestContext, Route } from "../context.js";
import { operationResultReply, type TrackedOperation } from "../lro.js";

/**
 * How the Network RP runs long-running work (network 2026-01-01: every PUT is LRO with
 * final-state-via azure-async-operation, every DELETE with location): the PUT answers 200/201 with the
 * resource in provisioningState Updating plus an `Azure-AsyncOperation` URL under
 * `/subscriptions/{id}/providers/Microsoft.Network/locations/{region}/operations/{opId}`; a DELETE answers
 * 202 with that URL and a `Location` under `…/operationResults/{opId}`.
 */
function statusUrl(
  ctx: RequestContext,
  subscriptionId: string,
  region: string,
  op: TrackedOperation,
  kind: string,
) {
  const version = CURRENT_API_VERSION.network;
  return `${ctx.base}/subscriptions/${subscriptionId}/providers/Microsoft.Network/locations/${region}/${kind}/${op.id}?api-version=${version}`;
}

export function networkPutReply(
  ctx: RequestContext,
  created: boolean,
  body: unknown,
  op: TrackedOperation,
  subscriptionId: string,
  region: string,
): Reply {
  return {
    status: created ? 201 : 200,
    body,
    headers: {
      "Azure-AsyncOperation": statusUrl(ctx, subscriptionId, region, op, "operations"),
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

export function networkDeleteReply(
  ctx: RequestContext,
  op: TrackedOperation,
  subscriptionId: string,
  region: string,
): Reply {
  return {
    status: 202,
    headers: {
      "Azure-AsyncOperation": statusUrl(ctx, subscriptionId, region, op, "operations"),
      Location: statusUrl(ctx, subscriptionId, region, op, "operationResults"),
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

const LOCATIONS = "/subscriptions/{subscriptionId}/providers/Microsoft.Network/locations/{location}";

export const networkOperationRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${LOCATIONS}/operations/{operationId}`,
    family: "network",
    kind: "read",
    // network.json AzureAsyncOperationResult: {status: InProgress|Succeeded|Failed, error?}
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "NotFound");
      const status = op.status === "Canceled" ? "Failed" : op.status;
      return {
        status: 200,
        body: op.error === undefined ? { status } : { status, error: op.error },
        headers: op.status === "InProgress" ? { "Retry-After": ctx.operations.retryAfter(op) } : {},
      };
    },
  },
  {
    method: "GET",
    pattern: `${LOCATIONS}/operationResults/{operationId}`,
    family: "network",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "NotFound");
      return operationResultReply(ctx.url, op, ctx.operations.retryAfter(op), () => ({ status: 204 }));
    },
  },
];
