import { objectAt } from "../arm-resource.js";
import type { RequestContext } from "../context.js";
import { ArmError } from "../errors.js";
import type { TrackedOperation } from "../lro.js";
import type { ResourceStore } from "../store.js";
import { type ExpressionScope, evaluateValue, invalidTemplate } from "./template-expressions.js";

/**
 * ARM's deployment engine, as much of it as a sandbox needs: a template is first planned (parameters bound,
 * variables and every resource's expressions evaluated, `dependsOn` resolved; any error is the synchronous 400
 * `InvalidTemplate` ARM answers), then run by creating each resource through the sandbox's own handlers in
 * dependency order, each resource's long-running operation finished before a resource that depends on it starts
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/resource-dependency). Nested deployments
 * (`Microsoft.Resources/deployments` with `subscriptionId` / `resourceGroup`, inner or outer expression scope) are
 * planned and run the same way in their own scope. A deployment at subscription scope (`az deployment sub`, and a
 * deployment stack's) holds nested deployments into that subscription's resource groups. Only `Incremental` mode:
 * the sandbox deletes nothing.
 */

export const DEPLOYMENT_TYPE = "Microsoft.Resources/deployments";

/** One resource of a planned template: its id, the PUT to send, and the ids it waits for. */
export interface PlannedResource {
  readonly id: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly body: Record<string, unknown>;
  readonly dependsOn: readonly string[];
  /** For a nested deployment: its own plan. */
  readonly nested?: PlannedDeployment;
}

export interface PlannedDeployment {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  /** Undefined for a deployment at subscription scope. */
  readonly resourceGroup: string | undefined;
  readonly parameters: Readonly<Record<string, { type: string; value: unknown }>>;
  /** In dependency order. */
  readonly resources: readonly PlannedResource[];
}

export function deploymentId(
  subscriptionId: string,
  resourceGroup: string | undefined,
  name: string,
): string {
  const scope =
    resourceGroup === undefined
      ? `/subscriptions/${subscriptionId}`
      : `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
  return `${scope}/providers/${DEPLOYMENT_TYPE}/${name}`;
}

function resourceIdIn(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
  const [namespace, ...types] = type.split("/");
  const names = name.split("/");
  if (namespace === undefined || types.length === 0 || types.length !== names.length) {
    throw invalidTemplate(
      `The resource '${type}/${name}' has an incorrect segment length: a type with ${types.length} segment(s) after the namespace needs as many names`,
    );
  }
  const path = types.map((t, i) => `${t}/${names[i]}`).join("/");
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}/${path}`;
}

function bindParameters(
  declared: Record<string, unknown>,
  given: Record<string, unknown>,
  scope: ExpressionScope,
): Record<string, { type: string; value: unknown }> {
  for (const name of Object.keys(given)) {
    if (!Object.keys(declared).some((d) => d.toLowerCase() === name.toLowerCase()))
      throw invalidTemplate(`The template parameter '${name}' is not declared in the template`);
  }
  const bound: Record<string, { type: string; value: unknown }> = {};
  for (const [name, declaration] of Object.entries(declared)) {
    const d = objectAt(declaration);
    const key = Object.keys(given).find((g) => g.toLowerCase() === name.toLowerCase());
    const givenValue = key === undefined ? undefined : objectAt(given[key]);
    if (givenValue !== undefined && "reference" in givenValue)
      throw invalidTemplate(
        `The parameter '${name}' is a Key Vault reference, which the sandbox cannot resolve`,
      );
    const value =
      givenValue !== undefined && "value" in givenValue
        ? givenValue.value
        : "defaultValue" in d
          ? evaluateValue(d.defaultValue, { ...scope, parameters: stripTypes(bound) })
          : undefined;
    if (value === undefined)
      throw invalidTemplate(`The value for the template parameter '${name}' is not provided`);
    bound[name] = { type: String(d.type ?? "string"), value };
  }
  return bound;
}

function stripTypes(bound: Record<string, { value: unknown }>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(bound).map(([k, v]) => [k, v.value]));
}

