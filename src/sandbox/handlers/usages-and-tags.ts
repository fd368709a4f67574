import { subnetAddresses } from "../address-allocation.js";
import {
  bodyObject,
  checkPreconditions,
  listReply,
  objectAt,
  requireResourceGroup,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError, resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";
import { privateDnsAccepted } from "./private-dns-lro.js";
import { LINK_TYPE, presentZone, ZONE_TYPE } from "./private-dns-model.js";
import { requireVnet, subnetsOf } from "./virtual-network-model.js";

/**
 * A VNet's usages (VirtualNetworks_ListUsage: one entry per subnet, its addresses in use against its size) and the
 * tag-only PATCHes clients send to the resources the sandbox serves: network `…_UpdateTags` (200 at once), and the
 * private DNS `PrivateZones_Update` / `VirtualNetworkLinks_Update` (202 and an operation, like their PUTs).
 */
const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const NETWORK = `${RG}/providers/Microsoft.Network`;

/** Azure keeps 5 addresses of every subnet prefix (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets). */
const RESERVED_PER_PREFIX = 5;

function usableAddresses(prefixes: readonly string[]): number {
  return prefixes.reduce((sum, prefix) => {
    const length = Number(prefix.split("/")[1]);
    return Number.isInteger(length) ? sum + Math.max(0, 2 ** (32 - length) - RESERVED_PER_PREFIX) : sum;
  }, 0);
}

function vnetUsages(ctx: RequestContext, p: RouteParams): Reply {
  const vnet = requireVnet(ctx, p, false);
  const usages = subnetsOf(vnet).map((subnet) => {
    const { addressPrefixes, usedAddresses } = subnetAddresses(ctx.store, subnet as ArmResource);
    return {
      currentValue: usedAddresses.length,
      id: subnet.id,
      limit: usableAddresses(addressPrefixes),
      name: { localizedValue: "Subnet size and usage", value: "SubnetSpace" },
      unit: "Count",
    };
  });
  return listReply(ctx, usages);
}

function tagsOf(ctx: RequestContext): unknown {
  const body = bodyObject(ctx);
  if (
    body.tags !== undefined &&
    (body.tags === null || typeof body.tags !== "object" || Array.isArray(body.tags))
  )
    throw new ArmError(400, "InvalidRequestFormat", "tags must be an object of names and values.");
  return body.tags;
}

/** `…_UpdateTags`: replaces the tags at once and answers the resource with a new etag. */
function updateTags(type: string, nameParam: string): Route["handler"] {
  return (ctx, p) => {
    requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
    const id = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${type}/${p[nameParam]}`;
    const existing = ctx.store.get(id);
    if (!existing) throw resourceNotFound(type, p[nameParam] ?? "", p.resourceGroupName ?? "");
    checkPreconditions(ctx, existing);
    const tags = tagsOf(ctx);
    return { status: 200, body: ctx.store.put({ ...existing, tags: tags ?? {} }) };
  };
}

/** PrivateZones_Update / VirtualNetworkLinks_Update for tags: 202, then the resource from its Location. */
function updatePrivateDnsTags(kind: "zone" | "link"): Route["handler"] {
  return (ctx, p) => {
    requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
    const zoneId = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${ZONE_TYPE}/${(p.privateZoneName ?? "").toLowerCase()}`;
    const id = kind === "zone" ? zoneId : `${zoneId}/virtualNetworkLinks/${p.virtualNetworkLinkName}`;
    const existing = ctx.store.get(id);
    if (!existing) {
      throw kind === "zone"
        ? resourceNotFound(ZONE_TYPE, p.privateZoneName ?? "", p.resourceGroupName ?? "")
        : resourceNotFound(
            LINK_TYPE,
            `${p.privateZoneName}/${p.virtualNetworkLinkName}`,
            p.resourceGroupName ?? "",
          );
    }
    checkPreconditions(ctx, existing);
    const tags = tagsOf(ctx);
    const registration = objectAt(objectAt(bodyObject(ctx)).properties).registrationEnabled;
    const op = ctx.operations.start({
      durationMs: ctx.latency.lro,
      complete: () => {
        const current = ctx.store.get(id);
        if (!current) return;
        const properties =
          kind === "link" && typeof registration === "boolean"
            ? { ...objectAt(current.properties), registrationEnabled: registration }
            : current.properties;
        ctx.store.put(
          { ...current, ...(tags === undefined ? {} : { tags }), properties },
          kind === "zone" ? "bare" : "quoted",
        );
      },
      result: () => {
        const current = ctx.store.get(id);
        return current && kind === "zone" ? presentZone(ctx.store, current) : current;
      },
    });
    return privateDnsAccepted(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "", op);
  };
}

export const usageAndTagRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `${NETWORK}/virtualNetworks/{virtualNetworkName}/usages`,
    family: "network",
    kind: "read",
    handler: vnetUsages,
  },
  {
    method: "PATCH",
    pattern: `${NETWORK}/virtualNetworks/{virtualNetworkName}`,
    family: "network",
    kind: "write",
    handler: updateTags("Microsoft.Network/virtualNetworks", "virtualNetworkName"),
  },
  {
    method: "PATCH",
    pattern: `${NETWORK}/networkSecurityGroups/{networkSecurityGroupName}`,
    family: "network",
    kind: "write",
    handler: updateTags("Microsoft.Network/networkSecurityGroups", "networkSecurityGroupName"),
  },
  {
    method: "PATCH",
    pattern: `${NETWORK}/networkInterfaces/{networkInterfaceName}`,
    family: "network",
    kind: "write",
    handler: updateTags("Microsoft.Network/networkInterfaces", "networkInterfaceName"),
  },
  {
    method: "PATCH",
    pattern: `${NETWORK}/privateDnsZones/{privateZoneName}`,
    family: "privatedns",
    kind: "lro",
    handler: updatePrivateDnsTags("zone"),
  },
  {
    method: "PATCH",
    pattern: `${NETWORK}/privateDnsZones/{privateZoneName}/virtualNetworkLinks/{virtualNetworkLinkName}`,
    family: "privatedns",
    kind: "lro",
    handler: updatePrivateDnsTags("link"),
  },
];
