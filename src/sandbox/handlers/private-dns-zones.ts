import {
  bodyObject,
  checkPreconditions,
  header,
  listReply,
  objectAt,
  requireResourceGroup,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import {
  ArmError,
  invalidRequestContent,
  parentResourceNotFound,
  preconditionFailed,
  resourceNotFound,
} from "../errors.js";
import type { ArmResource } from "../state.js";
import { listRoutes } from "./list-routes.js";
import { privateDnsAccepted } from "./private-dns-lro.js";
import { LINK_TYPE, newZone, presentZone, soaRecord, ZONE_TYPE } from "./private-dns-model.js";

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/{privateZoneName}`;
const LINK = `${ZONE}/virtualNetworkLinks/{virtualNetworkLinkName}`;

const zoneIdOf = (p: RouteParams) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${ZONE_TYPE}/${(p.privateZoneName ?? "").toLowerCase()}`;

function zoneOr404(ctx: RequestContext, p: RouteParams, nested: boolean): ArmResource {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const zone = ctx.store.get(zoneIdOf(p));
  if (zone) return zone;
  throw nested
    ? parentResourceNotFound(p.privateZoneName ?? "")
    : resourceNotFound(ZONE_TYPE, p.privateZoneName ?? "", p.resourceGroupName ?? "");
}

/** Private DNS resources are global; ARM refuses any other location for them. */
function checkGlobal(body: Record<string, unknown>): void {
  if (body.location !== undefined && String(body.location).toLowerCase() !== "global") {
    throw new ArmError(
      400,
      "InvalidLocation",
      `The location '${String(body.location)}' is invalid for a private DNS resource; use 'global'.`,
    );
  }
}

/**
 * A create-only PUT (`If-None-Match: *`) of a zone or link that exists: the private DNS service accepts it with
 * 202 like any PUT and fails the operation with PreconditionFailed, leaving the resource as it was (azure-cli's
 * recordings test_PutZone_ZoneExistsIfNoneMatchFailure_ExpectError and
 * test_PutLink_LinkExistsIfNoneMatchFailure_ExpectError, kept in test/fixtures/recordings/). Other providers
 * answer 412 at once (arm-resource.ts checkPreconditions).
 */
function existsAlready(ctx: RequestContext, p: RouteParams, message: string): Reply | undefined {
  if (header(ctx, "if-none-match") !== "*") return undefined;
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      throw preconditionFailed(message);
    },
  });
  return privateDnsAccepted(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "", op);
}

function putZone(ctx: RequestContext, p: RouteParams): Reply {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const name = (p.privateZoneName ?? "").toLowerCase();
  if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}$/.test(name)) {
    throw new ArmError(
      400,
      "InvalidResourceName",
      `The zone name '${p.privateZoneName}' is not a valid DNS name.`,
    );
  }
  const id = zoneIdOf(p);
  const existing = ctx.store.get(id);
  const body = bodyObject(ctx);
  checkGlobal(body);
  const conflict =
    existing &&
    existsAlready(ctx, p, `The Zone ${existing.name} exists already and hence cannot be created again.`);
  if (conflict) return conflict;
  checkPreconditions(ctx, existing);
  const zone = existing
    ? {
        ...existing,
        ...(body.tags === undefined ? {} : { tags: body.tags }),
        properties: { ...objectAt(existing.properties), provisioningState: "Updating" },
      }
    : newZone(id, name, body.tags, ctx.store.ids.next());
  ctx.store.put(zone, "bare");
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const current = ctx.store.get(id);
      if (!current) return;
      objectAt(current.properties).provisioningState = "Succeeded";
      // A zone whose first provisioning Failed gets its SOA record when a PUT provisions it again.
      if (!existing || objectAt(existing.properties).provisioningState === "Failed")
        ctx.store.put(soaRecord(current), "bare");
    },
    result: () => {
      const current = ctx.store.get(id);
      return current ? presentZone(ctx.store, current) : undefined;
    },
  });
  return privateDnsAccepted(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "", op);
}

