import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { parseResourceId, sameResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";

/** `/subscriptions/s/resourceGroups/g` of a resource id. */
function resourceGroupIdOf(id: string): string {
  const parsed = parseResourceId(id);
  return parsed.kind === "subscription"
    ? parsed.id
    : `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup ?? ""}`;
}

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

function unique(ids: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (!seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

/**
 * Reads what a plan touches or depends on, with independent reads in parallel. Read-only: a dry run calls this and
 * nothing else, so it cannot write.
 */
export async function readObservedState(adapter: AzureAdapter, plan: Plan): Promise<ObservedState> {
  const desired = desiredStateOf(plan);
  const zoneScope =
    desired.zoneResourceGroupId === undefined ? undefined : parseResourceId(desired.zoneResourceGroupId);
  const nsgIds =
    plan.guidance.entraIdOutbound.mode === "add" ? plan.guidance.entraIdOutbound.networkSecurityGroupIds : [];

  const [vault, subnets, privateEndpoints, zonesInGroup, networkSecurityGroups] = await Promise.all([
    unlessNotFound(adapter.getVault(plan.vault.id)),
    Promise.all(
      unique(plan.endpoints.map((e) => e.subnetId)).map((id) => unlessNotFound(adapter.getSubnet(id))),
    ),
    Promise.all(desired.endpoints.map((e) => unlessNotFound(adapter.getPrivateEndpoint(e.request.id)))),
    zoneScope === undefined
      ? Promise.resolve([])
      : allPages(adapter.listPrivateDnsZones(zoneScope.subscriptionId)).then((zones) =>
          zones.filter((zone) => sameResourceId(resourceGroupIdOf(zone.id), zoneScope.id)),
        ),
    Promise.all(unique(nsgIds).map((id) => unlessNotFound(adapter.getNetworkSecurityGroup(id)))),
  ]);
  const existingEndpoints = defined(privateEndpoints);
  const neededZones = zonesInGroup.filter((zone) => desired.zones.some((d) => sameResourceId(d.id, zone.id)));
  const connectedEndpointIds = unique(
    vault?.privateEndpointConnections.map((c) => c.privateEndpointId) ?? [],
  );
  const [protectedItems, vaultEndpoints, endpointsNearVaultEndpoints, zoneGroups, links] = await Promise.all([
    vault === undefined ? Promise.resolve(0) : adapter.countProtectedItems(vault.id).then((c) => c.count),
    Promise.all(connectedEndpointIds.map((id) => unlessNotFound(adapter.getPrivateEndpoint(id)))).then(
      defined,
    ),
    Promise.all(
      unique(connectedEndpointIds.map(resourceGroupIdOf)).map((groupId) => {
        const group = parseResourceId(groupId);
        return group.kind === "resourceGroup"
          ? allPages(
              adapter.listPrivateEndpoints({
                subscriptionId: group.subscriptionId,
                resourceGroup: group.resourceGroup,
              }),
            )
          : Promise.resolve([]);
      }),
    ).then((lists) => lists.flat()),
    Promise.all(existingEndpoints.map((e) => allPages(adapter.listPrivateDnsZoneGroups(e.id)))).then((g) =>
      g.flat(),
    ),
    Promise.all(neededZones.map((zone) => allPages(adapter.listVirtualNetworkLinks(zone.id)))).then((l) =>
      l.flat(),
    ),
  ]);
  return {
    vault,
    protectedItems,
    subnets: defined(subnets),
    privateEndpoints: existingEndpoints,
    vaultEndpoints,
    endpointsNearVaultEndpoints,
    zoneGroups,
    zones: zonesInGroup,
    links,
    networkSecurityGroups: defined(networkSecurityGroups),
  };
}
