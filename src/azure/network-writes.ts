import type { PrivateEndpoint as ArmPrivateEndpoint } from "@azure/arm-network";
import { ResourceType } from "../core/arm-id.js";
import type {
  PrivateDnsZoneGroupRequest,
  PrivateEndpointRequest,
  SecurityRuleRequest,
} from "../core/inventory.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { longRunningWrite, type WriteOptions } from "./long-running.js";
import { fromSecurityRule } from "./map-network.js";
import { locate } from "./resource-location.js";

function endpointBody(request: PrivateEndpointRequest, connectionName: string): ArmPrivateEndpoint {
  const connection = {
    name: connectionName,
    privateLinkServiceId: request.vaultId,
    groupIds: [request.groupId],
    ...(request.approval.kind === "manual" ? { requestMessage: request.approval.requestMessage } : {}),
  };
  return {
    location: request.location,
    ...(request.tags === undefined ? {} : { tags: { ...request.tags } }),
    subnet: { id: request.subnetId },
    // An auto-approved connection needs rights on the vault; a manual one waits for the vault owner to approve it.
    ...(request.approval.kind === "auto"
      ? { privateLinkServiceConnections: [connection] }
      : { manualPrivateLinkServiceConnections: [connection] }),
  };
}

/**
 * Creates or updates a private endpoint to a vault and waits until ARM has provisioned it
 * (PrivateEndpoints_CreateOrUpdate, long-running through Azure-AsyncOperation).
 */
export function createOrUpdatePrivateEndpoint(
  clients: AzureClients,
  request: PrivateEndpointRequest,
  options: WriteOptions = {},
): Promise<void> {
  const at = locate(request.id, ResourceType.privateEndpoint);
  const name = at.names[0];
  return armCall({ verb: "create or update", kind: "private endpoint", id: request.id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs, clients.armEndpoint);
    const client = await clients.network(at.subscriptionId);
    const poller = client.privateEndpoints.createOrUpdate(
      at.resourceGroup,
      name,
      endpointBody(request, name),
      lro.requestOptions,
    );
    await lro.untilSucceeded(poller, options, client);
  });
}

/** Attaches private DNS zones to an endpoint, so ARM keeps its A records in them (PrivateDnsZoneGroups_CreateOrUpdate). */
export function createOrUpdatePrivateDnsZoneGroup(
  clients: AzureClients,
  request: PrivateDnsZoneGroupRequest,
  options: WriteOptions = {},
): Promise<void> {
  const at = locate(request.privateEndpointId, ResourceType.privateEndpoint);
  const id = `${request.privateEndpointId}/privateDnsZoneGroups/${request.name}`;
  return armCall({ verb: "create or update", kind: "private DNS zone group", id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs, clients.armEndpoint);
    const client = await clients.network(at.subscriptionId);
    const poller = client.privateDnsZoneGroups.createOrUpdate(
      at.resourceGroup,
      at.names[0],
      request.name,
      {
        privateDnsZoneConfigs: request.zones.map((z) => ({
          name: z.configName,
          privateDnsZoneId: z.privateDnsZoneId,
        })),
      },
      lro.requestOptions,
    );
    await lro.untilSucceeded(poller, options, client);
  });
}

/** Adds or replaces one rule of a network security group (SecurityRules_CreateOrUpdate, long-running). */
export function createOrUpdateSecurityRule(
  clients: AzureClients,
  request: SecurityRuleRequest,
  options: WriteOptions = {},
): Promise<void> {
  const at = locate(request.networkSecurityGroupId, ResourceType.networkSecurityGroup);
  const id = `${request.networkSecurityGroupId}/securityRules/${request.rule.name}`;
  return armCall({ verb: "create or update", kind: "security rule", id }, async () => {
    const lro = longRunningWrite(clients.pollIntervalMs, clients.armEndpoint);
    const client = await clients.network(at.subscriptionId);
    const poller = client.securityRules.createOrUpdate(
      at.resourceGroup,
      at.names[0],
      request.rule.name,
      fromSecurityRule(request.rule),
      lro.requestOptions,
    );
    await lro.untilSucceeded(poller, options, client);
  });
}
