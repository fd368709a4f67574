import { bodyObject, listReply, objectAt, requireSubscription } from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import { setStackDenyAssignment } from "../deny-assignments.js";
import { leafResources, type PlannedDeployment, planDeployment } from "../deployments/deployment-engine.js";
import { ArmError, invalidRequestContent } from "../errors.js";
import { operationResultReply } from "../lro.js";
import { perStoreMap } from "../store.js";
import { predictChanges, record, runRecorded } from "./deployments.js";

/**
 * Deployment stacks at subscription scope (deploymentStacks.json 2024-03-01: DeploymentStacks_CreateOrUpdateAtSubscription,
 * _GetAtSubscription, _ListAtSubscription, _DeleteAtSubscription, _ValidateStackAtSubscription,
 * _ExportTemplateAtSubscription), what `az stack sub create|show|list|delete|validate` call. A stack deploys its
 * subscription-scope template through the sandbox's deployment engine (a deployment of its own, `deploymentId`),
 * manages every resource the run wrote, and protects them with the deny assignment its `denySettings` ask for.
 * Unmanaged resources are detached, never deleted: the sandbox deletes nothing on a stack's behalf.
 * Source: https://learn.microsoft.com/azure/azure-resource-manager/bicep/deployment-stacks
 */
const STACKS = "/subscriptions/{subscriptionId}/providers/Microsoft.Resources/deploymentStacks";
const STACK = `${STACKS}/{deploymentStackName}`;
export const DEPLOYMENT_STACK_TYPE = "Microsoft.Resources/deploymentStacks";

type DenyMode = "denyDelete" | "denyWriteAndDelete" | "none";

interface StackRecord {
  id: string;
  name: string;
  type: typeof DEPLOYMENT_STACK_TYPE;
  location: string;
  tags?: Record<string, string>;
  properties: Record<string, unknown>;
}

interface StackState {
  readonly record: StackRecord;
  template: unknown;
  managed: string[];
  running: boolean;
}

const stacksOf = perStoreMap<string, StackState>();

function stackId(p: RouteParams): string {
  return `/subscriptions/${p.subscriptionId}/providers/${DEPLOYMENT_STACK_TYPE}/${p.deploymentStackName}`;
}

function requireStack(ctx: RequestContext, p: RouteParams): StackState {
  requireSubscription(ctx, p.subscriptionId ?? "");
  const state = stacksOf(ctx.store).get(stackId(p).toLowerCase());
  if (state === undefined)
    throw new ArmError(
      404,
      "DeploymentStackNotFound",
      `The deployment stack '${p.deploymentStackName}' could not be found.`,
    );
  return state;
}

interface StackRequest {
  readonly location: string;
  readonly tags: Record<string, string> | undefined;
  readonly template: unknown;
  readonly parameters: Record<string, unknown>;
  readonly actionOnUnmanage: Record<string, unknown>;
  readonly denySettings: {
    mode: DenyMode;
    applyToChildScopes: boolean;
    excludedActions: string[];
    excludedPrincipals: string[];
  };
  readonly description: string | undefined;
}

/** What CreateOrUpdate and Validate read from a DeploymentStack body; 400 for what the sandbox cannot do. */
function readStackBody(ctx: RequestContext): StackRequest {
  const body = bodyObject(ctx);
  const props = objectAt(body.properties);
  if (typeof body.location !== "string" || body.location === "")
    throw invalidRequestContent("A deployment stack at subscription scope needs a location.");
  if (props.templateLink !== undefined || props.parametersLink !== undefined)
    throw new ArmError(
      400,
      "InvalidRequestContent",
      "The sandbox cannot fetch a templateLink or parametersLink; send the template inline (az stack sub create --template-file).",
    );
  if (props.template === undefined) throw invalidRequestContent("properties.template is required.");
  const unmanage = objectAt(props.actionOnUnmanage);
  if (unmanage.resources !== "detach" && unmanage.resources !== "delete")
    throw invalidRequestContent("properties.actionOnUnmanage.resources must be 'delete' or 'detach'.");
  for (const key of ["resources", "resourceGroups", "managementGroups"]) {
    if (unmanage[key] === "delete")
      throw new ArmError(
        400,
        "InvalidRequestContent",
        `The sandbox detaches unmanaged resources only (actionOnUnmanage.${key}: detach): it deletes nothing on a stack's behalf.`,
      );
  }
  const deny = objectAt(props.denySettings);
  if (deny.mode !== "denyDelete" && deny.mode !== "denyWriteAndDelete" && deny.mode !== "none")
    throw invalidRequestContent(
      "properties.denySettings.mode must be 'denyDelete', 'denyWriteAndDelete' or 'none'.",
    );
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  return {
    location: body.location,
    tags: body.tags === undefined ? undefined : (objectAt(body.tags) as Record<string, string>),
    template: props.template,
    parameters: objectAt(props.parameters),
    actionOnUnmanage: unmanage,
    denySettings: {
      mode: deny.mode,
      applyToChildScopes: deny.applyToChildScopes === true,
      excludedActions: strings(deny.excludedActions),
      excludedPrincipals: strings(deny.excludedPrincipals),
    },
    description: typeof props.description === "string" ? props.description : undefined,
  };
}

