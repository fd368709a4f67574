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

const CONFIG_TYPE = `${ZONE_GROUP_TYPE}/privateDnsZoneConfigs`;

/**
 * A zone group as the service answers it: with its `type`, and each of its configs with an `id` (the group's id and
 * `/privateDnsZoneConfigs/{name}`), the group's `etag` and a `type` of their own, though the spec's
 * PrivateDnsZoneGroup and PrivateDnsZoneConfig declare none of these (network 2026-01-01 privateEndpoint.json).
 * Observed in the service's answers as az CLI prints them (`az network private-endpoint dns-zone-group list`:
 * https://notes.pbe9216.net/2021/2021-03-28-azure-service-private-endpoints-private-links-networking); the spec
 * check (test/support/spec-conformance.ts, SERVICE_FIELDS_BEYOND_THE_SPEC) admits exactly these.
 */
function shown(group: ArmResource): Record<string, unknown> {
  const properties = objectAt(group.properties);
  return {
    ...group,
    properties: {
      ...properties,
      privateDnsZoneConfigs: arrayAt(properties.privateDnsZoneConfigs).map((config) => ({
        name: config.name,
        id: `${group.id}/privateDnsZoneConfigs/${String(config.name)}`,
        ...(group.etag === undefined ? {} : { etag: group.etag }),
        type: CONFIG_TYPE,
        properties: config.properties,
      })),
    },
  };
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
