import { parseResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import type { Action } from "./action.js";
import {
  type DeploymentTemplate,
  type ExportScope,
  type NestedDeployment,
  type NotExpressed,
  nestedDeploymentsOf,
  type Placed,
  placeActions,
  templateParameters,
} from "./export-arm.js";

export const SUBSCRIPTION_TEMPLATE_SCHEMA =
  "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
export const PARAMETERS_FILE_SCHEMA =
  "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/**
 * What each stack is told besides its template: deny delete on every resource it manages (the endpoints, zones,
 * links, zone groups and the NSG rule), so an accidental `az network private-endpoint delete` or a resource group
 * clean-up cannot cut backups off; and detach, never delete, what a later version of the stack leaves out.
 * https://learn.microsoft.com/azure/azure-resource-manager/bicep/deployment-stacks#protect-managed-resources
 */
export const STACK_DENY_SETTINGS = { mode: "denyDelete", applyToChildScopes: false } as const;
export const STACK_ACTION_ON_UNMANAGE = {
  resources: "detach",
  resourceGroups: "detach",
  managementGroups: "detach",
} as const;

/** A subscription-scope template: the nested deployments into that subscription's resource groups. */
export interface SubscriptionTemplate extends Omit<DeploymentTemplate, "resources"> {
  readonly resources: readonly NestedDeployment[];
}

/** An ARM deployment parameters file, as `--parameters FILE` reads it. */
export interface ParametersFile {
  readonly $schema: string;
  readonly contentVersion: string;
  readonly parameters: Record<string, { readonly value: unknown }>;
}

/** One deployment stack: a subscription's share of the plan, deployed in `order` after the stacks it waits for. */
export interface StackExport {
  readonly order: number;
  readonly name: string;
  readonly subscriptionId: string;
  /** Where the stack's own record lives (the vault's region); its resources keep their own locations. */
  readonly location: string;
  readonly template: SubscriptionTemplate;
  readonly parameters: ParametersFile;
  /** The ids of the resources the stack manages. */
  readonly resourceIds: readonly string[];
}

export interface StacksExport {
  readonly stacks: readonly StackExport[];
  readonly notExpressed: readonly NotExpressed[];
}

/** A stack name ARM takes (`^[-\w._()]+$`, at most 90 characters). */
function stackNameOf(plan: Plan): string {
  const vault = parseResourceId(plan.vault.id).name.replace(/[^-\w.()]/g, "-");
  return `vaultlink-${vault}`.slice(0, 90);
}

/** Orders the subscriptions so each comes after those whose resources it waits for (zones in a hub first). */
function subscriptionOrder(placed: readonly Placed[]): string[] {
  const subscriptionOf = new Map(
    placed.map((p) => [p.action.id.toLowerCase(), p.subscriptionId.toLowerCase()]),
  );
  const subscriptions = [...new Set(placed.map((p) => p.subscriptionId.toLowerCase()))];
  const after = new Map<string, Set<string>>(subscriptions.map((s) => [s, new Set<string>()]));
  for (const p of placed) {
    for (const dependency of p.action.dependsOn) {
      const other = subscriptionOf.get(dependency.toLowerCase());
      if (other !== undefined && other !== p.subscriptionId.toLowerCase())
        after.get(p.subscriptionId.toLowerCase())?.add(other);
    }
  }
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (subscription: string) => {
    if (ordered.includes(subscription)) return;
    if (visiting.has(subscription))
      throw new Error(`the subscriptions' stacks wait for each other in a cycle (${subscription})`);
    visiting.add(subscription);
    for (const dependency of after.get(subscription) ?? []) visit(dependency);
    visiting.delete(subscription);
    ordered.push(subscription);
  };
  for (const subscription of subscriptions) visit(subscription);
  return ordered;
}

/**
 * One deployment stack per subscription the plan touches, `az stack sub create`-ready: a subscription-scope
 * template (one nested deployment per resource group, as the ARM export has them) and a parameters file. One stack
 * per subscription because a stack's deny assignments only reach resources in its own scope. The stacks are
 * ordered: a zone group waits for zones another subscription's stack creates. Built from the same actions
 * `vaultlink apply` carries out (with `all`, the whole setup, Azure's existing resources included).
 */
export function deploymentStacksOf(
  plan: Plan,
  actions: readonly Action[],
  generator: string,
  scope: ExportScope,
): StacksExport {
  const { placed, notExpressed } = placeActions(actions, scope);
  const name = stackNameOf(plan);
  const stacks = subscriptionOrder(placed).map((subscription, index): StackExport => {
    const members = placed.filter((p) => p.subscriptionId.toLowerCase() === subscription);
    const subscriptionId = members[0]?.subscriptionId ?? subscription;
    return {
      order: index + 1,
      name,
      subscriptionId,
      location: plan.vault.location,
      template: {
        $schema: SUBSCRIPTION_TEMPLATE_SCHEMA,
        contentVersion: "1.0.0.0",
        metadata: {
          _generator: { name: "vaultlink", version: generator },
          description: `Azure Backup private endpoints for ${plan.vault.id}: ${scope.all ? "the whole setup the plan describes" : "what the plan creates"} in subscription ${subscriptionId}. Deploy it as a deployment stack (az stack sub create) with deny settings denyDelete.`,
          notExpressed,
        },
        parameters: templateParameters(plan),
        resources: nestedDeploymentsOf(members),
      },
      parameters: {
        $schema: PARAMETERS_FILE_SCHEMA,
        contentVersion: "1.0.0.0",
        parameters: { vaultId: { value: plan.vault.id }, tags: { value: {} } },
      },
      resourceIds: members.map((m) => m.action.id),
    };
  });
  return { stacks, notExpressed };
}
