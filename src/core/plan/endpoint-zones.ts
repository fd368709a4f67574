import { cloudFor } from "../clouds.js";
import { type RequiredZoneNames, requiredZoneNamesFor } from "../dns-names.js";
import { pairedRegionFor } from "../regions.js";
import type { BackupGroupId, Plan } from "./plan-schema.js";

/**
 * Which region's geo code an endpoint's names carry follows from what the endpoint is, never from where its NIC
 * sits: an AzureBackup endpoint serves the vault in the vault's region, an AzureBackup_secondary endpoint serves
 * cross-region restore in the vault's secondary (paired) region. So a secondary endpoint in a VNet of another
 * region still has its names in `privatelink.<pair's geo>.backup…` (v2 how-to, "Cross region restore to a private
 * endpoint enabled vault": the secondary sub-resource targets the paired region; the vault's privateLinkResources
 * list that zone in requiredZoneNames).
 */

/** The region whose geo code names the backup zone of an endpoint of this group. */
export function namingRegionOf(
  plan: Pick<Plan, "vault" | "secondaryRegion">,
  groupId: BackupGroupId,
): string {
  if (groupId === "AzureBackup") return plan.vault.location;
  const pair = pairedRegionFor(plan.vault.location);
  // A region no pair table covers: the region the plan names as secondary is the only statement there is (the
  // secondary-region rule warns that vaultlink cannot confirm it, and the vault's requiredZoneNames still decide).
  return pair.kind === "paired" ? pair.region.name : (plan.secondaryRegion ?? plan.vault.location);
}

/** The three zones the names of an endpoint of this group live in. */
export function zoneNamesOf(
  plan: Pick<Plan, "cloud" | "vault" | "secondaryRegion">,
  groupId: BackupGroupId,
): RequiredZoneNames {
  return requiredZoneNamesFor(cloudFor(plan.cloud), namingRegionOf(plan, groupId));
}