/** Orders resources so each comes after what it depends on; a cycle is ARM's InvalidTemplate. */
function inDependencyOrder(resources: readonly PlannedResource[]): PlannedResource[] {
  const ordered: PlannedResource[] = [];
  const done = new Set<string>();
  const remaining = [...resources];
  while (remaining.length > 0) {
    const next = remaining.findIndex((r) => r.dependsOn.every((id) => done.has(id.toLowerCase())));
    if (next < 0) {
      throw invalidTemplate(
        `Circular dependency detected on resource: '${remaining.map((r) => r.id).join("', '")}'`,
      );
    }
    const [resource] = remaining.splice(next, 1) as [PlannedResource];
    ordered.push(resource);
    done.add(resource.id.toLowerCase());
  }
  return ordered;
}

export interface PlanTarget {
  readonly subscriptionId: string;
  /** Undefined for a deployment at subscription scope. */
  readonly resourceGroup?: string | undefined;
  readonly name: string;
}

/** Plans a template for a deployment into `target`: everything a run needs, every error found before any write. */
export function planDeployment(
  store: ResourceStore,
  target: PlanTarget,
  template: unknown,
  givenParameters: unknown,
): PlannedDeployment {
  const t = objectAt(template);
  if (!Array.isArray(t.resources)) throw invalidTemplate("The template has no 'resources' array");
  const atSubscription = target.resourceGroup === undefined;
  const group =
    target.resourceGroup === undefined
      ? undefined
      : store.resourceGroup(target.subscriptionId, target.resourceGroup);
  if (!atSubscription && !group) {
    throw new ArmError(
      404,
      "ResourceGroupNotFound",
      `Resource group '${target.resourceGroup}' could not be found.`,
    );
  }
  if (atSubscription && !store.subscription(target.subscriptionId)) {
    throw new ArmError(
      404,
      "SubscriptionNotFound",
      `The subscription '${target.subscriptionId}' could not be found.`,
    );
  }
  let scope: ExpressionScope = {
    parameters: {},
    variables: {},
    subscriptionId: target.subscriptionId,
    resourceGroup: group?.name ?? "",
    resourceGroupLocation: group?.location ?? "",
    deploymentName: target.name,
  };
  const parameters = bindParameters(objectAt(t.parameters), objectAt(givenParameters), scope);
  scope = { ...scope, parameters: stripTypes(parameters) };
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(objectAt(t.variables))) {
    variables[name] = evaluateValue(value, { ...scope, variables });
  }
  scope = { ...scope, variables };

  const planned = t.resources.map((raw): PlannedResource & { name: string } => {
    const r = objectAt(raw);
    if ("copy" in r || "condition" in r || "scope" in r)
      throw invalidTemplate("'copy', 'condition' and 'scope' on a resource are not supported by the sandbox");
    const type = String(evaluateValue(r.type, scope));
    const name = String(evaluateValue(r.name, scope));
    const apiVersion = String(evaluateValue(r.apiVersion, scope));
    if (type === DEPLOYMENT_TYPE) {
      const subscriptionId = String(evaluateValue(r.subscriptionId, scope) ?? scope.subscriptionId);
      if (atSubscription && r.resourceGroup === undefined)
        throw invalidTemplate(
          `The nested deployment '${name}' at subscription scope names no 'resourceGroup'; the sandbox deploys subscription-scope templates into resource groups only`,
        );
      const resourceGroup = String(evaluateValue(r.resourceGroup, scope) ?? scope.resourceGroup);
      const props = objectAt(r.properties);
      const inner = objectAt(props.expressionEvaluationOptions).scope === "inner";
      const nestedTemplate = inner ? props.template : evaluateValue(props.template, scope);
      const nestedParameters = inner
        ? evaluateValue(props.parameters ?? {}, scope)
        : // Outer scope: the nested template's expressions were evaluated above, with the parent's values.
          {};
      const nested = planDeployment(
        store,
        { subscriptionId, resourceGroup, name },
        inner ? nestedTemplate : { ...objectAt(nestedTemplate), parameters: {} },
        nestedParameters,
      );
      return {
        id: nested.id,
        name,
        type,
        apiVersion,
        body: {},
        dependsOn: (Array.isArray(r.dependsOn) ? r.dependsOn : []).map((d) =>
          String(evaluateValue(d, scope)),
        ),
        nested,
      };
    }
    if (atSubscription)
      throw invalidTemplate(
        `The resource '${type}/${name}' is not a nested deployment; at subscription scope the sandbox deploys nested deployments into resource groups only`,
      );
    const body: Record<string, unknown> = {};
    for (const key of ["location", "tags", "sku", "kind", "identity", "zones", "properties", "plan"]) {
      if (r[key] !== undefined) body[key] = evaluateValue(r[key], scope);
    }
    return {
      id: resourceIdIn(scope.subscriptionId, scope.resourceGroup, type, name),
      name,
      type,
      apiVersion,
      body,
      dependsOn: (Array.isArray(r.dependsOn) ? r.dependsOn : []).map((d) => String(evaluateValue(d, scope))),
    };
  });

  // dependsOn names a resource of the same template by id, or by its name alone (ARM allows both).
  const resolved = planned.map((resource) => ({
    ...resource,
    dependsOn: resource.dependsOn.map((dependency) => {
      const byId = planned.find((p) => p.id.toLowerCase() === dependency.toLowerCase());
      const byName = planned.filter((p) => p.name.toLowerCase() === dependency.toLowerCase());
      const found = byId ?? (byName.length === 1 ? byName[0] : undefined);
      if (found === undefined)
        throw invalidTemplate(`The resource '${dependency}' is not defined in the template`);
      return found.id;
    }),
  }));
  return {
    id: deploymentId(target.subscriptionId, group?.name, target.name),
    name: target.name,
    subscriptionId: target.subscriptionId,
    resourceGroup: group?.name,
    parameters,
    resources: inDependencyOrder(resolved),
  };
}

