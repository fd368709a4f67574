import {
  arrayAt,
  bodyObject,
  checkPreconditions,
  checkResourceName,
  listReply,
  objectAt,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError, invalidRequestContent, resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";
import { networkDeleteReply, networkPutReply } from "./network-lro.js";
import { requireVnet, SUBNET_TYPE, saveVnet, subnetFromRequest, subnetsOf } from "./virtual-network-model.js";

const SUBNETS =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}/subnets";
const SUBNET = `${SUBNETS}/{subnetName}`;

const vnetOf = (ctx: RequestContext, p: RouteParams): ArmResource => requireVnet(ctx, p, true);

function subnetIndex(vnet: ArmResource, name: string): number {
  return subnetsOf(vnet).findIndex((s) => String(s.name).toLowerCase() === name.toLowerCase());
}

function putSubnet(ctx: RequestContext, p: RouteParams): Reply {
  const vnet = vnetOf(ctx, p);
  const name = p.subnetName ?? "";
  checkResourceName(name, SUBNET_TYPE);
  const subnets = subnetsOf(vnet);
  const index = subnetIndex(vnet, name);
  const previous = index === -1 ? undefined : subnets[index];
  checkPreconditions(ctx, previous as ArmResource | undefined);
  const body = bodyObject(ctx);
  const props = objectAt(body.properties);
  if (typeof props.addressPrefix !== "string" && !Array.isArray(props.addressPrefixes)) {
    throw invalidRequestContent("properties.addressPrefix or properties.addressPrefixes is required.");
  }
  const prefixChanged = previous && objectAt(previous.properties).addressPrefix !== props.addressPrefix;
  if (prefixChanged && arrayAt(objectAt(previous.properties).ipConfigurations).length > 0) {
    throw new ArmError(
      400,
      "InUseSubnetCannotBeUpdated",
      `Subnet ${name} is in use and its address prefix cannot be changed.`,
    );
  }
  const subnet = subnetFromRequest(
    ctx.store,
    vnet.id,
    previous ? String(previous.name) : name,
    body,
    previous,
    "Updating",
  );
  if (index === -1) subnets.push(subnet);
  else subnets[index] = subnet;
  objectAt(vnet.properties).subnets = subnets;
  saveVnet(ctx.store, vnet);
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      objectAt(subnet.properties).provisioningState = "Succeeded";
    },
  });
  return networkPutReply(ctx, index === -1, subnet, op, p.subscriptionId ?? "", vnet.location ?? "global");
}

function getSubnet(ctx: RequestContext, p: RouteParams): Reply {
  const vnet = vnetOf(ctx, p);
  const subnet = subnetsOf(vnet)[subnetIndex(vnet, p.subnetName ?? "")];
  if (!subnet) throw resourceNotFound(SUBNET_TYPE, `${vnet.name}/${p.subnetName}`, p.resourceGroupName ?? "");
  return { status: 200, body: subnet };
}

function deleteSubnet(ctx: RequestContext, p: RouteParams): Reply {
  const vnet = vnetOf(ctx, p);
  const index = subnetIndex(vnet, p.subnetName ?? "");
  const subnet = subnetsOf(vnet)[index];
  if (!subnet) return { status: 204 };
  checkPreconditions(ctx, subnet as ArmResource);
  if (arrayAt(objectAt(subnet.properties).ipConfigurations).length > 0) {
    throw new ArmError(
      400,
      "InUseSubnetCannotBeDeleted",
      `Subnet ${subnet.name} is in use by ${subnet.id} and cannot be deleted.`,
    );
  }
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const current = ctx.store.get(vnet.id);
      if (!current) return;
      objectAt(current.properties).subnets = subnetsOf(current).filter((s) => s.id !== subnet.id);
      saveVnet(ctx.store, current);
    },
  });
  return networkDeleteReply(ctx, op, p.subscriptionId ?? "", vnet.location ?? "global");
}

export const subnetRoutes: readonly Route[] = [
  { method: "PUT", pattern: SUBNET, family: "network", kind: "lro", handler: putSubnet },
  { method: "GET", pattern: SUBNET, family: "network", kind: "read", handler: getSubnet },
  { method: "DELETE", pattern: SUBNET, family: "network", kind: "lro", handler: deleteSubnet },
  {
    method: "GET",
    pattern: SUBNETS,
    family: "network",
    kind: "read",
    handler: (ctx, p) => listReply(ctx, subnetsOf(vnetOf(ctx, p))),
  },
];
