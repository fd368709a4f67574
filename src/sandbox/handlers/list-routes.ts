import type { ApiFamily } from "../api-versions.js";
import { listReply, requireResourceGroup, requireSubscription } from "../arm-resource.js";
import type { RequestContext, Route } from "../context.js";
import { resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";

/**
 * The two list operations every tracked resource type has in its spec (`…_List` in a resource group and
 * `…_ListAll` / `…_ListBySubscription`), answered from the store in pages. `present` turns a stored resource
 * into its GET shape where the two differ (a private DNS zone's live counts).
 */
export function listRoutes(
  type: string,
  family: ApiFamily,
  present: (ctx: RequestContext, resource: ArmResource) => unknown = (_ctx, resource) => resource,
): Route[] {
  return [
    {
      method: "GET",
      pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${type}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
        const found = ctx.store.listByType(type, p.subscriptionId ?? "", p.resourceGroupName ?? "");
        return listReply(
          ctx,
          found.map((r) => present(ctx, r)),
        );
      },
    },
    {
      method: "GET",
      pattern: `/subscriptions/{subscriptionId}/providers/${type}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        requireSubscription(ctx, p.subscriptionId ?? "");
        const found = ctx.store.listByType(type, p.subscriptionId ?? "");
        return listReply(
          ctx,
          found.map((r) => present(ctx, r)),
        );
      },
    },
  ];
}

/**
 * A read-only top-level type (`…_Get` and the two lists), served from the store as stored, through `present`: the
 * sandbox's key vaults and Backup vaults, which vaultlink reads and never writes.
 */
export function readOnlyRoutes(
  type: string,
  family: ApiFamily,
  present: (ctx: RequestContext, resource: ArmResource) => unknown = (_ctx, resource) => resource,
): Route[] {
  return [
    {
      method: "GET",
      pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${type}/{name}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
        const id = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${type}/${p.name}`;
        const resource = ctx.store.get(id);
        if (!resource) throw resourceNotFound(type, p.name ?? "", p.resourceGroupName ?? "");
        return { status: 200, body: present(ctx, resource) };
      },
    },
    ...listRoutes(type, family, present),
  ];
}
