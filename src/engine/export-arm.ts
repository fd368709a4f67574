import { createHash } from "node:crypto";
import { parseResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import type { Action, Write } from "./action.js";

/**
 * The api-versions the adapter's SDK packages send (spec/azure/README.md: @azure/arm-network 39.0.0 and
 * @azure/arm-privatedns 4.0.0), so a template deploys the same shapes `vaultlink apply` writes. Nested deployments
 * use Microsoft.Resources/deployments 2022-09-01, which has `expressionEvaluationOptions` and cross-subscription
 * targets (https://learn.microsoft.com/azure/azure-resource-manager/templates/deploy-to-resource-group#deploy-to-multiple-resource-groups).
 */
export const TEMPLATE_API_VERSIONS = {
  network: "2026-01-01",
  privateDns: "2024-06-01",
  deployments: "2022-09-01",
} as const;

export const DEPLOYMENT_TEMPLATE_SCHEMA =
  "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

/** A resource in an ARM template: what `az deployment group create` PUTs, with its dependencies. */
export interface TemplateResource {
  readonly type: string;
  readonly apiVersion: string;
  /** `parent/child` for child resources, as templates name them. */
  readonly name: string;
  readonly location?: string;
  readonly tags?: string;
  readonly dependsOn?: readonly string[];
  readonly properties?: Record<string, unknown>;
}

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

interface Placed {
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

const VAULT_ID = "[parameters('vaultId')]";
const TAGS = "[parameters('tags')]";

function groupKey(subscriptionId: string, resourceGroup: string): string {
  return `${subscriptionId}/${resourceGroup}`.toLowerCase();
}

function namesOf(id: string): {
  subscriptionId: string;
  resourceGroup: string;
  type: string;
  names: string[];
} {
  const parsed = parseResourceId(id);
  if (parsed.kind !== "resource" || parsed.resourceGroup === undefined)
    throw new Error(`${id} is not a resource in a resource group`);
  return {
    subscriptionId: parsed.subscriptionId,
    resourceGroup: parsed.resourceGroup,
    type: parsed.fullType,
    names: parsed.segments.map((s) => s.name),
  };
}

/** `[resourceId('Microsoft.Network/privateDnsZones', 'zone')]`: how a template names one of its own resources. */
function resourceIdExpression(type: string, names: readonly string[]): string {
  return `[resourceId('${type}', ${names.map((n) => `'${n}'`).join(", ")})]`;
}

/** The template resource for a write, in the wire shape the adapter sends (azure/network-writes.ts and friends). */
function templateResourceOf(write: Write): { id: string; resource: Omit<TemplateResource, "dependsOn"> } {
  switch (write.resource) {
    case "privateEndpoint": {
      const { request } = write;
      const name = parseResourceId(request.id).name;
      const connection = {
        name,
        properties: {
          privateLinkServiceId: VAULT_ID,
          groupIds: [request.groupId],
          ...(request.approval.kind === "manual" ? { requestMessage: request.approval.requestMessage } : {}),
        },
      };
      return {
        id: request.id,
        resource: {
          type: "Microsoft.Network/privateEndpoints",
          apiVersion: TEMPLATE_API_VERSIONS.network,
          name,
          location: request.location,
          tags: TAGS,
          properties: {
            subnet: { id: request.subnetId },
            [request.approval.kind === "auto"
              ? "privateLinkServiceConnections"
              : "manualPrivateLinkServiceConnections"]: [connection],
          },
        },
      };
    }
    case "privateDnsZone":
      return {
        id: write.request.id,
        resource: {
          type: "Microsoft.Network/privateDnsZones",
          apiVersion: TEMPLATE_API_VERSIONS.privateDns,
          name: parseResourceId(write.request.id).name,
          // Private DNS zones and their links are global resources (privatedns.json).
          location: "global",
          tags: TAGS,
        },
      };
    case "virtualNetworkLink":
      return {
        id: write.request.id,
        resource: {
          type: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
          apiVersion: TEMPLATE_API_VERSIONS.privateDns,
          name: namesOf(write.request.id).names.join("/"),
          location: "global",
          tags: TAGS,
          properties: {
            virtualNetwork: { id: write.request.virtualNetworkId },
            registrationEnabled: write.request.registrationEnabled,
          },
        },
      };
    case "privateDnsZoneGroup": {
      const { request } = write;
      const id = `${request.privateEndpointId}/privateDnsZoneGroups/${request.name}`;
      return {
        id,
        resource: {
          type: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
          apiVersion: TEMPLATE_API_VERSIONS.network,
          name: namesOf(id).names.join("/"),
          properties: {
            privateDnsZoneConfigs: request.zones.map((zone) => ({
              name: zone.configName,
              properties: { privateDnsZoneId: zone.privateDnsZoneId },
            })),
          },
        },
      };
    }
    case "securityRule": {
      const { rule, networkSecurityGroupId } = write.request;
      const id = `${networkSecurityGroupId}/securityRules/${rule.name}`;
      const pick = (values: readonly string[], single: string, plural: string) =>
        values.length === 1 ? { [single]: values[0] } : { [plural]: [...values] };
      return {
        id,
        resource: {
          type: "Microsoft.Network/networkSecurityGroups/securityRules",
          apiVersion: TEMPLATE_API_VERSIONS.network,
          name: namesOf(id).names.join("/"),
          properties: {
            priority: rule.priority,
            direction: rule.direction,
            access: rule.access,
            protocol: rule.protocol,
            ...(rule.description === undefined ? {} : { description: rule.description }),
            ...pick(rule.sourceAddressPrefixes, "sourceAddressPrefix", "sourceAddressPrefixes"),
            ...pick(rule.sourcePortRanges, "sourcePortRange", "sourcePortRanges"),
            ...pick(
              rule.destinationAddressPrefixes,
              "destinationAddressPrefix",
              "destinationAddressPrefixes",
            ),
            ...pick(rule.destinationPortRanges, "destinationPortRange", "destinationPortRanges"),
          },
        },
      };
    }
    case "vaultPublicNetworkAccess":
      throw new Error("the vault PATCH has no template resource");
  }
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

/**
 * An ARM deployment template for what the plan's actions create, from the same actions `vaultlink apply` carries
 * out (so a template made today deploys what apply would do today). Resources in several subscriptions and
 * resource groups are honest nested deployments, one per resource group, each with `subscriptionId` and
 * `resourceGroup`, ordered by `dependsOn` across them (an endpoint's zone group waits for the zones' deployment).
 * What a template cannot safely express is returned in `notExpressed`, never guessed. Blocked actions must have
 * been refused by the caller.
 */
export function armTemplateOf(plan: Plan, actions: readonly Action[], generator: string): ArmExport {
  if (actions.some((a) => a.kind === "blocked")) throw new Error("armTemplateOf was given blocked actions");
  const notExpressed: NotExpressed[] = [];
  const placed: Placed[] = [];
  for (const action of actions) {
    if (action.kind !== "create" && action.kind !== "update") continue;
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

  return {
    template: {
      $schema: DEPLOYMENT_TEMPLATE_SCHEMA,
      contentVersion: "1.0.0.0",
      metadata: {
        _generator: { name: "vaultlink", version: generator },
        description: `Azure Backup private endpoints for ${plan.vault.id}: what the plan creates. Deploy it to any resource group you may deploy to; each nested deployment targets its own subscription and resource group.`,
        notExpressed,
      },
      parameters: {
        vaultId: { ...PARAMETERS.vaultId, defaultValue: plan.vault.id },
        tags: { ...PARAMETERS.tags, defaultValue: {} },
      },
      resources: ordered,
    },
    notExpressed,
  };
}
