import { createHash } from "node:crypto";
import { parseResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import type { Action, Write } from "./action.js";
import {
  namesOf,
  TEMPLATE_API_VERSIONS,
  type TemplateResource,
  templateResourceOf,
} from "./template-resources.js";

export const DEPLOYMENT_TEMPLATE_SCHEMA =
  "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

/** A nested deployment into one subscription and resource group. */
export interface NestedDeployment {
  readonly type: "Microsoft.Resources/deployments";
  readonly apiVersion: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly dependsOn: readonly string[];
  readonly properties: {
    readonly mode: "Incremental";
    readonly expressionEvaluationOptions: { readonly scope: "inner" };
    readonly parameters: Record<string, { readonly value: string }>;
    readonly template: {
      readonly $schema: string;
      readonly contentVersion: string;
      readonly parameters: Record<string, { readonly type: string }>;
      readonly resources: readonly TemplateResource[];
    };
  };
}

/** Something the plan does that the template leaves out on purpose, with what to do instead. */
export interface NotExpressed {
  readonly id: string;
  readonly what: string;
  readonly why: string;
  readonly instead: string;
}

export interface DeploymentTemplate {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly metadata: Record<string, unknown>;
  readonly parameters: Record<
    string,
    { type: string; defaultValue: unknown; metadata: { description: string } }
  >;
  readonly resources: readonly NestedDeployment[];
}

export interface ArmExport {
  readonly template: DeploymentTemplate;
  readonly notExpressed: readonly NotExpressed[];
}

export interface Placed {
  readonly action: Action;
  readonly write: Write;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly resource: TemplateResource;
}

const PARAMETERS = {
  vaultId: {
    type: "string",
    metadata: { description: "The Recovery Services vault the private endpoints connect to." },
  },
  tags: {
    type: "object",
    metadata: { description: "Tags for the private endpoints, private DNS zones and their links." },
  },
} as const;

function groupKey(subscriptionId: string, resourceGroup: string): string {
  return `${subscriptionId}/${resourceGroup}`.toLowerCase();
}

/** `[resourceId('Microsoft.Network/privateDnsZones', 'zone')]`: how a template names one of its own resources. */
function resourceIdExpression(type: string, names: readonly string[]): string {
  return `[resourceId('${type}', ${names.map((n) => `'${n}'`).join(", ")})]`;
}

function vaultAccessNote(action: Action): NotExpressed {
  return {
    id: action.id,
    what: "Deny public network access to the vault (properties.publicNetworkAccess: Disabled)",
    why: "A template can only PUT a Recovery Services vault whole (sku, redundancy, encryption, security settings); one that names only this property would reset the rest. vaultlink changes it with a PATCH, which templates cannot express.",
    instead:
      "After the deployment succeeds, run `vaultlink apply PLAN` (only this change is left), or set Networking > Public access > Deny on the vault in the portal.",
  };
}

function approvalNote(write: Write & { resource: "privateEndpoint" }): NotExpressed {
  return {
    id: write.request.id,
    what: `Approve the vault-side connection of ${parseResourceId(write.request.id).name}`,
    why: "The plan asks for manual approval: the connection waits for the vault's owner, and approving it is an action on the vault, not a resource a template creates.",
    instead:
      "The vault's owner approves it once deployed: the vault's Networking > Private access in the portal, or `az network private-endpoint-connection approve`.",
  };
}

function deploymentName(subscriptionId: string, resourceGroup: string): string {
  // Deployment names: at most 64 characters; the hash keeps two same-named groups in two subscriptions apart.
  const hash = createHash("sha256").update(groupKey(subscriptionId, resourceGroup)).digest("hex").slice(0, 8);
  return `vaultlink-${resourceGroup.slice(0, 64 - "vaultlink-".length - 9)}-${hash}`;
}

/** Which actions an export writes: what apply would write today, or the whole setup the plan describes. */
export interface ExportScope {
  /** Also the resources Azure already holds (no-change actions, with the write that would make each). */
  readonly all: boolean;
}

/** The actions' resources placed in their subscriptions and groups, and what a template cannot express. */
export function placeActions(
  actions: readonly Action[],
  scope: ExportScope,
): { placed: Placed[]; notExpressed: NotExpressed[] } {
  if (actions.some((a) => a.kind === "blocked")) throw new Error("an export was given blocked actions");
  const notExpressed: NotExpressed[] = [];
  const placed: Placed[] = [];
  for (const action of actions) {
    // A waiting write (Deny before a manual approval) is part of what the plan sets up, so it is listed too.
    if (action.kind === "blocked" || (action.kind === "noChange" && !scope.all)) continue;
    const { write } = action;
    if (write.resource === "vaultPublicNetworkAccess") {
      notExpressed.push(vaultAccessNote(action));
      continue;
    }
    if (write.resource === "privateEndpoint" && write.request.approval.kind === "manual")
      notExpressed.push(approvalNote(write));
    const { id, resource } = templateResourceOf(write);
    const at = namesOf(id);
    placed.push({
      action,
      write,
      subscriptionId: at.subscriptionId,
      resourceGroup: at.resourceGroup,
      resource,
    });
  }
  return { placed, notExpressed };
}

/**
 * An ARM deployment template for what the plan's actions create, from the same actions `vaultlink apply` carries
 * out (so a template made today deploys what apply would do today); with `all`, every resource the plan sets up,
 * those Azure already holds included. Resources in several subscriptions and resource groups are honest nested
 * deployments, one per resource group, each with `subscriptionId` and `resourceGroup`, ordered by `dependsOn`
 * across them (an endpoint's zone group waits for the zones' deployment). What a template cannot safely express is
 * returned in `notExpressed`, never guessed. Blocked actions must have been refused by the caller.
 */
export function armTemplateOf(
  plan: Plan,
  actions: readonly Action[],
  generator: string,
  scope: ExportScope = { all: false },
): ArmExport {
  const { placed, notExpressed } = placeActions(actions, scope);
  return {
    template: {
      $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
      contentVersion: "1.0.0.0",
      metadata: {
        _generator: { name: "vaultlink", version: generator },
        description: `Azure Backup private endpoints for ${plan.vault.id}: ${scope.all ? "the whole setup the plan describes" : "what the plan creates"}. Deploy it to any resource group you may deploy to; each nested deployment targets its own subscription and resource group.`,
        notExpressed,
      },
      parameters: templateParameters(plan),
      resources: nestedDeploymentsOf(placed),
    },
    notExpressed,
  };
}

/** The template's parameters, with the plan's vault as the default. */
export function templateParameters(plan: Plan): DeploymentTemplate["parameters"] {
  return {
    vaultId: { ...PARAMETERS.vaultId, defaultValue: plan.vault.id },
    tags: { ...PARAMETERS.tags, defaultValue: {} },
  };
}

/**
 * One nested deployment per resource group of the placed resources, in an order that deploys each group after
 * the groups it waits for. A dependency outside `placed` already exists (or another stack makes it first).
 */
export function nestedDeploymentsOf(placed: readonly Placed[]): NestedDeployment[] {
  const placedById = new Map(placed.map((p) => [p.action.id.toLowerCase(), p]));
  const groups = new Map<string, { subscriptionId: string; resourceGroup: string; members: Placed[] }>();
  for (const p of placed) {
    const key = groupKey(p.subscriptionId, p.resourceGroup);
    const group = groups.get(key) ?? {
      subscriptionId: p.subscriptionId,
      resourceGroup: p.resourceGroup,
      members: [],
    };
    group.members.push(p);
    groups.set(key, group);
  }

  const groupDependencies = new Map<string, Set<string>>();
  const deployments = new Map<string, Omit<NestedDeployment, "dependsOn">>();
  for (const [key, group] of groups) {
    const after = new Set<string>();
    const resources = group.members.map((member): TemplateResource => {
      const sameGroup: string[] = [];
      for (const dependencyId of member.action.dependsOn) {
        const dependency = placedById.get(dependencyId.toLowerCase());
        // A dependency the plan does not create already exists: nothing to wait for.
        if (dependency === undefined) continue;
        const dependencyKey = groupKey(dependency.subscriptionId, dependency.resourceGroup);
        if (dependencyKey === key) {
          const names = namesOf(dependency.action.id);
          sameGroup.push(resourceIdExpression(names.type, names.names));
        } else after.add(dependencyKey);
      }
      return sameGroup.length === 0 ? member.resource : { ...member.resource, dependsOn: sameGroup };
    });
    groupDependencies.set(key, after);
    const used = Object.keys(PARAMETERS).filter((name) =>
      JSON.stringify(resources).includes(`[parameters('${name}')]`),
    );
    deployments.set(key, {
      type: "Microsoft.Resources/deployments",
      apiVersion: TEMPLATE_API_VERSIONS.deployments,
      name: deploymentName(group.subscriptionId, group.resourceGroup),
      subscriptionId: group.subscriptionId,
      resourceGroup: group.resourceGroup,
      properties: {
        mode: "Incremental",
        // Inner scope: the nested template's expressions (resourceId) resolve in its own subscription and group.
        expressionEvaluationOptions: { scope: "inner" },
        parameters: Object.fromEntries(used.map((name) => [name, { value: `[parameters('${name}')]` }])),
        template: {
          $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
          contentVersion: "1.0.0.0",
          parameters: Object.fromEntries(
            used.map((name) => [name, { type: PARAMETERS[name as keyof typeof PARAMETERS].type }]),
          ),
          resources,
        },
      },
    });
  }

  const ordered: NestedDeployment[] = [];
  const visiting = new Set<string>();
  const visit = (key: string) => {
    if (ordered.some((d) => groupKey(d.subscriptionId, d.resourceGroup) === key)) return;
    if (visiting.has(key))
      throw new Error(`the resource groups' deployments depend on each other in a cycle (${key})`);
    visiting.add(key);
    const dependencies = [...(groupDependencies.get(key) ?? [])];
    for (const dependency of dependencies) visit(dependency);
    const deployment = deployments.get(key);
    if (deployment === undefined) throw new Error(`no deployment for ${key}`);
    ordered.push({
      ...deployment,
      dependsOn: dependencies.map((dependency) => {
        const target = deployments.get(dependency);
        if (target === undefined) throw new Error(`no deployment for ${dependency}`);
        return `[resourceId('${target.subscriptionId}', '${target.resourceGroup}', 'Microsoft.Resources/deployments', '${target.name}')]`;
      }),
    });
    visiting.delete(key);
  };
  for (const key of groups.keys()) visit(key);
  return ordered;
}
