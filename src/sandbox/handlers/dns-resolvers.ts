import {
  arrayAt,
  bodyObject,
  checkPreconditions,
  checkResourceName,
  listReply,
  objectAt,
  readTrackedPut,
  requireResourceGroup,
} from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { ArmError, invalidRequestContent, parentResourceNotFound, resourceNotFound } from "../errors.js";
import type { ArmResource } from "../state.js";
import { listRoutes } from "./list-routes.js";
import { findSubnet, VNET_TYPE } from "./virtual-network-model.js";

/**
 * Azure DNS Private Resolver (Microsoft.Network dnsresolver 2022-07-01, what @azure/arm-dnsresolver 1.1.0 sends;
 * github.com/Azure/azure-rest-api-specs specification/dnsresolver/resource-manager/Microsoft.Network/stable/2022-07-01/
 * dnsresolver.json at commit 029741f2a57be0df0c346983e76f08dc7a69058a):
 * - dnsResolvers (tracked; `virtualNetwork` required) with inboundEndpoints (`ipConfigurations[]` of subnet +
 *   privateIpAddress + privateIpAllocationMethod Static|Dynamic) and outboundEndpoints (`subnet`);
 * - dnsForwardingRulesets (tracked; `dnsResolverOutboundEndpoints[]` required) with forwardingRules (`domainName`,
 *   `targetDnsServers[]` of ipAddress + port 53, `forwardingRuleState` Enabled|Disabled) and virtualNetworkLinks
 *   (`virtualNetwork`).
 * The spec's PUTs are long-running with 200/201/202; the sandbox answers 200/201 with the finished resource, which
 * the spec allows and the SDK's poller takes as done. DELETE answers 200, or 204 when there was nothing.
 * A dynamic inbound endpoint takes the subnet's fifth address (".4" of a /28: Azure reserves the first four;
 * https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets#static-and-dynamic-endpoint-ip-addresses).
 */
export const RESOLVER_TYPE = "Microsoft.Network/dnsResolvers";
export const INBOUND_TYPE = "Microsoft.Network/dnsResolvers/inboundEndpoints";
export const OUTBOUND_TYPE = "Microsoft.Network/dnsResolvers/outboundEndpoints";
export const RULESET_TYPE = "Microsoft.Network/dnsForwardingRulesets";
export const RULE_TYPE = "Microsoft.Network/dnsForwardingRulesets/forwardingRules";
export const RULESET_LINK_TYPE = "Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks";

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network";
const RESOLVER = `${RG}/dnsResolvers/{dnsResolverName}`;
const INBOUND = `${RESOLVER}/inboundEndpoints/{inboundEndpointName}`;
const OUTBOUND = `${RESOLVER}/outboundEndpoints/{outboundEndpointName}`;
const RULESET = `${RG}/dnsForwardingRulesets/{dnsForwardingRulesetName}`;
const RULE = `${RULESET}/forwardingRules/{forwardingRuleName}`;
const RULESET_LINK = `${RULESET}/virtualNetworkLinks/{virtualNetworkLinkName}`;

