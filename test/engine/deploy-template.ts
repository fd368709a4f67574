import type { DeploymentTemplate, NestedDeployment } from "../../src/engine/export-arm.js";
import type { TemplateResource } from "../../src/engine/template-resources.js";
import type { RunningSandbox } from "../../src/sandbox/server.js";
import { arm } from "../sandbox/arm-requests.js";

/**
 * A small stand-in for ARM's deployment engine, enough for vaultlink's templates: it honours `dependsOn` (between
 * nested deployments and between resources), evaluates the two expression forms the templates use
 * (`[parameters('x')]` as a whole value, `[resourceId(...)]` in dependsOn) and refuses any other, then PUTs each
 * resource at its api-version over plain HTTP and follows its long-running operation to the end, as ARM's
 * deployment engine does before it starts a dependent resource.
 */

type Parameters = Readonly<Record<string, unknown>>;

const PARAMETER = /^\[parameters\('([^']+)'\)\]$/;
const RESOURCE_ID = /^\[resourceId\((.+)\)\]$/;

function evaluate(value: unknown, parameters: Parameters): unknown {
  if (typeof value === "string") {
    if (!value.startsWith("[")) return value;
    const name = PARAMETER.exec(value)?.[1];
    if (name === undefined || !(name in parameters)) throw new Error(`unsupported expression ${value}`);
    return parameters[name];
  }
  if (Array.isArray(value)) return value.map((item) => evaluate(item, parameters));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, parameters)]));
  return value;
}

function resourceIdArguments(expression: string): string[] {
  const inner = RESOURCE_ID.exec(expression)?.[1];
  if (inner === undefined) throw new Error(`dependsOn entry is not a resourceId(): ${expression}`);
  return inner.split(",").map((part) => {
    const quoted = /^\s*'([^']*)'\s*$/.exec(part)?.[1];
    if (quoted === undefined) throw new Error(`resourceId argument is not a literal: ${part}`);
    return quoted;
  });
}

/** `Microsoft.Network/privateDnsZones/virtualNetworkLinks` + `zone/link` -> the ARM id in a resource group. */
function idOf(subscriptionId: string, resourceGroup: string, type: string, names: readonly string[]): string {
  const [namespace, ...types] = type.split("/");
  if (types.length !== names.length)
    throw new Error(`${type} needs ${types.length} names, got ${names.length}`);
  const path = types.map((t, i) => `${t}/${names[i]}`).join("/");
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${namespace}/${path}`;
}

function inDependencyOrder<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  dependsOn: (item: T) => string[],
): T[] {
  const ordered: T[] = [];
  const done = new Set<string>();
  const remaining = [...items];
  while (remaining.length > 0) {
    const next = remaining.findIndex((item) => dependsOn(item).every((id) => done.has(id.toLowerCase())));
    if (next < 0) throw new Error("dependsOn names something the template never deploys, or a cycle");
    const [item] = remaining.splice(next, 1) as [T];
    ordered.push(item);
    done.add(idOf(item).toLowerCase());
  }
  return ordered;
}

async function finish(sandbox: RunningSandbox, answer: Awaited<ReturnType<typeof arm>>, what: string) {
  if (answer.status >= 300) throw new Error(`PUT ${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  const asyncUrl = answer.headers.get("azure-asyncoperation");
  const location = answer.headers.get("location");
  if (asyncUrl !== null) {
    for (;;) {
      const status = await arm(sandbox, "GET", asyncUrl);
      if (status.body.status === "InProgress") continue;
      if (status.body.status !== "Succeeded") throw new Error(`${what}: ${JSON.stringify(status.body)}`);
      return;
    }
  }
  if (location !== null && answer.status === 202) {
    for (;;) {
      const status = await arm(sandbox, "GET", location);
      if (status.status === 202) continue;
      if (status.status >= 300) throw new Error(`${what}: ${status.status} ${JSON.stringify(status.body)}`);
      return;
    }
  }
}

async function deployNested(sandbox: RunningSandbox, deployment: NestedDeployment, outer: Parameters) {
  const parameters = Object.fromEntries(
    Object.entries(deployment.properties.parameters).map(([name, { value }]) => [
      name,
      evaluate(value, outer),
    ]),
  );
  const at = (resource: TemplateResource) =>
    idOf(deployment.subscriptionId, deployment.resourceGroup, resource.type, resource.name.split("/"));
  const dependencies = (resource: TemplateResource) =>
    (resource.dependsOn ?? []).map((expression) => {
      const [type, ...names] = resourceIdArguments(expression);
      return idOf(deployment.subscriptionId, deployment.resourceGroup, type ?? "", names);
    });
  for (const resource of inDependencyOrder(deployment.properties.template.resources, at, dependencies)) {
    const body = evaluate(
      {
        ...(resource.location === undefined ? {} : { location: resource.location }),
        ...(resource.tags === undefined ? {} : { tags: resource.tags }),
        ...(resource.properties === undefined ? {} : { properties: resource.properties }),
      },
      parameters,
    );
    const id = at(resource);
    await finish(sandbox, await arm(sandbox, "PUT", id, { apiVersion: resource.apiVersion, body }), id);
  }
}

/** Deploys the template's nested deployments, each after those it depends on, with the parameters' defaults. */
export async function deployTemplate(sandbox: RunningSandbox, template: DeploymentTemplate): Promise<void> {
  const outer = Object.fromEntries(
    Object.entries(template.parameters).map(([name, p]) => [name, p.defaultValue]),
  );
  const deploymentId = (d: NestedDeployment) =>
    idOf(d.subscriptionId, d.resourceGroup, "Microsoft.Resources/deployments", [d.name]);
  const dependencies = (d: NestedDeployment) =>
    d.dependsOn.map((expression) => {
      const [subscriptionId, resourceGroup, type, ...names] = resourceIdArguments(expression);
      return idOf(subscriptionId ?? "", resourceGroup ?? "", type ?? "", names);
    });
  for (const deployment of inDependencyOrder(template.resources, deploymentId, dependencies))
    await deployNested(sandbox, deployment, outer);
}
