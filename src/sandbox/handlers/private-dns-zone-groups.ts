import {
  arrayAt,
  bodyObject,
  checkPreconditions,
  checkResourceName,
  listReply,
  objectAt,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { invalidResourceReference, parentResourceNotFound, resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";
import { syncZoneGroups, ZONE_GROUP_TYPE } from "../zone-group-sync.js";
import { networkDeleteReply, networkPutReply } from "./network-lro.js";
import { peIdOf } from "./private-endpoints.js";

const PE =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}";
const GROUP = `${PE}/privateDnsZoneGroups/{privateDnsZoneGroupName}`;

/**
 * The state file needs every resource's type, but PrivateDnsZoneGroup in the spec has no `type`
 * property (network 2026-01-01 privateEndpoint.json), so it is left out of answers.
 */
function shown(group: ArmResource): Record<string, unknown> {
  const { type: _type, ...rest } = group;
  return rest;
}

function endpointOf(ctx: RequestContext, p: RouteParams): ArmResource {
  const pe = ctx.store.get(peIdOf(p));
  if (!pe) throw parentResourceNotFound(p.privateEndpointName ?? "");
  return pe;
}

/** PrivateDnsZoneGroups_CreateOrUpdate: LRO via Azure-AsyncOperation; records appear when it completes. */
function putGroup(ctx: RequestContext, p: RouteParams): Reply {
  const pe = endpointOf(ctx, p);
  const name = p.privateDnsZoneGroupName ?? "";
  checkResourceName(name, ZONE_GROUP_TYPE);
  const id = `${pe.id}/privateDnsZoneGroups/${name}`;
  const existing = ctx.store.get(id);
  checkPreconditions(ctx, existing);
  const configs = arrayAt(objectAt(bodyObject(ctx).properties).privateDnsZoneConfigs).map((c) => {
    const zoneId = String(objectAt(c.properties).privateDnsZoneId ?? "");
    if (!ctx.store.get(zoneId)) throw invalidResourceReference(zoneId, id);
    return {
      name: c.name ?? zoneId.slice(zoneId.lastIndexOf("/") + 1),
      properties: { privateDnsZoneId: zoneId, recordSets: [] },
    };
  });
  const stored = ctx.store.put({
    id,
    name,
    type: ZONE_GROUP_TYPE,
    properties: { provisioningState: "Updating", privateDnsZoneConfigs: configs },
  });
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      syncZoneGroups(ctx.store, pe.id);
      objectAt(ctx.store.get(id)?.properties).provisioningState = "Succeeded";
    },
  });
  return networkPutReply(ctx, !existing, shown(stored), op, p.subscriptionId ?? "", pe.location ?? "global");
}

export const privateDnsZoneGroupRoutes: readonly Route[] = [
  { method: "PUT", pattern: GROUP, family: "network.privateDnsZoneGroups", kind: "lro", handler: putGroup },
  {
    method: "GET",
    pattern: GROUP,
    family: "network.privateDnsZoneGroups",
    kind: "read",
    handler: (ctx, p) => {
      const pe = endpointOf(ctx, p);
      const group = ctx.store.get(`${pe.id}/privateDnsZoneGroups/${p.privateDnsZoneGroupName}`);
      if (!group)
        throw resourceNotFound(
          ZONE_GROUP_TYPE,
          `${pe.name}/${p.privateDnsZoneGroupName}`,
          p.resourceGroupName ?? "",
        );
      return { status: 200, body: shown(group) };
    },
  },
  {
    method: "GET",
    pattern: `${PE}/privateDnsZoneGroups`,
    family: "network.privateDnsZoneGroups",
    kind: "read",
    handler: (ctx, p) =>
      listReply(ctx, ctx.store.childrenOf(endpointOf(ctx, p).id, ZONE_GROUP_TYPE).map(shown)),
  },
  {
    method: "DELETE",
    pattern: GROUP,
    family: "network.privateDnsZoneGroups",
    kind: "lro",
    handler: (ctx, p) => {
      const pe = endpointOf(ctx, p);
      const id = `${pe.id}/privateDnsZoneGroups/${p.privateDnsZoneGroupName}`;
      if (!ctx.store.get(id)) return { status: 204 };
      const op = ctx.operations.start({
        durationMs: ctx.latency.lro,
        complete: () => void ctx.store.delete(id),
      });
      return networkDeleteReply(ctx, op, p.subscriptionId ?? "", pe.location ?? "global");
    },
  },
];
