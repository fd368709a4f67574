import { bodyObject, objectAt, requireResourceGroup, requireSubscription } from "../arm-resource.js";
import type { Reply, RequestContext, Route, RouteParams } from "../context.js";
import {
  DEPLOYMENT_TYPE,
  deploymentId,
  leafResources,
  type PlannedDeployment,
  planDeployment,
  type RunOutcome,
  runDeployment,
} from "../deployments/deployment-engine.js";
import { ArmError, invalidRequestContent } from "../errors.js";
import { operationResultReply } from "../lro.js";
import { perStoreMap, type ResourceStore } from "../store.js";

/**
 * Template deployments at resource-group and subscription scope (resources.json 2024-03-01: Deployments_CreateOrUpdate,
 * _Get, _Validate, _WhatIf and their *AtSubscriptionScope twins), so `az deployment group|sub create`, `what-if`
 * and `validate` work against the sandbox. The deployment history lives beside the tenant, not among its
 * resources: ARM lists deployments apart from a group's resources too.
 */
const RG = "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}";
const DEPLOYMENT = `${RG}/providers/Microsoft.Resources/deployments/{deploymentName}`;
const SUBSCRIPTION_DEPLOYMENT =
  "/subscriptions/{subscriptionId}/providers/Microsoft.Resources/deployments/{deploymentName}";

export interface DeploymentRecord {
  id: string;
  name: string;
  type: typeof DEPLOYMENT_TYPE;
  tags?: unknown;
  properties: Record<string, unknown>;
}

const historyOf = perStoreMap<string, DeploymentRecord>();

/** ISO 8601 duration between two instants, as ARM reports a deployment's `duration`. */
function duration(fromMs: number, toMs: number): string {
  return `PT${((toMs - fromMs) / 1000).toFixed(3)}S`;
}

/** What Deployments_CreateOrUpdate and _Validate read from the body; 400 for anything the sandbox cannot do. */
function readDeploymentBody(ctx: RequestContext): {
  template: unknown;
  parameters: unknown;
  mode: string;
  tags: unknown;
} {
  const body = bodyObject(ctx);
  const props = objectAt(body.properties);
  if (props.templateLink !== undefined || props.parametersLink !== undefined) {
    throw new ArmError(
      400,
      "InvalidRequestContent",
      "The sandbox cannot fetch a templateLink or parametersLink; send the template inline (az deployment group create --template-file).",
    );
  }
  if (props.template === undefined) throw invalidRequestContent("properties.template is required.");
  const mode = String(props.mode ?? "");
  if (mode !== "Incremental" && mode !== "Complete")
    throw invalidRequestContent("properties.mode must be 'Incremental' or 'Complete'.");
  if (mode === "Complete") {
    throw new ArmError(
      400,
      "InvalidDeploymentMode",
      "The sandbox deploys in Incremental mode only: Complete mode would delete the group's other resources.",
    );
  }
  return { template: props.template, parameters: props.parameters ?? {}, mode, tags: body.tags };
}

/** The deployment's scope: its resource group, or its subscription (no resourceGroupName in the route). */
function requireScope(ctx: RequestContext, p: RouteParams): void {
  if (p.resourceGroupName === undefined) requireSubscription(ctx, p.subscriptionId ?? "");
  else requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName);
}

function planFor(ctx: RequestContext, p: RouteParams): PlannedDeployment {
  requireScope(ctx, p);
  const { template, parameters } = readDeploymentBody(ctx);
  return planDeployment(
    ctx.store,
    {
      subscriptionId: p.subscriptionId ?? "",
      resourceGroup: p.resourceGroupName,
      name: p.deploymentName ?? "",
    },
    template,
    parameters,
  );
}

/** Records a deployment in the history (its entry is updated as it runs). */
export function record(
  store: ResourceStore,
  plan: PlannedDeployment,
  mode: string,
  state: Record<string, unknown>,
  tags?: unknown,
): DeploymentRecord {
  const now = new Date(store.now()).toISOString();
  const entry: DeploymentRecord = {
    id: plan.id,
    name: plan.name,
    type: DEPLOYMENT_TYPE,
    ...(tags === undefined ? {} : { tags }),
    properties: {
      templateHash: String(store.ids.next()),
      parameters: plan.parameters,
      mode,
      correlationId: store.ids.next(),
      timestamp: now,
      duration: "PT0S",
      outputResources: [],
      ...state,
    },
  };
  historyOf(store).set(plan.id.toLowerCase(), entry);
  return entry;
}