function planStack(ctx: RequestContext, p: RouteParams, request: StackRequest): PlannedDeployment {
  requireSubscription(ctx, p.subscriptionId ?? "");
  // A stack's own deployment is named after it and the moment it ran, as ARM names it.
  const stamp = new Date(ctx.store.now()).toISOString().replace(/\D/g, "").slice(0, 14);
  return planDeployment(
    ctx.store,
    { subscriptionId: p.subscriptionId ?? "", name: `${p.deploymentStackName}-${stamp}` },
    request.template,
    request.parameters,
  );
}

function denySettingsJson(request: StackRequest): Record<string, unknown> {
  const { mode, applyToChildScopes, excludedActions, excludedPrincipals } = request.denySettings;
  return { mode, applyToChildScopes, excludedActions, excludedPrincipals };
}

function putStack(ctx: RequestContext, p: RouteParams): Reply {
  const request = readStackBody(ctx);
  const plan = planStack(ctx, p, request);
  const id = stackId(p);
  const map = stacksOf(ctx.store);
  const existing = map.get(id.toLowerCase());
  if (existing?.running)
    throw new ArmError(
      409,
      "DeploymentStackInNonTerminalState",
      `The deployment stack '${p.deploymentStackName}' is still being deployed; wait for it to finish.`,
    );
  if (existing !== undefined && existing.record.location.toLowerCase() !== request.location.toLowerCase())
    throw new ArmError(
      400,
      "DeploymentStackInvalidLocation",
      `The deployment stack '${p.deploymentStackName}' is in '${existing.record.location}'; a stack's location cannot change.`,
    );
  const previous = existing?.managed ?? [];
  const stack: StackState = {
    record: {
      id,
      name: p.deploymentStackName ?? "",
      type: DEPLOYMENT_STACK_TYPE,
      location: existing?.record.location ?? request.location,
      ...(request.tags === undefined ? {} : { tags: request.tags }),
      properties: {
        ...(request.description === undefined ? {} : { description: request.description }),
        actionOnUnmanage: request.actionOnUnmanage,
        denySettings: denySettingsJson(request),
        parameters: request.parameters,
        provisioningState: "deploying",
        correlationId: ctx.store.ids.next(),
        deploymentId: plan.id,
        resources: previous.map((rid) => ({
          id: rid,
          status: "managed",
          denyStatus: objectAt(existing?.record.properties.denySettings).mode ?? "none",
        })),
        detachedResources: [],
        deletedResources: [],
        failedResources: [],
      },
    },
    template: request.template,
    managed: previous,
    running: true,
  };
  map.set(id.toLowerCase(), stack);
  const startedAt = ctx.store.now();
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      const properties = stack.record.properties;
      const entry = record(ctx.store, plan, "Incremental", { provisioningState: "Running" });
      try {
        const outcome = runRecorded(ctx, plan, entry, startedAt);
        const managed: string[] = [];
        for (const written of outcome.outputResources)
          if (!managed.some((m) => m.toLowerCase() === written.toLowerCase())) managed.push(written);
        const detached = previous.filter(
          (old) => !managed.some((m) => m.toLowerCase() === old.toLowerCase()),
        );
        const { mode } = request.denySettings;
        stack.managed = managed;
        setStackDenyAssignment(
          ctx.store,
          id,
          mode === "none"
            ? undefined
            : {
                id: `${id}/providers/Microsoft.Authorization/denyAssignments/${ctx.store.ids.next()}`,
                name: `Deny assignment created by deployment stack '${p.deploymentStackName}'`,
                mode,
                applyToChildScopes: request.denySettings.applyToChildScopes,
                excludedActions: request.denySettings.excludedActions,
                scopes: managed,
              },
        );
        properties.resources = managed.map((rid) => ({ id: rid, status: "managed", denyStatus: mode }));
        properties.detachedResources = detached.map((rid) => ({ id: rid }));
        properties.provisioningState = "succeeded";
        properties.duration = `PT${((ctx.store.now() - startedAt) / 1000).toFixed(3)}S`;
      } catch (error) {
        if (error instanceof ArmError) {
          properties.provisioningState = "failed";
          properties.error = error.body().error;
        }
        throw error;
      } finally {
        stack.running = false;
      }
    },
    result: () => stack.record,
  });
  return {
    status: existing === undefined ? 201 : 200,
    body: stack.record,
    headers: {
      "Azure-AsyncOperation": `${ctx.base}${id}/operationStatuses/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

function getStack(ctx: RequestContext, p: RouteParams): Reply {
  return { status: 200, body: requireStack(ctx, p).record };
}

function listStacks(ctx: RequestContext, p: RouteParams): Reply {
  requireSubscription(ctx, p.subscriptionId ?? "");
  const prefix = `/subscriptions/${p.subscriptionId}/`.toLowerCase();
  const inSubscription = [...stacksOf(ctx.store).values()]
    .filter((s) => s.record.id.toLowerCase().startsWith(prefix))
    .map((s) => s.record);
  return listReply(ctx, inSubscription);
}

/** DeleteAtSubscription: the stack goes, its resources stay (detached) and lose their deny assignment. */
function deleteStack(ctx: RequestContext, p: RouteParams): Reply {
  requireSubscription(ctx, p.subscriptionId ?? "");
  for (const key of [
    "unmanageAction.Resources",
    "unmanageAction.ResourceGroups",
    "unmanageAction.ManagementGroups",
  ]) {
    if (ctx.url.searchParams.get(key) === "delete")
      throw new ArmError(
        400,
        "InvalidRequestContent",
        `The sandbox detaches a deleted stack's resources only (${key}=detach): it deletes nothing on a stack's behalf.`,
      );
  }
  const id = stackId(p);
  const map = stacksOf(ctx.store);
  if (!map.has(id.toLowerCase())) return { status: 204 };
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      map.delete(id.toLowerCase());
      setStackDenyAssignment(ctx.store, id, undefined);
    },
  });
  return {
    status: 202,
    headers: {
      Location: `${ctx.base}${id}/operationResults/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

/** ValidateStackAtSubscription: the template planned (every expression and dependency), nothing written. */
function validateStack(ctx: RequestContext, p: RouteParams): Reply {
  const request = readStackBody(ctx);
  const plan = planStack(ctx, p, request);
  const result = {
    id: stackId(p),
    name: p.deploymentStackName,
    type: DEPLOYMENT_STACK_TYPE,
    properties: {
      actionOnUnmanage: request.actionOnUnmanage,
      denySettings: denySettingsJson(request),
      parameters: request.parameters,
      correlationId: ctx.store.ids.next(),
      ...(request.description === undefined ? {} : { description: request.description }),
      validatedResources: leafResources(plan).map((r) => ({ id: r.id })),
    },
  };
  const op = ctx.operations.start({ durationMs: 0, complete: () => undefined, result: () => result });
  return {
    status: 202,
    headers: {
      Location: `${ctx.base}${stackId(p)}/operationResults/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": "0",
    },
  };
}

/**
 * Deployment stack what-if at subscription scope (deploymentStacks.json 2025-07-01:
 * DeploymentStacksWhatIfResultsAtSubscription_CreateOrUpdate, _Get, _WhatIf): a what-if result names the stack it
 * compares with; its `changes` are the template deployment what-if of the template against the sandbox's state
 * (create, modify, noChange), plus, for each resource the stack manages today that the template no longer writes, `detach` or `delete` as its `actionOnUnmanage.resources` says.
 */
const WHAT_IFS =
  "/subscriptions/{subscriptionId}/providers/Microsoft.Resources/deploymentStacksWhatIfResults";
const WHAT_IF = `${WHAT_IFS}/{deploymentStacksWhatIfResultName}`;
const WHAT_IF_TYPE = "Microsoft.Resources/deploymentStacksWhatIfResults";

const whatIfsOf = perStoreMap<string, WhatIfState>();

interface WhatIfState {
  readonly record: StackRecord & { type: string };
  readonly request: StackRequest;
  readonly stackResourceId: string;
}

function whatIfId(p: RouteParams): string {
  return `/subscriptions/${p.subscriptionId}/providers/${WHAT_IF_TYPE}/${p.deploymentStacksWhatIfResultName}`;
}

/** The route parameters of the stack a what-if result compares with. */
function stackParamsOf(p: RouteParams, stackResourceId: string): RouteParams {
  return {
    subscriptionId: p.subscriptionId ?? "",
    deploymentStackName: stackResourceId.split("/").at(-1) ?? "",
  };
}

function requireWhatIf(ctx: RequestContext, p: RouteParams): WhatIfState {
  requireSubscription(ctx, p.subscriptionId ?? "");
  const state = whatIfsOf(ctx.store).get(whatIfId(p).toLowerCase());
  if (state === undefined)
    throw new ArmError(
      404,
      "ResourceNotFound",
      `The deployment stack what-if result '${p.deploymentStacksWhatIfResultName}' could not be found.`,
    );
  return state;
}

/** Computes `changes` against the state of now: the stack it names (if it exists) and the resources. */
function evaluateWhatIf(ctx: RequestContext, p: RouteParams, state: WhatIfState): void {
  const { request, stackResourceId } = state;
  const plan = planStack(ctx, stackParamsOf(p, stackResourceId), request);
  const stack = stacksOf(ctx.store).get(stackResourceId.toLowerCase());
  const managed = stack?.managed ?? [];
  const denyBefore = objectAt(stack?.record.properties.denySettings).mode ?? "none";
  const denyAfter = request.denySettings.mode;
  const isManaged = (id: string) => managed.some((m) => m.toLowerCase() === id.toLowerCase());
  const written = predictChanges(ctx, plan).map((change) => ({
    id: change.resourceId,
    type: String(change.after.type ?? ""),
    deploymentId: plan.id,
    changeType: ({ Create: "create", Modify: "modify", NoChange: "noChange" } as const)[change.changeType],
    changeCertainty: "definite",
    managementStatusChange: {
      before: isManaged(change.resourceId) ? "managed" : "unmanaged",
      after: "managed",
    },
    denyStatusChange: { before: isManaged(change.resourceId) ? denyBefore : "none", after: denyAfter },
    resourceConfigurationChanges: {
      ...(change.before === undefined ? {} : { before: change.before }),
      after: change.after,
    },
  }));
  const unmanageAction = request.actionOnUnmanage.resources === "delete" ? "delete" : "detach";
  const left = managed
    .filter((id) => !written.some((w) => w.id.toLowerCase() === id.toLowerCase()))
    .map((id) => ({
      id,
      changeType: unmanageAction,
      changeCertainty: "definite",
      managementStatusChange: { before: "managed", after: "unmanaged" },
      denyStatusChange: { before: denyBefore, after: "none" },
    }));
  const denyBeforeSettings = objectAt(stack?.record.properties.denySettings);
  const properties = state.record.properties;
  properties.changes = {
    resourceChanges: [...written, ...left],
    denySettingsChange: {
      ...(stack === undefined ? {} : { before: denyBeforeSettings }),
      after: denySettingsJson(request),
    },
  };
  properties.provisioningState = "succeeded";
}

function putWhatIf(ctx: RequestContext, p: RouteParams): Reply {
  const body = bodyObject(ctx);
  const props = objectAt(body.properties);
  const stackResourceId = props.deploymentStackResourceId;
  const pattern = new RegExp(
    `^/subscriptions/${p.subscriptionId}/providers/${DEPLOYMENT_STACK_TYPE}/[-\\w._()]+$`,
    "i",
  );
  if (typeof stackResourceId !== "string" || !pattern.test(stackResourceId))
    throw invalidRequestContent(
      `properties.deploymentStackResourceId must be a deployment stack of subscription '${p.subscriptionId}' (/subscriptions/${p.subscriptionId}/providers/${DEPLOYMENT_STACK_TYPE}/NAME).`,
    );
  if (typeof props.retentionInterval !== "string")
    throw invalidRequestContent("properties.retentionInterval is required (an ISO 8601 duration, e.g. P1D).");
  const request = readStackBody(ctx);
  requireSubscription(ctx, p.subscriptionId ?? "");
  const id = whatIfId(p);
  const map = whatIfsOf(ctx.store);
  const existed = map.has(id.toLowerCase());
  const state: WhatIfState = {
    record: {
      id,
      name: p.deploymentStacksWhatIfResultName ?? "",
      type: WHAT_IF_TYPE as typeof DEPLOYMENT_STACK_TYPE,
      location: request.location,
      ...(request.tags === undefined ? {} : { tags: request.tags }),
      properties: {
        ...(request.description === undefined ? {} : { description: request.description }),
        actionOnUnmanage: request.actionOnUnmanage,
        denySettings: denySettingsJson(request),
        parameters: request.parameters,
        deploymentStackResourceId: stackResourceId,
        retentionInterval: props.retentionInterval,
        provisioningState: "running",
        correlationId: ctx.store.ids.next(),
      },
    },
    request,
    stackResourceId,
  };
  // The template is planned now, so a template the sandbox cannot evaluate is a 400 on the PUT.
  planStack(ctx, stackParamsOf(p, stackResourceId), request);
  map.set(id.toLowerCase(), state);
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => evaluateWhatIf(ctx, p, state),
    result: () => state.record,
  });
  return {
    status: existed ? 200 : 201,
    body: state.record,
    headers: {
      "Azure-AsyncOperation": `${ctx.base}${id}/operationStatuses/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

/** _WhatIf: the what-if computed again against the state of now. */
function rerunWhatIf(ctx: RequestContext, p: RouteParams): Reply {
  const state = requireWhatIf(ctx, p);
  state.record.properties.provisioningState = "running";
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => evaluateWhatIf(ctx, p, state),
    result: () => state.record,
  });
  return {
    status: 202,
    headers: {
      Location: `${ctx.base}${whatIfId(p)}/operationResults/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

const WHAT_IF_FAMILY = "resources.deploymentStacksWhatIfResults";

const whatIfRoutes: readonly Route[] = [
  { method: "PUT", pattern: WHAT_IF, family: WHAT_IF_FAMILY, kind: "lro", handler: putWhatIf },
  {
    method: "GET",
    pattern: WHAT_IF,
    family: WHAT_IF_FAMILY,
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: requireWhatIf(ctx, p).record }),
  },
  { method: "POST", pattern: `${WHAT_IF}/whatIf`, family: WHAT_IF_FAMILY, kind: "lro", handler: rerunWhatIf },
  ...operationRoutes(WHAT_IF, WHAT_IF_FAMILY),
];

function operationRoutes(
  at: string,
  family: "resources.deploymentStacks" | "resources.deploymentStacksWhatIfResults",
): Route[] {
  return [
    {
      method: "GET",
      pattern: `${at}/operationStatuses/{operationId}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        const op = ctx.operations.require(p.operationId ?? "", "NotFound");
        return {
          status: 200,
          body: op.error === undefined ? { status: op.status } : { status: op.status, error: op.error },
          headers: { "Retry-After": ctx.operations.retryAfter(op) },
        };
      },
    },
    {
      method: "GET",
      pattern: `${at}/operationResults/{operationId}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        const op = ctx.operations.require(p.operationId ?? "", "NotFound");
        return operationResultReply(ctx.url, op, ctx.operations.retryAfter(op), () =>
          op.result === undefined ? { status: 200 } : { status: 200, body: op.result() },
        );
      },
    },
  ];
}

export const deploymentStackRoutes: readonly Route[] = [
  { method: "GET", pattern: STACKS, family: "resources.deploymentStacks", kind: "read", handler: listStacks },
  { method: "PUT", pattern: STACK, family: "resources.deploymentStacks", kind: "lro", handler: putStack },
  { method: "GET", pattern: STACK, family: "resources.deploymentStacks", kind: "read", handler: getStack },
  {
    method: "DELETE",
    pattern: STACK,
    family: "resources.deploymentStacks",
    kind: "lro",
    handler: deleteStack,
  },
  {
    method: "POST",
    pattern: `${STACK}/validate`,
    family: "resources.deploymentStacks",
    kind: "lro",
    handler: validateStack,
  },
  {
    method: "POST",
    pattern: `${STACK}/exportTemplate`,
    family: "resources.deploymentStacks",
    kind: "read",
    handler: (ctx, p) => ({ status: 200, body: { template: requireStack(ctx, p).template } }),
  },
  ...operationRoutes(STACK, "resources.deploymentStacks"),
  ...whatIfRoutes,
];
