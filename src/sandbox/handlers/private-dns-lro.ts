import { CURRENT_API_VERSION } from "../api-versions.js";
import type { Reply, RequestContext, Route } from "../context.js";
import { operationResultReply, type TrackedOperation } from "../lro.js";

/**
 * How the private DNS service runs its long-running work (privatedns 2024-06-01: zone and link PUT, PATCH
 * and DELETE are LRO with 200/201/202): it answers 202 with no body, an `Azure-AsyncOperation` URL under
 * `…/providers/Microsoft.Network/privateDnsOperationStatuses/{id}` and a `Location` under
 * `…/privateDnsOperationResults/{id}` that returns the resource (or 204 for a delete) once done. The 202's body is
 * `{}` (content-length 2 in azure-cli's recordings, test/fixtures/recordings/).
 */
export function privateDnsAccepted(
  ctx: RequestContext,
  subscriptionId: string,
  resourceGroup: string,
  op: TrackedOperation,
): Reply {
  const base = `${ctx.base}/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network`;
  const version = `api-version=${CURRENT_API_VERSION.privatedns}`;
  return {
    status: 202,
    body: {},
    headers: {
      "Azure-AsyncOperation": `${base}/privateDnsOperationStatuses/${op.id}?${version}`,
      Location: `${base}/privateDnsOperationResults/${op.id}?${version}`,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

const BASE = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network";

export const privateDnsOperationRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${BASE}/privateDnsOperationStatuses/{operationId}`,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "NotFound");
      return {
        status: 200,
        body: op.error ? { status: op.status, error: op.error } : { status: op.status },
        headers: { "Retry-After": ctx.operations.retryAfter(op) },
      };
    },
  },
  {
    method: "GET",
    pattern: `${BASE}/privateDnsOperationResults/{operationId}`,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.require(p.operationId ?? "", "NotFound");
      return operationResultReply(ctx.url, op, ctx.operations.retryAfter(op), () => {
        const result = op.result?.();
        return result === undefined ? { status: 204 } : { status: 200, body: result };
      });
    },
  },
];
