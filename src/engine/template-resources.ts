import { fromSecurityRule } from "../azure/map-network.js";
import { parseResourceId } from "../core/arm-id.js";
import type { Write } from "./action.js";

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

/** Values the template fills in from its parameters (export-arm.ts declares them). */
export const VAULT_ID = "[parameters('vaultId')]";
export const TAGS = "[parameters('tags')]";

/** An id's subscription, resource group, full type and the names of each level (`zone`, `link`). */
export function namesOf(id: string): {
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

/** The template resource for a write, in the wire shape the adapter sends (azure/network-writes.ts and friends). */
export function templateResourceOf(write: Write): {
  id: string;
  resource: Omit<TemplateResource, "dependsOn">;
} {
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
      return {
        id,
        resource: {
          type: "Microsoft.Network/networkSecurityGroups/securityRules",
          apiVersion: TEMPLATE_API_VERSIONS.network,
          name: namesOf(id).names.join("/"),
          // The same body the adapter sends: the network SDK's models are ARM's `properties`, flattened.
          properties: { ...fromSecurityRule(rule) },
        },
      };
    }
    case "vaultPublicNetworkAccess":
      throw new Error("the vault PATCH has no template resource");
  }
}
