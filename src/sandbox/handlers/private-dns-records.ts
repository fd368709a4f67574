import {
  bodyObject,
  checkPreconditions,
  listReply,
  objectAt,
  requireResourceGroup,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError, parentResourceNotFound, resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";
import {
  RECORD_TYPES,
  type RecordType,
  recordSetId,
  recordSetResource,
  ZONE_TYPE,
} from "./private-dns-model.js";

/** Record sets are synchronous (privatedns 2024-06-01: RecordSets_* are not long-running). */
const ZONE =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}";
const RECORD = `${ZONE}/{recordType}/{relativeRecordSetName}`;

function zoneOf(ctx: RequestContext, p: RouteParams): ArmResource {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const id = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${ZONE_TYPE}/${p.privateZoneName}`;
  const zone = ctx.store.get(id);
  if (!zone) throw parentResourceNotFound(p.privateZoneName ?? "");
  return zone;
}

function recordTypeOf(p: RouteParams): RecordType {
  const type = RECORD_TYPES.find((t) => t === (p.recordType ?? "").toUpperCase());
  if (type === undefined)
    throw new ArmError(400, "InvalidRecordType", `The record type '${p.recordType}' is not supported.`);
  return type;
}

const isRecordSet = (r: ArmResource) =>
  r.type.toLowerCase().startsWith(`${ZONE_TYPE.toLowerCase()}/`) &&
  !r.type.toLowerCase().endsWith("/virtualnetworklinks");

function putRecord(ctx: RequestContext, p: RouteParams): Reply {
  const zone = zoneOf(ctx, p);
  const type = recordTypeOf(p);
  const id = recordSetId(zone.id, type, p.relativeRecordSetName ?? "");
  const existing = ctx.store.get(id);
  checkPreconditions(ctx, existing);
  const props = { ...objectAt(bodyObject(ctx).properties) };
  delete props.fqdn;
  delete props.isAutoRegistered;
  const stored = ctx.store.put(recordSetResource(zone, type, p.relativeRecordSetName ?? "", props), "bare");
  return { status: existing ? 200 : 201, body: stored };
}

export const privateDnsRecordRoutes: readonly Route[] = [
  { method: "PUT", pattern: RECORD, family: "privatedns", kind: "write", handler: putRecord },
  {
    method: "GET",
    pattern: RECORD,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => {
      const zone = zoneOf(ctx, p);
      const record = ctx.store.get(recordSetId(zone.id, recordTypeOf(p), p.relativeRecordSetName ?? ""));
      if (!record)
        throw resourceNotFound(
          `${ZONE_TYPE}/${p.recordType}`,
          `${zone.name}/${p.relativeRecordSetName}`,
          p.resourceGroupName ?? "",
        );
      return { status: 200, body: record };
    },
  },
  {
    method: "DELETE",
    pattern: RECORD,
    family: "privatedns",
    kind: "write",
    handler: (ctx, p) => {
      const zone = zoneOf(ctx, p);
      const type = recordTypeOf(p);
      if (type === "SOA")
        throw new ArmError(400, "BadRequest", "The SOA record set of a zone cannot be deleted.");
      const id = recordSetId(zone.id, type, p.relativeRecordSetName ?? "");
      const existing = ctx.store.get(id);
      if (!existing) return { status: 204 };
      checkPreconditions(ctx, existing);
      ctx.store.delete(id);
      return { status: 200 };
    },
  },
  {
    method: "GET",
    pattern: `${ZONE}/ALL`,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => {
      const zone = zoneOf(ctx, p);
      const prefix = `${zone.id.toLowerCase()}/`;
      return listReply(
        ctx,
        [...ctx.store.all()].filter((r) => r.id.toLowerCase().startsWith(prefix) && isRecordSet(r)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${ZONE}/{recordType}`,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => {
      const zone = zoneOf(ctx, p);
      return listReply(ctx, ctx.store.childrenOf(zone.id, `${ZONE_TYPE}/${recordTypeOf(p)}`));
    },
  },
];
