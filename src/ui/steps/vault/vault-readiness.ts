import { type AzureAdapter, allPages } from "../../../azure/adapter.js";
import { parseResourceId } from "../../../core/arm-id.js";
import { type Finding, worstSeverity } from "../../../core/findings.js";
import type { Vault } from "../../../core/inventory.js";
import { checkCustomerManagedKey } from "../../../core/rules/customer-managed-key.js";
import { checkEndpointLimits } from "../../../core/rules/endpoint-limits.js";
import { known, unknown } from "../../../core/rules/observed.js";
import { checkRegistrationHistory } from "../../../core/rules/registration-history.js";
import { checkSecondaryRegion } from "../../../core/rules/secondary-region.js";
import { checkV1Endpoints } from "../../../core/rules/v1-endpoints.js";
import { checkVaultKind } from "../../../core/rules/vault-kind.js";
import { errorText } from "../../error-text.js";

/** A vault's badge in the list: what its findings add up to. */
export type Readiness = "ready" | "check" | "blocked";

export function readinessOf(findings: readonly Finding[]): Readiness {
  const worst = worstSeverity(findings);
  return worst === "block" ? "blocked" : worst === "warn" ? "check" : "ready";
}

/** The vault's backup endpoints (AzureBackup and AzureBackup_secondary connections): they count toward the 12. */
export function backupEndpointIds(vault: Vault): string[] {
  return vault.privateEndpointConnections
    .filter((c) => c.groupIds.some((g) => g.toLowerCase().startsWith("azurebackup")))
    .map((c) => c.privateEndpointId);
}

/**
 * The prerequisite rules of src/core/rules that can be judged before anything else is chosen, over what the adapter
 * reads for one vault: its protected items, and the endpoints beside its existing backup endpoints (v1 left storage
 * endpoints there). "One more endpoint" is checked against the 12-per-vault limit with a stand-in endpoint.
 */
export async function vaultReadiness(adapter: AzureAdapter, vault: Vault): Promise<Finding[]> {
  const protectedItems = await adapter.countProtectedItems(vault.id).then(
    (count) => known(count),
    (error: unknown) => unknown<{ vaultId: string; count: number }>(errorText(error)),
  );
  const groups = new Map<string, { subscriptionId: string; resourceGroup: string }>();
  for (const id of backupEndpointIds(vault)) {
    const parsed = parseResourceId(id);
    if (parsed.kind !== "subscription" && parsed.resourceGroup !== undefined)
      groups.set(`${parsed.subscriptionId}/${parsed.resourceGroup}`.toLowerCase(), {
        subscriptionId: parsed.subscriptionId,
        resourceGroup: parsed.resourceGroup,
      });
  }
  const nearby = (
    await Promise.all([...groups.values()].map((scope) => allPages(adapter.listPrivateEndpoints(scope))))
  ).flat();
  const standIn = {
    name: "vaultlink-one-more-endpoint",
    groupId: "AzureBackup" as const,
    subnetId: `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.Network/virtualNetworks/any/subnets/any`,
  };
  const existing = nearby.filter((e) =>
    backupEndpointIds(vault).some((id) => id.toLowerCase() === e.id.toLowerCase()),
  );
  return [
    ...checkVaultKind(vault.id),
    ...checkRegistrationHistory({ vault, protectedItems, plannedGroupIds: ["AzureBackup"] }),
    ...checkV1Endpoints({ vault, endpointsNearBackupEndpoints: nearby }),
    ...checkEndpointLimits({ vault, planned: [standIn], existingEndpoints: existing }),
    ...checkCustomerManagedKey({
      vault,
      keyVaultNetwork: unknown(
        "vaultlink does not read key vaults yet; check the key vault's networking page.",
      ),
    }),
    ...checkSecondaryRegion({ vault, plannedSecondaryRegion: null, zoneGroups: "notUsed" }),
  ];
}