/** A resource write inside a deployment that failed: ARM lists these as the deployment error's details. */
class DeploymentFailed extends ArmError {
  constructor(readonly failures: readonly { code: string; message: string; target: string }[]) {
    super(
      400,
      "DeploymentFailed",
      "At least one resource deployment operation failed. Please list deployment operations for details. " +
        "Please see https://aka.ms/arm-deployment-operations for usage details.",
    );
  }

  override body() {
    return {
      error: {
        code: this.code,
        message: this.message,
        details: this.failures.map((f) => ({ code: f.code, target: f.target, message: f.message })),
      },
    };
  }
}

export interface RunOutcome {
  /** Every resource the run wrote, nested deployments' included, in the order written. */
  readonly outputResources: readonly string[];
}

/**
 * Runs a plan: each resource is PUT through the sandbox's routes and its long-running operation finished before
 * the next; a nested deployment runs its own plan (and is recorded with `onNested`). Throws DeploymentFailed
 * (with the resource's own error as a detail) at the first failure; what was written before it stays, as in ARM.
 */
export function runDeployment(
  ctx: RequestContext,
  plan: PlannedDeployment,
  onNested: (nested: PlannedDeployment, outcome: RunOutcome | ArmError) => void,
): RunOutcome {
  const written: string[] = [];
  for (const resource of plan.resources) {
    if (resource.nested !== undefined) {
      try {
        const outcome = runDeployment(ctx, resource.nested, onNested);
        onNested(resource.nested, outcome);
        written.push(...outcome.outputResources);
      } catch (error) {
        if (!(error instanceof ArmError)) throw error;
        onNested(resource.nested, error);
        throw error instanceof DeploymentFailed
          ? error
          : new DeploymentFailed([{ code: error.code, message: error.message, target: resource.id }]);
      }
      continue;
    }
    let started: TrackedOperation[];
    try {
      ({ started } = ctx.operations.capture(() =>
        ctx.dispatch({
          method: "PUT",
          path: resource.id,
          apiVersion: resource.apiVersion,
          body: resource.body,
        }),
      ));
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      throw new DeploymentFailed([{ code: error.code, message: error.message, target: resource.id }]);
    }
    for (const op of started) {
      ctx.operations.completeNow(op);
      if (op.error !== undefined)
        throw new DeploymentFailed([{ code: op.error.code, message: op.error.message, target: resource.id }]);
    }
    written.push(resource.id);
  }
  return { outputResources: written };
}

/** Every resource a plan would write, nested deployments' expanded, in the order they would be written. */
export function leafResources(plan: PlannedDeployment): PlannedResource[] {
  return plan.resources.flatMap((r) => (r.nested === undefined ? [r] : leafResources(r.nested)));
}
