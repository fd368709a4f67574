import { sameResourceId } from "../core/arm-id.js";
import { cloudFor } from "../core/clouds.js";
import type { Finding } from "../core/findings.js";
import { checkEntraIdOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { checkBackupZoneNames } from "../core/rules/backup-zone-names.js";
import { checkCustomerManagedKey } from "../core/rules/customer-managed-key.js";
import { checkEndpointLimits } from "../core/rules/endpoint-limits.js";
import { checkEndpointSubnet } from "../core/rules/endpoint-subnet.js";
import { known, unknown } from "../core/rules/observed.js";
import { checkProviderRegistration } from "../core/rules/provider-registration.js";
import { checkPublicNetworkAccess } from "../core/rules/public-network-access.js";
import { checkRegistrationHistory } from "../core/rules/registration-history.js";
import { checkSecondaryRegion } from "../core/rules/secondary-region.js";
import { checkV1Endpoints } from "../core/rules/v1-endpoints.js";
import { checkVaultKind } from "../core/rules/vault-kind.js";
import { desiredStateOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";

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
 * wizard, the dry run and `--output json` show. Endpoints that already exist are not counted again as new.
 */
export function prerequisiteFindings(plan: Plan, observed: ObservedState): Finding[] {
  const kind = checkVaultKind(plan.vault.id);
  const vault = observed.vault;
  if (vault === undefined) {
    return [
      ...kind,
      {
        severity: "block",
        code: "vault-not-found",
        message: `Vault ${plan.vault.id} was not found (or the signed-in identity cannot read it).`,
        fix: "Check the vault id in the plan and the subscription you are signed in to.",
        source: "ARM: Vaults_Get answered 404",
        subject: plan.vault.id,
      },
    ];
  }
  const desired = desiredStateOf(plan);
  const toCreate = desired.endpoints.filter(
    (endpoint) => !observed.privateEndpoints.some((e) => sameResourceId(e.id, endpoint.request.id)),
  );
  const subnetFindings = observed.subnets.flatMap((subnet) => {
    const plannedEndpoints = toCreate.filter((e) => sameResourceId(e.plan.subnetId, subnet.id)).length;
    return plannedEndpoints === 0
      ? []
      : checkEndpointSubnet({ subnet, plannedEndpoints, backupServerDataSources: 0 });
  });
  const secondary = plan.endpoints.find((e) => e.groupId === "AzureBackup_secondary");
  return [
    ...kind,
    ...checkRegistrationHistory({
      vault,
      protectedItems: known({ vaultId: vault.id, count: observed.protectedItems }),
      plannedGroupIds: toCreate.map((e) => e.plan.groupId),
    }),
    ...checkV1Endpoints({ vault, endpointsNearBackupEndpoints: observed.endpointsNearVaultEndpoints }),
    ...checkEndpointLimits({ vault, planned: plan.endpoints, existingEndpoints: observed.vaultEndpoints }),
    ...(vault.encryption.kind === "customerManaged"
      ? checkCustomerManagedKey({
          vault,
          keyVaultNetwork: unknown(
            "vaultlink does not read key vaults yet; check the key vault's networking page.",
          ),
        })
      : []),
    ...checkProviderRegistration({
      subscriptionId: vault.subscriptionId,
      registeredOn: unknown("ARM reports whether a provider is registered, not since when."),
    }),
    ...subnetFindings,
    ...checkSecondaryRegion({
      vault,
      plannedSecondaryRegion: secondary === undefined ? null : secondary.location,
      zoneGroups: zoneGroupManagement(plan),
    }),
    ...checkPublicNetworkAccess({
      vault,
      endpointsAfterPlan: observed.vaultEndpoints.length + toCreate.length,
      choice: plan.guidance.publicNetworkAccess,
    }),
    ...checkBackupZoneNames({ cloud: cloudFor(plan.cloud), existingZones: observed.zones }),
    ...observed.networkSecurityGroups.flatMap(checkEntraIdOutbound),
  ];
}