function putLink(ctx: RequestContext, p: RouteParams): Reply {
  const zone = zoneOr404(ctx, p, true);
  const name = p.virtualNetworkLinkName ?? "";
  const id = `${zone.id}/virtualNetworkLinks/${name}`;
  const existing = ctx.store.get(id);
  const body = bodyObject(ctx);
  checkGlobal(body);
  const conflict =
    existing &&
    existsAlready(
      ctx,
      p,
      `The Virtual Network link ${existing.name} for the Private DNS zone ${zone.name} exists already and hence cannot be created again.`,
    );
  if (conflict) return conflict;
  checkPreconditions(ctx, existing);
  const props = objectAt(body.properties);
  const vnetId = objectAt(props.virtualNetwork).id;
  if (typeof vnetId !== "string" || !ctx.store.get(vnetId)) {
    throw invalidRequestContent("properties.virtualNetwork.id must name an existing virtual network.");
  }
  const duplicate = ctx.store
    .childrenOf(zone.id, LINK_TYPE)
    .find(
      (l) =>
        l.id.toLowerCase() !== id.toLowerCase() &&
        String(objectAt(objectAt(l.properties).virtualNetwork).id).toLowerCase() === vnetId.toLowerCase(),
    );
  if (duplicate) {
    throw new ArmError(
      409,
      "Conflict",
      `A virtual network cannot be linked to the same private zone twice (existing link ${duplicate.name}).`,
    );
  }
  ctx.store.put(
    {
      id,
      name,
      type: LINK_TYPE,
      location: "global",
      ...(body.tags === undefined ? {} : { tags: body.tags }),
      properties: {
        virtualNetwork: { id: vnetId },
        registrationEnabled: props.registrationEnabled === true,
        resolutionPolicy: props.resolutionPolicy ?? "Default",
        virtualNetworkLinkState: "InProgress",
        provisioningState: existing ? "Updating" : "Creating",
      },
    },
    "quoted",
  );
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const props = objectAt(ctx.store.get(id)?.properties);
      props.provisioningState = "Succeeded";
      props.virtualNetworkLinkState = "Completed";
    },
    result: () => ctx.store.get(id),
  });
  return privateDnsAccepted(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "", op);
}

function deleteAccepted(ctx: RequestContext, p: RouteParams, id: string): Reply {
  const existing = ctx.store.get(id);
  if (!existing) return { status: 204 };
  checkPreconditions(ctx, existing);
  const op = ctx.operations.start({ durationMs: ctx.latency.lro, complete: () => void ctx.store.delete(id) });
  return privateDnsAccepted(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "", op);
}

export const privateDnsZoneRoutes: readonly Route[] = [
  { method: "PUT", pattern: ZONE, family: "privatedns", kind: "lro", handler: putZone },
  {
    method: "GET",
    pattern: ZONE,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: presentZone(ctx.store, zoneOr404(ctx, p, false)) }),
  },
  {
    method: "DELETE",
    pattern: ZONE,
    family: "privatedns",
    kind: "lro",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const zone = ctx.store.get(zoneIdOf(p));
      if (zone && ctx.store.childrenOf(zone.id, LINK_TYPE).length > 0) {
        throw new ArmError(
          409,
          "CannotDeleteResource",
          `The zone ${zone.name} has virtual network links; delete them first.`,
        );
      }
      return deleteAccepted(ctx, p, zoneIdOf(p));
    },
  },
  ...listRoutes(ZONE_TYPE, "privatedns", (ctx, zone) => presentZone(ctx.store, zone)),
  { method: "PUT", pattern: LINK, family: "privatedns", kind: "lro", handler: putLink },
  {
    method: "GET",
    pattern: LINK,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => {
      const zone = zoneOr404(ctx, p, true);
      const link = ctx.store.get(`${zone.id}/virtualNetworkLinks/${p.virtualNetworkLinkName}`);
      if (!link)
        throw resourceNotFound(
          LINK_TYPE,
          `${zone.name}/${p.virtualNetworkLinkName}`,
          p.resourceGroupName ?? "",
        );
      return { status: 200, body: link };
    },
  },
  {
    method: "DELETE",
    pattern: LINK,
    family: "privatedns",
    kind: "lro",
    handler: (ctx, p) =>
      deleteAccepted(ctx, p, `${zoneOr404(ctx, p, true).id}/virtualNetworkLinks/${p.virtualNetworkLinkName}`),
  },
  {
    method: "GET",
    pattern: `${ZONE}/virtualNetworkLinks`,
    family: "privatedns",
    kind: "read",
    handler: (ctx, p) => listReply(ctx, ctx.store.childrenOf(zoneOr404(ctx, p, true).id, LINK_TYPE)),
  },
];
