import { arrayAt, listReply, objectAt } from "../arm-resource.js";
import type { RequestContext, Route, RouteParams } from "../context.js";
import { resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";
import { networkDeleteReply } from "./network-lro.js";

/**
 * Child resources the Network RP keeps inside their parent's body (a VNet's peerings, an NSG's security
 * rules): GET one, list them, and DELETE one as a long-running operation that rewrites the parent. Their PUTs
 * differ per kind and stay with their resource.
 */
export interface InlineChildren {
  /** The spec's path of one child, ending in `/{nameParam}`. */
  readonly pattern: string;
  readonly nameParam: string;
  /** e.g. `Microsoft.Network/virtualNetworks/virtualNetworkPeerings`, for 404 messages. */
  readonly type: string;
  /** The parent's property that holds them, e.g. `virtualNetworkPeerings`. */
  readonly key: string;
  /** The parent a route names, or its 404 (ParentResourceNotFound). */
  readonly parent: (ctx: RequestContext, p: RouteParams) => ArmResource;
}

export function inlineChildRoutes(children: InlineChildren): Route[] {
  const of = (parent: ArmResource) => arrayAt(objectAt(parent.properties)[children.key]);
  const nameOf = (p: RouteParams) => (p[children.nameParam] ?? "").toLowerCase();
  const listPattern = children.pattern.slice(0, children.pattern.lastIndexOf("/"));
  return [
    {
      method: "GET",
      pattern: children.pattern,
      family: "network",
      kind: "read",
      handler: (ctx, p) => {
        const parent = children.parent(ctx, p);
        const child = of(parent).find((c) => String(c.name).toLowerCase() === nameOf(p));
        if (!child)
          throw resourceNotFound(
            children.type,
            `${parent.name}/${p[children.nameParam]}`,
            p.resourceGroupName ?? "",
          );
        return { status: 200, body: child };
      },
    },
    {
      method: "GET",
      pattern: listPattern,
      family: "network",
      kind: "read",
      handler: (ctx, p) => listReply(ctx, of(children.parent(ctx, p))),
    },
    {
      method: "DELETE",
      pattern: children.pattern,
      family: "network",
      kind: "lro",
      handler: (ctx, p) => {
        const parent = children.parent(ctx, p);
        const name = nameOf(p);
        if (!of(parent).some((c) => String(c.name).toLowerCase() === name)) return { status: 204 };
        const op = ctx.operations.start({
          durationMs: ctx.latency.lro,
          complete: () => {
            const current = ctx.store.get(parent.id);
            if (!current) return;
            objectAt(current.properties)[children.key] = of(current).filter(
              (c) => String(c.name).toLowerCase() !== name,
            );
            // Any change inside the parent gives the parent a new etag.
            ctx.store.put(current);
          },
        });
        return networkDeleteReply(ctx, op, p.subscriptionId ?? "", parent.location ?? "global");
      },
    },
  ];
}