const groupId = (p: RouteParams) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}`;
const resolverIdOf = (p: RouteParams) => `${groupId(p)}/providers/${RESOLVER_TYPE}/${p.dnsResolverName}`;
const rulesetIdOf = (p: RouteParams) =>
  `${groupId(p)}/providers/${RULESET_TYPE}/${p.dnsForwardingRulesetName}`;

function requireReference(ctx: RequestContext, value: unknown, path: string, type: string): string {
  const id = objectAt(value).id;
  if (typeof id !== "string" || id === "") throw invalidRequestContent(`${path}.id is required.`);
  const found = ctx.store.get(id);
  if (found === undefined || found.type.toLowerCase() !== type.toLowerCase()) {
    throw new ArmError(
      400,
      "InvalidResourceReference",
      `Resource ${id} referenced by ${path} was not found.`,
    );
  }
  return found.id;
}

function requireSubnet(ctx: RequestContext, value: unknown, path: string): string {
  const id = objectAt(value).id;
  if (typeof id !== "string" || findSubnet(ctx.store, id) === undefined) {
    throw new ArmError(
      400,
      "InvalidResourceReference",
      `Subnet ${String(id)} referenced by ${path} was not found.`,
    );
  }
  return id;
}

function parentOr404(ctx: RequestContext, p: RouteParams, id: string, name: string): ArmResource {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const parent = ctx.store.get(id);
  if (parent === undefined) throw parentResourceNotFound(name);
  return parent;
}

function finished(resource: ArmResource): ArmResource {
  return { ...resource, properties: { ...objectAt(resource.properties), provisioningState: "Succeeded" } };
}

function saved(ctx: RequestContext, resource: ArmResource, created: boolean): Reply {
  return { status: created ? 201 : 200, body: ctx.store.put(finished(resource)) };
}

function getRoute(pattern: string, type: string, idOf: (p: RouteParams) => string, nameParam: string): Route {
  return {
    method: "GET",
    pattern,
    family: "network.dnsResolvers",
    kind: "read",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const found = ctx.store.get(idOf(p));
      if (found === undefined) throw resourceNotFound(type, p[nameParam] ?? "", p.resourceGroupName ?? "");
      return { status: 200, body: found };
    },
  };
}

function deleteRoute(pattern: string, idOf: (p: RouteParams) => string): Route {
  return {
    method: "DELETE",
    pattern,
    family: "network.dnsResolvers",
    kind: "write",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const existing = ctx.store.get(idOf(p));
      if (existing === undefined) return { status: 204 };
      checkPreconditions(ctx, existing);
      ctx.store.delete(existing.id);
      return { status: 200 };
    },
  };
}

function childListRoute(
  pattern: string,
  parentIdOf: (p: RouteParams) => string,
  parentName: string,
  type: string,
): Route {
  return {
    method: "GET",
    pattern,
    family: "network.dnsResolvers",
    kind: "read",
    handler: (ctx, p) => {
      const parent = parentOr404(ctx, p, parentIdOf(p), p[parentName] ?? "");
      return listReply(ctx, ctx.store.childrenOf(parent.id, type));
    },
  };
}

function putResolver(ctx: RequestContext, p: RouteParams): Reply {
  const put = readTrackedPut(ctx, p, "dnsResolverName", RESOLVER_TYPE, resolverIdOf);
  const virtualNetwork = requireReference(
    ctx,
    put.props.virtualNetwork,
    "properties.virtualNetwork",
    VNET_TYPE,
  );
  const before = objectAt(put.existing?.properties);
  return saved(
    ctx,
    {
      id: put.existing?.id ?? put.id,
      name: put.existing?.name ?? put.name,
      type: RESOLVER_TYPE,
      location: put.location,
      ...(put.body.tags === undefined ? {} : { tags: put.body.tags }),
      properties: {
        virtualNetwork: { id: virtualNetwork },
        dnsResolverState: "Connected",
        resourceGuid: before.resourceGuid ?? ctx.store.ids.next(),
      },
    },
    put.existing === undefined,
  );
}

/** The fifth address of the subnet's first prefix (Azure keeps the first four of every subnet). */
function dynamicAddress(ctx: RequestContext, subnetId: string): string {
  const subnet = findSubnet(ctx.store, subnetId)?.subnet;
  const props = objectAt(subnet?.properties);
  const prefix = String(
    typeof props.addressPrefix === "string" ? props.addressPrefix : (arrayAt(props.addressPrefixes)[0] ?? ""),
  );
  const octets = prefix.split("/")[0]?.split(".").map(Number) ?? [];
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o)))
    throw invalidRequestContent(`The subnet ${subnetId} has no IPv4 address prefix.`);
  const [a, b, c, d] = octets as [number, number, number, number];
  return `${a}.${b}.${c}.${d + 4}`;
}

/** A child's PUT: its parent must exist (else 404), its name must be valid, and the request's preconditions hold. */
function childPut(
  ctx: RequestContext,
  parent: ArmResource,
  segment: string,
  name: string,
  type: string,
): { readonly id: string; readonly name: string; readonly existing: ArmResource | undefined } {
  checkResourceName(name, type);
  const id = `${parent.id}/${segment}/${name}`;
  const existing = ctx.store.get(id);
  checkPreconditions(ctx, existing);
  return { id, name, existing };
}

function putInbound(ctx: RequestContext, p: RouteParams): Reply {
  const resolver = parentOr404(ctx, p, resolverIdOf(p), p.dnsResolverName ?? "");
  const { id, name, existing } = childPut(
    ctx,
    resolver,
    "inboundEndpoints",
    p.inboundEndpointName ?? "",
    INBOUND_TYPE,
  );
  const body = bodyObject(ctx);
  const props = objectAt(body.properties);
  const configs = arrayAt(props.ipConfigurations);
  if (configs.length === 0) throw invalidRequestContent("properties.ipConfigurations is required.");
  const ipConfigurations = configs.map((config, index) => {
    const subnet = requireSubnet(ctx, config.subnet, `properties.ipConfigurations[${index}].subnet`);
    const method = config.privateIpAllocationMethod === "Static" ? "Static" : "Dynamic";
    const address =
      method === "Static" && typeof config.privateIpAddress === "string"
        ? config.privateIpAddress
        : dynamicAddress(ctx, subnet);
    return { subnet: { id: subnet }, privateIpAddress: address, privateIpAllocationMethod: method };
  });
  return saved(
    ctx,
    {
      id,
      name,
      type: INBOUND_TYPE,
      location: typeof body.location === "string" ? body.location : (resolver.location ?? "global"),
      properties: {
        ipConfigurations,
        resourceGuid: objectAt(existing?.properties).resourceGuid ?? ctx.store.ids.next(),
      },
    },
    existing === undefined,
  );
}

function putOutbound(ctx: RequestContext, p: RouteParams): Reply {
  const resolver = parentOr404(ctx, p, resolverIdOf(p), p.dnsResolverName ?? "");
  const { id, name, existing } = childPut(
    ctx,
    resolver,
    "outboundEndpoints",
    p.outboundEndpointName ?? "",
    OUTBOUND_TYPE,
  );
  const body = bodyObject(ctx);
  const subnet = requireSubnet(ctx, objectAt(body.properties).subnet, "properties.subnet");
  return saved(
    ctx,
    {
      id,
      name,
      type: OUTBOUND_TYPE,
      location: typeof body.location === "string" ? body.location : (resolver.location ?? "global"),
      properties: {
        subnet: { id: subnet },
        resourceGuid: objectAt(existing?.properties).resourceGuid ?? ctx.store.ids.next(),
      },
    },
    existing === undefined,
  );
}

function putRuleset(ctx: RequestContext, p: RouteParams): Reply {
  const put = readTrackedPut(ctx, p, "dnsForwardingRulesetName", RULESET_TYPE, rulesetIdOf);
  const endpoints = arrayAt(put.props.dnsResolverOutboundEndpoints);
  if (endpoints.length === 0)
    throw invalidRequestContent("properties.dnsResolverOutboundEndpoints is required.");
  const outbound = endpoints.map((e, index) => ({
    id: requireReference(ctx, e, `properties.dnsResolverOutboundEndpoints[${index}]`, OUTBOUND_TYPE),
  }));
  return saved(
    ctx,
    {
      id: put.existing?.id ?? put.id,
      name: put.existing?.name ?? put.name,
      type: RULESET_TYPE,
      location: put.location,
      ...(put.body.tags === undefined ? {} : { tags: put.body.tags }),
      properties: {
        dnsResolverOutboundEndpoints: outbound,
        resourceGuid: objectAt(put.existing?.properties).resourceGuid ?? ctx.store.ids.next(),
      },
    },
    put.existing === undefined,
  );
}

function putRule(ctx: RequestContext, p: RouteParams): Reply {
  const ruleset = parentOr404(ctx, p, rulesetIdOf(p), p.dnsForwardingRulesetName ?? "");
  const { id, name, existing } = childPut(
    ctx,
    ruleset,
    "forwardingRules",
    p.forwardingRuleName ?? "",
    RULE_TYPE,
  );
  const props = objectAt(bodyObject(ctx).properties);
  // The service takes the domain as a fully qualified name with its trailing dot ("contoso.com.").
  if (typeof props.domainName !== "string" || !props.domainName.endsWith("."))
    throw invalidRequestContent("properties.domainName must be a fully qualified domain name ending in '.'.");
  const targets = arrayAt(props.targetDnsServers);
  if (targets.length === 0) throw invalidRequestContent("properties.targetDnsServers is required.");
  return saved(
    ctx,
    {
      id,
      name,
      type: RULE_TYPE,
      properties: {
        domainName: props.domainName,
        targetDnsServers: targets.map((t) => ({
          ipAddress: String(t.ipAddress ?? ""),
          port: Number(t.port ?? 53),
        })),
        ...(props.metadata === undefined ? {} : { metadata: props.metadata }),
        forwardingRuleState: props.forwardingRuleState === "Disabled" ? "Disabled" : "Enabled",
      },
    },
    existing === undefined,
  );
}

function putRulesetLink(ctx: RequestContext, p: RouteParams): Reply {
  const ruleset = parentOr404(ctx, p, rulesetIdOf(p), p.dnsForwardingRulesetName ?? "");
  const { id, name, existing } = childPut(
    ctx,
    ruleset,
    "virtualNetworkLinks",
    p.virtualNetworkLinkName ?? "",
    RULESET_LINK_TYPE,
  );
  const props = objectAt(bodyObject(ctx).properties);
  const virtualNetwork = requireReference(ctx, props.virtualNetwork, "properties.virtualNetwork", VNET_TYPE);
  return saved(
    ctx,
    {
      id,
      name,
      type: RULESET_LINK_TYPE,
      properties: {
        virtualNetwork: { id: virtualNetwork },
        ...(props.metadata === undefined ? {} : { metadata: props.metadata }),
      },
    },
    existing === undefined,
  );
}

const inboundIdOf = (p: RouteParams) => `${resolverIdOf(p)}/inboundEndpoints/${p.inboundEndpointName}`;
const outboundIdOf = (p: RouteParams) => `${resolverIdOf(p)}/outboundEndpoints/${p.outboundEndpointName}`;
const ruleIdOf = (p: RouteParams) => `${rulesetIdOf(p)}/forwardingRules/${p.forwardingRuleName}`;
const rulesetLinkIdOf = (p: RouteParams) =>
  `${rulesetIdOf(p)}/virtualNetworkLinks/${p.virtualNetworkLinkName}`;

export const dnsResolverRoutes: readonly Route[] = [
  { method: "PUT", pattern: RESOLVER, family: "network.dnsResolvers", kind: "write", handler: putResolver },
  getRoute(RESOLVER, RESOLVER_TYPE, resolverIdOf, "dnsResolverName"),
  deleteRoute(RESOLVER, resolverIdOf),
  ...listRoutes(RESOLVER_TYPE, "network.dnsResolvers"),
  { method: "PUT", pattern: INBOUND, family: "network.dnsResolvers", kind: "write", handler: putInbound },
  getRoute(INBOUND, INBOUND_TYPE, inboundIdOf, "inboundEndpointName"),
  deleteRoute(INBOUND, inboundIdOf),
  childListRoute(`${RESOLVER}/inboundEndpoints`, resolverIdOf, "dnsResolverName", INBOUND_TYPE),
  { method: "PUT", pattern: OUTBOUND, family: "network.dnsResolvers", kind: "write", handler: putOutbound },
  getRoute(OUTBOUND, OUTBOUND_TYPE, outboundIdOf, "outboundEndpointName"),
  deleteRoute(OUTBOUND, outboundIdOf),
  childListRoute(`${RESOLVER}/outboundEndpoints`, resolverIdOf, "dnsResolverName", OUTBOUND_TYPE),
  { method: "PUT", pattern: RULESET, family: "network.dnsResolvers", kind: "write", handler: putRuleset },
  getRoute(RULESET, RULESET_TYPE, rulesetIdOf, "dnsForwardingRulesetName"),
  deleteRoute(RULESET, rulesetIdOf),
  ...listRoutes(RULESET_TYPE, "network.dnsResolvers"),
  { method: "PUT", pattern: RULE, family: "network.dnsResolvers", kind: "write", handler: putRule },
  getRoute(RULE, RULE_TYPE, ruleIdOf, "forwardingRuleName"),
  deleteRoute(RULE, ruleIdOf),
  childListRoute(`${RULESET}/forwardingRules`, rulesetIdOf, "dnsForwardingRulesetName", RULE_TYPE),
  {
    method: "PUT",
    pattern: RULESET_LINK,
    family: "network.dnsResolvers",
    kind: "write",
    handler: putRulesetLink,
  },
  getRoute(RULESET_LINK, RULESET_LINK_TYPE, rulesetLinkIdOf, "virtualNetworkLinkName"),
  deleteRoute(RULESET_LINK, rulesetLinkIdOf),
  childListRoute(
    `${RULESET}/virtualNetworkLinks`,
    rulesetIdOf,
    "dnsForwardingRulesetName",
    RULESET_LINK_TYPE,
  ),
];
