import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { parseResourceId, sameResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { unknown } from "../core/rules/observed.js";
import { desiredStateOf, virtualNetworkIdOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";
import { readNetworkPaths } from "./read-network-paths.js";
import { readPolicyAssignments } from "./read-policy-assignments.js";
import { readVaultEndpoints, readVaultPrerequisites, uniqueIds } from "./read-vault-facts.js";

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

/** Without a vault there is nothing to read for the vault-level rules (the plan is blocked as vault-not-found). */
const NO_VAULT: ObservedState["prerequisites"] = {
  registeredContainers: unknown("the vault was not found"),
  keyVault: unknown("the vault was not found"),
  providerRegistrations: [],
};

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

  const [vault, virtualNetworks, privateEndpoints, zonesInGroup, networkSecurityGroups] = await Promise.all([
    unlessNotFound(adapter.getVault(plan.vault.id)),
    Promise.all(
      uniqueIds(plan.endpoints.map((e) => virtualNetworkIdOf(e.subnetId))).map((id) =>
        unlessNotFound(adapter.getVirtualNetwork(id)),
      ),
    ),
    Promise.all(desired.endpoints.map((e) => unlessNotFound(adapter.getPrivateEndpoint(e.request.id)))),
    zoneScope === undefined
      ? Promise.resolve([])
      : allPages(adapter.listPrivateDnsZones(zoneScope.subscriptionId)).then((zones) =>
          zones.filter((zone) => sameResourceId(resourceGroupIdOf(zone.id), zoneScope.id)),
        ),
    Promise.all(uniqueIds(nsgIds).map((id) => unlessNotFound(adapter.getNetworkSecurityGroup(id)))),
  ]);
  // The endpoint subnets as their VNets' reads carry them (VirtualNetworks_Get returns each subnet whole, as
  // Subnets_Get does): one read per VNet, not one more per subnet.
  const subnets = uniqueIds(plan.endpoints.map((e) => e.subnetId)).map((id) =>
    defined(virtualNetworks)
      .flatMap((vnet) => vnet.subnets)
      .find((subnet) => sameResourceId(subnet.id, id)),
  );
  const existingEndpoints = defined(privateEndpoints);
  const neededZones = zonesInGroup.filter((zone) => desired.zones.some((d) => sameResourceId(d.id, zone.id)));
  const endpointSubscriptions = plan.endpoints.map((e) => parseResourceId(e.subnetId).subscriptionId);
  const [
    protectedItems,
    vaultEndpoints,
    zoneGroups,
    links,
    privateLinkResources,
    networkPaths,
    policyAssignments,
    prerequisites,
  ] = await Promise.all([
    vault === undefined ? Promise.resolve(0) : adapter.countProtectedItems(vault.id).then((c) => c.count),
    vault === undefined
      ? Promise.resolve({ vaultEndpoints: [], endpointsNearVaultEndpoints: [] })
      : readVaultEndpoints(adapter, vault),
    Promise.all(existingEndpoints.map((e) => allPages(adapter.listPrivateDnsZoneGroups(e.id)))).then((g) =>
      g.flat(),
    ),
    Promise.all(neededZones.map((zone) => allPages(adapter.listVirtualNetworkLinks(zone.id)))).then((l) =>
      l.flat(),
    ),
    vault === undefined ? Promise.resolve([]) : allPages(adapter.listPrivateLinkResources(vault.id)),
    readNetworkPaths(adapter, plan.vault.location, defined(virtualNetworks), defined(subnets)),
    readPolicyAssignments(adapter, plan),
    vault === undefined
      ? Promise.resolve(NO_VAULT)
      : readVaultPrerequisites(adapter, vault, endpointSubscriptions),
  ]);
  return {
    vault,
    protectedItems,
    prerequisites,
    subnets: defined(subnets),
    virtualNetworks: defined(virtualNetworks),
    privateLinkResources,
    privateEndpoints: existingEndpoints,
    ...vaultEndpoints,
    zoneGroups,
    zones: zonesInGroup,
    links,
    networkSecurityGroups: defined(networkSecurityGroups),
    ...networkPaths,
    policyAssignments,
  };
}
