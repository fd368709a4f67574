import {
  arrayAt,
  bodyObject,
  checkPreconditions,
  checkResourceName,
  objectAt,
  readTrackedPut,
  requireResourceGroup,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError, invalidRequestContent } from "../errors.js";
import type { ArmResource } from "../state.js";
import { inlineChildRoutes } from "./inline-children.js";
import { listRoutes } from "./list-routes.js";
import { networkDeleteReply, networkPutReply } from "./network-lro.js";
import {
  PEERING_TYPE,
  peeringsOf,
  requireVnet,
  saveVnet,
  settleVnet,
  subnetFromRequest,
  subnetsOf,
  VNET_TYPE,
  vnetId,
} from "./virtual-network-model.js";

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}`;
const PEERING = `${VNET}/virtualNetworkPeerings/{virtualNetworkPeeringName}`;

const idOf = (p: RouteParams) =>
  vnetId(p.subscriptionId ?? "", p.resourceGroupName ?? "", p.virtualNetworkName ?? "");

function putVnet(ctx: RequestContext, p: RouteParams): Reply {
  const { name, id, existing, body, props, location } = readTrackedPut(
    ctx,
    p,
    "virtualNetworkName",
    VNET_TYPE,
    idOf,
  );
  const prefixes = objectAt(props.addressSpace).addressPrefixes;
  if (!Array.isArray(prefixes) || prefixes.length === 0) {
    throw invalidRequestContent("properties.addressSpace.addressPrefixes is required.");
  }
  const previous = existing ? subnetsOf(existing) : [];
  const subnets = arrayAt(props.subnets).map((s) => {
    const subnetName = String(s.name ?? "");
    const before = previous.find((b) => String(b.name).toLowerCase() === subnetName.toLowerCase());
    return subnetFromRequest(ctx.store, id, before ? String(before.name) : subnetName, s, before, "Updating");
  });
  for (const dropped of previous) {
    const inUse = arrayAt(objectAt(dropped.properties).ipConfigurations).length > 0;
    if (inUse && !subnets.some((s) => String(s.name).toLowerCase() === String(dropped.name).toLowerCase())) {
      throw new ArmError(
        400,
        "InUseSubnetCannotBeDeleted",
        `Subnet ${dropped.name} is in use by ${dropped.id} and cannot be deleted.`,
      );
    }
  }
  const vnet: ArmResource = {
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    type: VNET_TYPE,
    location,
    ...(body.tags === undefined ? {} : { tags: body.tags }),
    properties: {
      enableDdosProtection: false,
      ...props,
      provisioningState: "Updating",
      resourceGuid: objectAt(existing?.properties).resourceGuid ?? ctx.store.ids.next(),
      subnets,
      virtualNetworkPeerings: existing ? peeringsOf(existing) : [],
    },
  };
  const stored = saveVnet(ctx.store, vnet);
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => settleVnet(ctx.store, id, "Succeeded"),
  });
  return networkPutReply(ctx, !existing, stored, op, p.subscriptionId ?? "", location);
}

function deleteVnet(ctx: RequestContext, p: RouteParams): Reply {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const existing = ctx.store.get(idOf(p));
  if (!existing) return { status: 204 };
  checkPreconditions(ctx, existing);
  const inUse = subnetsOf(existing).find((s) => arrayAt(objectAt(s.properties).ipConfigurations).length > 0);
  if (inUse) {
    throw new ArmError(
      400,
      "InUseSubnetCannotBeDeleted",
      `Subnet ${inUse.name} is in use and cannot be deleted.`,
    );
  }
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => void ctx.store.delete(existing.id),
  });
  return networkDeleteReply(ctx, op, p.subscriptionId ?? "", existing.location ?? "global");
}

function putPeering(ctx: RequestContext, p: RouteParams): Reply {
  const vnet = requireVnet(ctx, p, true);
  const name = p.virtualNetworkPeeringName ?? "";
  checkResourceName(name, PEERING_TYPE);
  const props = objectAt(bodyObject(ctx).properties);
  const remoteId = objectAt(props.remoteVirtualNetwork).id;
  const remote = typeof remoteId === "string" ? ctx.store.get(remoteId) : undefined;
  if (!remote)
    throw invalidRequestContent("properties.remoteVirtualNetwork.id must name an existing virtual network.");
  const peerings = peeringsOf(vnet);
  const index = peerings.findIndex((x) => String(x.name).toLowerCase() === name.toLowerCase());
  checkPreconditions(ctx, index === -1 ? undefined : (peerings[index] as ArmResource));
  // A peering is Connected once the remote side peers back, Initiated until then.
  const back = peeringsOf(remote).find(
    (x) =>
      String(objectAt(objectAt(x.properties).remoteVirtualNetwork).id).toLowerCase() ===
      vnet.id.toLowerCase(),
  );
  if (back) objectAt(back.properties).peeringState = "Connected";
  const peering = {
    id: `${vnet.id}/virtualNetworkPeerings/${name}`,
    name,
    type: PEERING_TYPE,
    etag: ctx.store.weakEtag(),
    properties: {
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: false,
      allowGatewayTransit: false,
      useRemoteGateways: false,
      ...props,
      remoteAddressSpace: objectAt(remote.properties).addressSpace,
      peeringState: back ? "Connected" : "Initiated",
      peeringSyncLevel: "FullyInSync",
      provisioningState: "Updating",
    },
  };
  if (index === -1) peerings.push(peering);
  else peerings[index] = peering;
  objectAt(vnet.properties).virtualNetworkPeerings = peerings;
  saveVnet(ctx.store, vnet);
  if (back) saveVnet(ctx.store, remote);
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      objectAt(peering.properties).provisioningState = "Succeeded";
    },
  });
  return networkPutReply(ctx, index === -1, peering, op, p.subscriptionId ?? "", vnet.location ?? "global");
}

export const virtualNetworkRoutes: readonly Route[] = [
  { method: "PUT", pattern: VNET, family: "network", kind: "lro", handler: putVnet },
  {
    method: "GET",
    pattern: VNET,
    family: "network",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: requireVnet(ctx, p, false) }),
  },
  { method: "DELETE", pattern: VNET, family: "network", kind: "lro", handler: deleteVnet },
  ...listRoutes(VNET_TYPE, "network"),
  { method: "PUT", pattern: PEERING, family: "network", kind: "lro", handler: putPeering },
  ...inlineChildRoutes({
    pattern: PEERING,
    nameParam: "virtualNetworkPeeringName",
    type: PEERING_TYPE,
    key: "virtualNetworkPeerings",
    parent: (ctx, p) => requireVnet(ctx, p, true),
  }),
];
