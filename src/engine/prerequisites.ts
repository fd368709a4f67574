import { sameResourceId } from "../core/arm-id.js";
import { cloudFor } from "../core/clouds.js";
import type { Finding } from "../core/findings.js";
import { checkEntraIdOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { checkPolicyCoverage } from "../core/rules/backup-dns-policy.js";
import { checkBackupZoneNames } from "../core/rules/backup-zone-names.js";
import { checkEndpointNetworkPaths } from "../core/rules/endpoint-network-paths.js";
import { checkEndpointPlacement } from "../core/rules/endpoint-placement.js";
import { checkEndpointSubnet } from "../core/rules/endpoint-subnet.js";
import { known } from "../core/rules/observed.js";
import { providerReregistrationNote } from "../core/rules/provider-registration.js";
import { checkSharedZoneRecords } from "../core/rules/shared-zone-records.js";
import { checkVaultKind } from "../core/rules/vault-kind.js";
import { checkWorkloadVnetLinks } from "../core/rules/workload-vnet-links.js";
import { backupServerDataSources, checkWorkloads } from "../core/rules/workloads.js";
import { desiredStateOf, virtualNetworkIdOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";
import { workloadSubnetsOf } from "./read-network-paths.js";
import { uniqueIds } from "./read-vault-facts.js";
import { vaultEligibility, vaultNotFound } from "./vault-eligibility.js";

function zoneGroupManagement(plan: Plan): "create" | "policyManaged" | "notUsed" {
  switch (plan.dns.strategy) {
    case "privateZones":
      return plan.dns.zoneGroups;
    case "conditionalForwarder":
      return plan.dns.zoneResourceGroupId === undefined ? "notUsed" : "create";
    case "customDns":
    case "hostsFile":
      return "notUsed";
  }
}

/**
 * Every prerequisite rule of src/core/rules over what the engine observed for a plan: the same findings the
 * wizard, the dry run and `--output json` show. Endpoints that already exist are not counted again as new. The
 * vault-level part is vaultEligibility (vault-eligibility.ts), which `vaultlink check` and the wizard use too.
 */
export function prerequisiteFindings(plan: Plan, observed: ObservedState): Finding[] {
  const vault = observed.vault;
  if (vault === undefined)
    return [...checkVaultKind(plan.vault.id), vaultNotFound(plan.vault.id, "in the plan")];
  const desired = desiredStateOf(plan);
  const toCreate = desired.endpoints.filter(
    (endpoint) => !observed.privateEndpoints.some((e) => sameResourceId(e.id, endpoint.request.id)),
  );
  const endpointSubnets = observed.subnets.filter((subnet) =>
    toCreate.some((e) => sameResourceId(e.plan.subnetId, subnet.id)),
  );
  const subnetFindings = endpointSubnets.flatMap((subnet) => {
    const plannedEndpoints = toCreate.filter((e) => sameResourceId(e.plan.subnetId, subnet.id)).length;
    // The NSG's inbound rules are evaluated below (checkEndpointNetworkPaths), not advised about.
    return checkEndpointSubnet({
      subnet,
      plannedEndpoints,
      backupServerDataSources: backupServerDataSources(plan.workloads),
    }).filter((f) => f.code !== "endpoint-network-policies-on");
  });
  const networkPaths = checkEndpointNetworkPaths({
    endpointSubnets,
    workloadSubnets: workloadSubnetsOf(
      observed.workloadVirtualNetworks,
      observed.subnets.map((s) => s.id),
    ),
    securityGroups: observed.endpointSecurityGroups,
    routeTables: observed.routeTables,
    endpointAddressSpaces: new Map(observed.virtualNetworks.map((v) => [v.id.toLowerCase(), v.addressSpace])),
  });
  const secondary = plan.endpoints.find((e) => e.groupId === "AzureBackup_secondary");
  return [
    ...vaultEligibility(
      {
        vault,
        protectedItems: known({ vaultId: vault.id, count: observed.protectedItems }),
        vaultEndpoints: observed.vaultEndpoints,
        endpointsNearVaultEndpoints: observed.endpointsNearVaultEndpoints,
        ...observed.prerequisites,
      },
      {
        plannedEndpoints: plan.endpoints,
        endpointsToCreate: toCreate.map((e) => e.plan),
        plannedSecondaryRegion: secondary === undefined ? null : secondary.location,
        zoneGroups: zoneGroupManagement(plan),
        publicNetworkAccess: plan.guidance.publicNetworkAccess,
      },
    ).findings,
    ...checkEndpointPlacement({
      cloud: cloudFor(plan.cloud),
      vault,
      plannedVaultLocation: plan.vault.location,
      endpoints: desired.endpoints.map((e) => ({
        name: e.plan.name,
        id: e.request.id,
        groupId: e.plan.groupId,
        location: e.plan.location,
        virtualNetworkId: virtualNetworkIdOf(e.plan.subnetId),
        zoneNames: e.zoneNames,
      })),
      virtualNetworks: observed.virtualNetworks,
      privateLinkResources: observed.privateLinkResources,
      existingEndpoints: observed.privateEndpoints,
      writesZones: desired.zones.length > 0,
    }),
    ...subnetFindings,
    ...networkPaths,
    ...checkPolicyCoverage({
      endpoints: desired.endpoints.map((e) => ({
        name: e.plan.name,
        id: e.request.id,
        groupId: e.plan.groupId,
        zoneNames: e.zoneNames,
      })),
      assignments: observed.policyAssignments,
      zoneGroups: zoneGroupManagement(plan),
      zoneResourceGroupId: desired.zoneResourceGroupId,
      vaultLocation: plan.vault.location,
    }),
    ...checkWorkloadVnetLinks({
      endpointVirtualNetworks: observed.virtualNetworks,
      workloadVirtualNetworks: observed.workloadVirtualNetworks,
      linkedVirtualNetworkIds: uniqueIds(desired.links.map((l) => l.virtualNetworkId)),
    }),
    ...checkSharedZoneRecords(plan),
    ...checkBackupZoneNames({ cloud: cloudFor(plan.cloud), existingZones: observed.zones }),
    ...observed.networkSecurityGroups.flatMap(checkEntraIdOutbound),
    ...checkWorkloads(plan.workloads ?? []),
    // Once per plan: ARM cannot say when any subscription registered the provider.
    providerReregistrationNote(),
  ];
}
