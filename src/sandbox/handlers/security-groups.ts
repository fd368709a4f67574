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
import { ArmError, invalidRequestContent, parentResourceNotFound, resourceNotFound } from "../errors.js";
import { guidFrom } from "../stable-ids.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";
import { inlineChildRoutes } from "./inline-children.js";
import { listRoutes } from "./list-routes.js";
import { networkDeleteReply, networkPutReply } from "./network-lro.js";
import { subnetsUsingSecurityGroup } from "./virtual-network-model.js";

export const NSG_TYPE = "Microsoft.Network/networkSecurityGroups";
const RULE_TYPE = "Microsoft.Network/networkSecurityGroups/securityRules";
const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}`;
const RULE = `${NSG}/securityRules/{securityRuleName}`;

/** The six rules every NSG carries (Azure docs, "Network security groups: default security rules"). */
export function defaultSecurityRules(nsgId: string): Record<string, unknown>[] {
  const rule = (
    name: string,
    direction: string,
    priority: number,
    access: string,
    src: string,
    dst: string,
    description: string,
  ) => ({
    id: `${nsgId}/defaultSecurityRules/${name}`,
    name,
    type: "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
    // Default rules never change, so their etags are derived from their ids.
    etag: `W/"${guidFrom(`${nsgId}/defaultSecurityRules/${name}`)}"`,
    properties: {
      provisioningState: "Succeeded",
      description,
      protocol: "*",
      sourcePortRange: "*",
      destinationPortRange: "*",
      sourceAddressPrefix: src,
      destinationAddressPrefix: dst,
      access,
      priority,
      direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  });
  return [
    rule(
      "AllowVnetInBound",
      "Inbound",
      65000,
      "Allow",
      "VirtualNetwork",
      "VirtualNetwork",
      "Allow inbound traffic from all VMs in VNET",
    ),
    rule(
      "AllowAzureLoadBalancerInBound",
      "Inbound",
      65001,
      "Allow",
      "AzureLoadBalancer",
      "*",
      "Allow inbound traffic from azure load balancer",
    ),
    rule("DenyAllInBound", "Inbound", 65500, "Deny", "*", "*", "Deny all inbound traffic"),
    rule(
      "AllowVnetOutBound",
      "Outbound",
      65000,
      "Allow",
      "VirtualNetwork",
      "VirtualNetwork",
      "Allow outbound traffic from all VMs to all VMs in VNET",
    ),
    rule(
      "AllowInternetOutBound",
      "Outbound",
      65001,
      "Allow",
      "*",
      "Internet",
      "Allow outbound traffic from all VMs to Internet",
    ),
    rule("DenyAllOutBound", "Outbound", 65500, "Deny", "*", "*", "Deny all outbound traffic"),
  ];
}

export function securityRuleFromRequest(
  store: ResourceStore,
  nsgId: string,
  name: string,
  request: Record<string, unknown>,
  state: string,
) {
  const props = { ...objectAt(request.properties) };
  for (const required of ["protocol", "access", "direction", "priority"]) {
    if (props[required] === undefined)
      throw invalidRequestContent(`Security rule ${name}: properties.${required} is required.`);
  }
  delete props.provisioningState;
  return {
    id: `${nsgId}/securityRules/${name}`,
    name,
    type: RULE_TYPE,
    etag: store.weakEtag(),
    properties: { ...props, provisioningState: state },
  };
}

const nsgIdOf = (p: RouteParams) =>
  `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroupName}/providers/${NSG_TYPE}/${p.networkSecurityGroupName}`;

/** An NSG as its GET answers it: with the subnets that use it (a stored `subnets` is replaced, never trusted). */
export function presentNsg(store: ResourceStore, nsg: ArmResource): ArmResource {
  const { subnets: _stored, ...props } = objectAt(nsg.properties);
  const users = subnetsUsingSecurityGroup(store, nsg.id);
  return {
    ...nsg,
    properties: users.length === 0 ? props : { ...props, subnets: users.map((id) => ({ id })) },
  };
}

function requireNsg(ctx: RequestContext, p: RouteParams, nested: boolean): ArmResource {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const nsg = ctx.store.get(nsgIdOf(p));
  if (nsg) return nsg;
  const name = p.networkSecurityGroupName ?? "";
  throw nested ? parentResourceNotFound(name) : resourceNotFound(NSG_TYPE, name, p.resourceGroupName ?? "");
}

const rulesOf = (nsg: ArmResource) => arrayAt(objectAt(nsg.properties).securityRules);

function settle(ctx: RequestContext, id: string): void {
  const nsg = ctx.store.get(id);
  if (!nsg) return;
  objectAt(nsg.properties).provisioningState = "Succeeded";
  for (const r of rulesOf(nsg)) objectAt(r.properties).provisioningState = "Succeeded";
}

function putNsg(ctx: RequestContext, p: RouteParams): Reply {
  const { name, id, existing, body, props, location } = readTrackedPut(
    ctx,
    p,
    "networkSecurityGroupName",
    NSG_TYPE,
    nsgIdOf,
  );
  const nsg = ctx.store.put({
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    type: NSG_TYPE,
    location,
    ...(body.tags === undefined ? {} : { tags: body.tags }),
    properties: {
      provisioningState: "Updating",
      resourceGuid: objectAt(existing?.properties).resourceGuid ?? ctx.store.ids.next(),
      securityRules: arrayAt(props.securityRules).map((r) =>
        securityRuleFromRequest(ctx.store, id, String(r.name ?? ""), r, "Updating"),
      ),
      defaultSecurityRules: defaultSecurityRules(id),
    },
  });
  const op = ctx.operations.start({ durationMs: ctx.latency.lro, complete: () => settle(ctx, id) });
  return networkPutReply(ctx, !existing, presentNsg(ctx.store, nsg), op, p.subscriptionId ?? "", location);
}

function putRule(ctx: RequestContext, p: RouteParams): Reply {
  const nsg = requireNsg(ctx, p, true);
  const name = p.securityRuleName ?? "";
  checkResourceName(name, RULE_TYPE);
  const rules = rulesOf(nsg);
  const index = rules.findIndex((r) => String(r.name).toLowerCase() === name.toLowerCase());
  checkPreconditions(ctx, index === -1 ? undefined : (rules[index] as ArmResource));
  const rule = securityRuleFromRequest(ctx.store, nsg.id, name, bodyObject(ctx), "Updating");
  if (index === -1) rules.push(rule);
  else rules[index] = rule;
  objectAt(nsg.properties).securityRules = rules;
  ctx.store.put(nsg);
  const op = ctx.operations.start({ durationMs: ctx.latency.lro, complete: () => settle(ctx, nsg.id) });
  return networkPutReply(ctx, index === -1, rule, op, p.subscriptionId ?? "", nsg.location ?? "global");
}

export const securityGroupRoutes: readonly Route[] = [
  { method: "PUT", pattern: NSG, family: "network", kind: "lro", handler: putNsg },
  {
    method: "GET",
    pattern: NSG,
    family: "network",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: presentNsg(ctx.store, requireNsg(ctx, p, false)) }),
  },
  {
    method: "DELETE",
    pattern: NSG,
    family: "network",
    kind: "lro",
    handler: (ctx, p) => {
      requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
      const nsg = ctx.store.get(nsgIdOf(p));
      if (!nsg) return { status: 204 };
      checkPreconditions(ctx, nsg);
      const users = subnetsUsingSecurityGroup(ctx.store, nsg.id);
      if (users.length > 0) {
        // The Network RP's refusal, message as it answers it (seen in Terraform azurerm failure logs).
        throw new ArmError(
          400,
          "InUseNetworkSecurityGroupCannotBeDeleted",
          `Network security group ${nsg.id} cannot be deleted because it is in use by the following resources: ${users.join(", ")}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.`,
        );
      }
      const op = ctx.operations.start({
        durationMs: ctx.latency.lro,
        complete: () => void ctx.store.delete(nsg.id),
      });
      return networkDeleteReply(ctx, op, p.subscriptionId ?? "", nsg.location ?? "global");
    },
  },
  ...listRoutes(NSG_TYPE, "network", (ctx, nsg) => presentNsg(ctx.store, nsg)),
  { method: "PUT", pattern: RULE, family: "network", kind: "lro", handler: putRule },
  ...inlineChildRoutes({
    pattern: RULE,
    nameParam: "securityRuleName",
    type: RULE_TYPE,
    key: "securityRules",
    parent: (ctx, p) => requireNsg(ctx, p, true),
  }),
];
