import { bodyObject, listReply, requireResourceGroup, requireSubscription } from "../arm-resource.js";
import type { RequestContext, Route } from "../context.js";
import { ArmError, subscriptionNotFound } from "../errors.js";
import { scopeId } from "../resource-ids.js";
import type { SandboxSubscription } from "../state.js";
import type { ResourceGroupRecord } from "../store.js";

/** Subscriptions (subscriptions.json 2022-12-01) and resource groups (resources.json 2024-03-01). */

function subscriptionBody(s: SandboxSubscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: "Enabled",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
  };
}

function groupBody(subscriptionId: string, g: ResourceGroupRecord): Record<string, unknown> {
  return {
    id: scopeId(subscriptionId, g.name),
    name: g.name,
    type: "Microsoft.Resources/resourceGroups",
    location: g.location,
    ...(g.tags === undefined ? {} : { tags: g.tags }),
    properties: { provisioningState: "Succeeded" },
  };
}

const SUB = "/subscriptions/{subscriptionId}";
const RG = `${SUB}/resourcegroups/{resourceGroupName}`;

export const resourceRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: "/subscriptions",
    family: "resources.subscriptions",
    kind: "read",
    handler: (ctx) => listReply(ctx, ctx.store.listSubscriptions().map(subscriptionBody)),
  },
  {
    method: "GET",
    pattern: SUB,
    family: "resources.subscriptions",
    kind: "read",
    handler: (ctx, p) => {
      const s = ctx.store.subscription(p.subscriptionId ?? "");
      if (!s) throw subscriptionNotFound(p.subscriptionId ?? "");
      return { status: 200, body: subscriptionBody(s) };
    },
  },
  {
    method: "GET",
    pattern: `${SUB}/resourcegroups`,
    family: "resources.resourceGroups",
    kind: "read",
    handler: (ctx, p) => {
      const subscriptionId = p.subscriptionId ?? "";
      requireSubscription(ctx, subscriptionId);
      const groups = ctx.store.subscription(subscriptionId)?.resourceGroups ?? [];
      return listReply(
        ctx,
        groups.map((g) => groupBody(subscriptionId, g)),
      );
    },
  },
  {
    method: "GET",
    pattern: RG,
    family: "resources.resourceGroups",
    kind: "read",
    handler: (ctx, p) => ({
      status: 200,
      body: groupBody(
        p.subscriptionId ?? "",
        requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? ""),
      ),
    }),
  },
  {
    method: "HEAD",
    pattern: RG,
    family: "resources.resourceGroups",
    kind: "read",
    handler: (ctx, p) => {
      requireSubscription(ctx, p.subscriptionId ?? "");
      return {
        status: ctx.store.resourceGroup(p.subscriptionId ?? "", p.resourceGroupName ?? "") ? 204 : 404,
      };
    },
  },
  {
    method: "PUT",
    pattern: RG,
    family: "resources.resourceGroups",
    kind: "write",
    handler: (ctx, p) => putResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? ""),
  },
  {
    method: "DELETE",
    pattern: RG,
    family: "resources.resourceGroups",
    kind: "lro",
    handler: (ctx, p) => {
      const subscriptionId = p.subscriptionId ?? "";
      const name = p.resourceGroupName ?? "";
      requireResourceGroup(ctx, subscriptionId, name);
      const op = ctx.operations.start({
        durationMs: ctx.latency.lro,
        complete: () => ctx.store.deleteResourceGroup(subscriptionId, name),
      });
      // ResourceGroups_Delete: 202 with a Location header that answers 202 until the group is gone.
      const location = `${ctx.base}${SUB.replace("{subscriptionId}", subscriptionId)}/operationresults/${op.id}?api-version=${ctx.apiVersion}`;
      return { status: 202, headers: { Location: location, "Retry-After": ctx.operations.retryAfter(op) } };
    },
  },
  {
    method: "GET",
    pattern: `${SUB}/operationresults/{operationId}`,
    family: "resources.resourceGroups",
    kind: "read",
    handler: (ctx, p) => {
      const op = ctx.operations.get(p.operationId ?? "");
      if (!op) throw new ArmError(404, "OperationNotFound", `Operation '${p.operationId}' was not found.`);
      if (op.status === "InProgress")
        return {
          status: 202,
          headers: { "Retry-After": ctx.operations.retryAfter(op), Location: ctx.url.toString() },
        };
      return { status: 200 };
    },
  },
];

function putResourceGroup(ctx: RequestContext, subscriptionId: string, name: string) {
  requireSubscription(ctx, subscriptionId);
  if (!/^[-\w._()]{1,90}$/.test(name) || name.endsWith(".")) {
    throw new ArmError(
      400,
      "InvalidResourceGroupName",
      `The resource group name '${name}' is invalid: 1-90 letters, digits, underscores, periods, hyphens or parentheses, not ending in a period.`,
    );
  }
  const body = bodyObject(ctx);
  const existing = ctx.store.resourceGroup(subscriptionId, name);
  const location = typeof body.location === "string" ? body.location : undefined;
  if (location === undefined)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  if (existing && existing.location.toLowerCase() !== location.toLowerCase()) {
    throw new ArmError(
      409,
      "InvalidResourceGroupLocation",
      `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
    );
  }
  const tags = body.tags as Record<string, string> | undefined;
  const group: ResourceGroupRecord = {
    name: existing?.name ?? name,
    location: existing?.location ?? location,
    ...(tags === undefined ? {} : { tags }),
  };
  ctx.store.putResourceGroup(subscriptionId, group);
  return { status: existing ? 200 : 201, body: groupBody(subscriptionId, group) };
}