export function finished(
  store: ResourceStore,
  entry: DeploymentRecord,
  startedAt: number,
  outcome: RunOutcome | ArmError,
): void {
  const now = store.now();
  entry.properties.timestamp = new Date(now).toISOString();
  entry.properties.duration = duration(startedAt, now);
  if (outcome instanceof ArmError) {
    entry.properties.provisioningState = "Failed";
    entry.properties.error = outcome.body().error;
  } else {
    entry.properties.provisioningState = "Succeeded";
    entry.properties.outputResources = outcome.outputResources.map((id) => ({ id }));
  }
}

function putDeployment(ctx: RequestContext, p: RouteParams): Reply {
  const plan = planFor(ctx, p);
  const { mode, tags } = readDeploymentBody(ctx);
  const existing = historyOf(ctx.store).get(plan.id.toLowerCase());
  if (existing?.properties.provisioningState === "Running") {
    throw new ArmError(
      409,
      "DeploymentActive",
      `The deployment '${plan.name}' is still running; wait for it to finish before deploying it again.`,
    );
  }
  const entry = record(ctx.store, plan, mode, { provisioningState: "Running" }, tags);
  const startedAt = ctx.store.now();
  const op = ctx.operations.start({
    durationMs: ctx.latency.lro,
    complete: () => {
      runRecorded(ctx, plan, entry, startedAt);
    },
    result: () => entry,
  });
  return {
    status: existing ? 200 : 201,
    body: entry,
    headers: {
      "Azure-AsyncOperation": `${ctx.base}${plan.id}/operationStatuses/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": ctx.operations.retryAfter(op),
    },
  };
}

/**
 * Runs a recorded deployment to its end: the entry and each nested deployment's own entry say Succeeded or Failed.
 * Throws the run's ArmError (the operation running it fails with it).
 */
export function runRecorded(
  ctx: RequestContext,
  plan: PlannedDeployment,
  entry: DeploymentRecord,
  startedAt: number,
): RunOutcome {
  try {
    const outcome = runDeployment(ctx, plan, (nested, result) => {
      const nestedEntry = record(ctx.store, nested, "Incremental", { provisioningState: "Running" });
      finished(ctx.store, nestedEntry, startedAt, result);
    });
    finished(ctx.store, entry, startedAt, outcome);
    return outcome;
  } catch (error) {
    if (error instanceof ArmError) finished(ctx.store, entry, startedAt, error);
    throw error;
  }
}

function getDeployment(ctx: RequestContext, p: RouteParams): Reply {
  requireScope(ctx, p);
  const id = deploymentId(p.subscriptionId ?? "", p.resourceGroupName, p.deploymentName ?? "");
  const entry = historyOf(ctx.store).get(id.toLowerCase());
  if (!entry)
    throw new ArmError(404, "DeploymentNotFound", `Deployment '${p.deploymentName}' could not be found.`);
  return { status: 200, body: entry };
}

/** Deployments_Validate: the plan alone (every expression, parameter and dependency), nothing written. */
function validateDeployment(ctx: RequestContext, p: RouteParams): Reply {
  const { mode } = readDeploymentBody(ctx);
  let plan: PlannedDeployment;
  try {
    plan = planFor(ctx, p);
  } catch (error) {
    // Validation answers a template error as 400 with DeploymentValidateResult's `error`, the same envelope.
    if (error instanceof ArmError && error.code === "InvalidTemplate")
      return { status: 400, body: error.body() };
    throw error;
  }
  return {
    status: 200,
    // DeploymentValidateResult (2024-03-01) is {error, properties}: no id, name or type.
    body: {
      properties: {
        provisioningState: "Succeeded",
        mode,
        parameters: plan.parameters,
        correlationId: ctx.store.ids.next(),
        timestamp: new Date(ctx.store.now()).toISOString(),
        duration: "PT0S",
        validatedResources: leafResources(plan).map((r) => ({ id: r.id })),
      },
    },
  };
}

/** True when every property the template sets already holds that value (what-if's NoChange). */
function contains(existing: unknown, wanted: unknown): boolean {
  if (wanted === null || typeof wanted !== "object")
    return typeof wanted === "string" && typeof existing === "string"
      ? wanted.toLowerCase() === existing.toLowerCase()
      : wanted === existing;
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(existing) &&
      existing.length === wanted.length &&
      wanted.every((item, i) => contains(existing[i], item))
    );
  }
  const bag = objectAt(existing);
  return Object.entries(wanted).every(([k, v]) => contains(bag[k], v));
}

/**
 * A resource as a GET of it answers (child resources such as NSG rules live inside their parent in the store), or
 * undefined when there is none.
 */
function currentState(
  ctx: RequestContext,
  id: string,
  apiVersion: string,
): Record<string, unknown> | undefined {
  try {
    return objectAt(ctx.dispatch({ method: "GET", path: id, apiVersion }).body);
  } catch (error) {
    if (error instanceof ArmError && error.status === 404) return undefined;
    throw error;
  }
}

export interface WhatIfChange {
  readonly resourceId: string;
  readonly changeType: "Create" | "NoChange" | "Modify";
  readonly before?: Record<string, unknown>;
  readonly after: Record<string, unknown>;
}

/** What a plan would do to each resource it writes, against the sandbox's state: Create, NoChange or Modify. */
export function predictChanges(ctx: RequestContext, plan: PlannedDeployment): WhatIfChange[] {
  return leafResources(plan).map((resource) => {
    const existing = currentState(ctx, resource.id, resource.apiVersion);
    const after = { id: resource.id, type: resource.type, ...resource.body };
    if (!existing) return { resourceId: resource.id, changeType: "Create", after };
    const same = contains(existing, resource.body);
    return {
      resourceId: resource.id,
      changeType: same ? "NoChange" : "Modify",
      before: existing,
      after: same ? existing : { ...existing, ...resource.body },
    };
  });
}

/**
 * Deployments_WhatIf: 202 and a Location that answers the WhatIfOperationResult; each resource the template would
 * write is Create (absent), NoChange (every property it sets already so) or Modify.
 */
function whatIfDeployment(ctx: RequestContext, p: RouteParams): Reply {
  const plan = planFor(ctx, p);
  const changes = predictChanges(ctx, plan);
  const op = ctx.operations.start({
    durationMs: 0,
    complete: () => undefined,
    result: () => ({ status: "Succeeded", properties: { changes } }),
  });
  return {
    status: 202,
    headers: {
      Location: `${ctx.base}${plan.id}/whatIfOperationResults/${op.id}?api-version=${ctx.apiVersion}`,
      "Retry-After": "0",
    },
  };
}

function routesAt(at: string, family: "resources.resourceGroups" | "resources.deployments"): Route[] {
  return [
    {
      method: "PUT",
      pattern: at,
      family,
      kind: "lro",
      handler: putDeployment,
    },
    {
      method: "GET",
      pattern: at,
      family,
      kind: "read",
      handler: getDeployment,
    },
    {
      method: "POST",
      pattern: `${at}/validate`,
      family,
      kind: "read",
      handler: validateDeployment,
    },
    {
      method: "POST",
      pattern: `${at}/whatIf`,
      family,
      kind: "lro",
      handler: whatIfDeployment,
    },
    {
      method: "GET",
      pattern: `${at}/operationStatuses/{operationId}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        const op = ctx.operations.require(p.operationId ?? "", "NotFound");
        // Deployments report Running, then Succeeded or Failed (with the deployment's error).
        const status = op.status === "InProgress" ? "Running" : op.status;
        return {
          status: 200,
          body: op.error === undefined ? { status } : { status, error: op.error },
          headers: { "Retry-After": ctx.operations.retryAfter(op) },
        };
      },
    },
    {
      method: "GET",
      pattern: `${at}/whatIfOperationResults/{operationId}`,
      family,
      kind: "read",
      handler: (ctx, p) => {
        const op = ctx.operations.require(p.operationId ?? "", "NotFound");
        return operationResultReply(ctx.url, op, ctx.operations.retryAfter(op), () => ({
          status: 200,
          body: op.result?.(),
        }));
      },
    },
  ];
}

export const deploymentRoutes: readonly Route[] = [
  ...routesAt(DEPLOYMENT, "resources.resourceGroups"),
  ...routesAt(SUBSCRIPTION_DEPLOYMENT, "resources.deployments"),
];
