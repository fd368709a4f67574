import { backupEndpointsOf } from "../backup-connections.js";
import type { Finding } from "../findings.js";
import type { Vault } from "../inventory.js";
import { findRegion, pairedRegionFor, type Region } from "../regions.js";
import { Source } from "./sources.js";

/**
 * How the plan's private DNS zone groups come about: vaultlink creates them, the organisation's Azure Policy
 * does (Azure Landing Zones), or the DNS strategy uses no private DNS zones.
 */
export type ZoneGroupManagement = "create" | "policyManaged" | "notUsed";

export interface SecondaryRegionFacts {
  readonly vault: Vault;
  /** The region of the planned AzureBackup_secondary endpoint(s), or null when none is planned. */
  readonly plannedSecondaryRegion: string | null;
  readonly zoneGroups: ZoneGroupManagement;
}

/** Where a secondary endpoint would go: the vault region's pair, or why there is none to propose. */
export type SecondaryRegionProposal =
  | {
      readonly kind: "paired";
      readonly region: Region;
      /** false for one-way pairs (e.g. brazilsouth -> southcentralus). */
      readonly reciprocal: boolean;
    }
  | { readonly kind: "none"; readonly reason: string };

/** Cross-region restore restores into the paired region, so that is where the secondary endpoint belongs. */
export function proposeSecondaryRegion(vaultLocation: string): SecondaryRegionProposal {
  if (findRegion(vaultLocation) === undefined) {
    return {
      kind: "none",
      reason: `${vaultLocation} is not in vaultlink's region table, so its pair is not known.`,
    };
  }
  const pair = pairedRegionFor(vaultLocation);
  if (pair.kind === "paired") return { kind: "paired", region: pair.region, reciprocal: pair.reciprocal };
  return { kind: "none", reason: pair.reason };
}

const ENABLE_CRR =
  "Turning cross-region restore on cannot be undone (az CLI refuses to turn it off again) and needs geo-redundant storage. vaultlink never turns it on for you; to do it yourself: " +
  "`az backup vault backup-properties set --name <vault> --resource-group <group> --cross-region-restore-flag true`.";

function geoCodeText(region: Region): string {
  return region.backupGeoCode === null
    ? "no known backup geo code (read the zone from the endpoint's customDnsConfigs once it exists)"
    : `geo code ${region.backupGeoCode}, zone privatelink.${region.backupGeoCode}.backup…`;
}

function whenNothingPlanned(vault: Vault): Finding[] {
  if (!vault.crossRegionRestore) return [];
  // A secondary endpoint the vault has already (applied earlier, or made in the portal) is the one it needs.
  if (backupEndpointsOf(vault).some((e) => e.groupId === "AzureBackup_secondary")) return [];
  const proposal = proposeSecondaryRegion(vault.location);
  const where =
    proposal.kind === "paired"
      ? `in a VNet of ${proposal.region.name} (the pair of ${vault.location}; ${geoCodeText(proposal.region)})`
      : `in a VNet of the secondary region (${proposal.reason})`;
  return [
    {
      severity: "info",
      code: "secondary-endpoint-missing",
      message: `${vault.name} has cross-region restore on, but no secondary endpoint is planned: restores in the secondary region over private networking need an AzureBackup_secondary endpoint ${where}.`,
      fix: "Add a secondary endpoint to the plan (it counts toward the 12 per vault). It can be added before or after items are protected.",
      source: Source.crossRegionRestore,
      subject: vault.id,
    },
  ];
}

function redundancy(vault: Vault): Finding[] {
  if (vault.redundancy === "GRS") return [];
  if (vault.redundancy === undefined) {
    return [
      {
        severity: "warn",
        code: "secondary-redundancy-unknown",
        message: `${vault.name} does not report its backup storage redundancy; a secondary endpoint is useful only with geo-redundant storage and cross-region restore.`,
        fix: "Check the vault's Properties > Backup configuration: storage replication must be Geo-redundant.",
        source: Source.crossRegionRestore,
        subject: vault.id,
      },
    ];
  }
  return [
    {
      severity: "block",
      code: "secondary-needs-grs",
      message: `${vault.name} stores backups ${vault.redundancy}; cross-region restore, and so a secondary endpoint, needs geo-redundant storage (GRS).`,
      fix: "Set the vault's storage replication to Geo-redundant (possible only while the vault protects no items), then decide on cross-region restore; or drop the secondary endpoint from the plan.",
      source: Source.crossRegionRestore,
      subject: vault.id,
    },
  ];
}

/**
 * A secondary endpoint exists for cross-region restore ("Cross region restore to a private endpoint enabled vault",
 * v2 how-to; the AzureBackup_secondary sub-resource targets the vault's paired region for cross-region restore),
 * and Azure Backup refuses to create one on a vault without it. A dry run that only warned here was followed by an
 * apply that failed half-way, so this blocks: the fix comes first, before any write.
 */
function crossRegionRestoreOff(vault: Vault): Finding[] {
  if (vault.crossRegionRestore) return [];
  return [
    {
      severity: "block",
      code: "cross-region-restore-off",
      message: `${vault.name} has cross-region restore off: Azure Backup refuses an AzureBackup_secondary endpoint on a vault without it (the secondary endpoint exists only for cross-region restore).`,
      fix: `Turn cross-region restore on first, then plan the secondary endpoint; or drop the secondary endpoint from the plan. ${ENABLE_CRR}`,
      source: Source.crossRegionRestoreEndpoint,
      subject: vault.id,
    },
  ];
}

function regionChoice(vault: Vault, planned: string): Finding[] {
  const proposal = proposeSecondaryRegion(vault.location);
  if (proposal.kind === "none") {
    return [
      {
        severity: "warn",
        code: "secondary-region-pair-unknown",
        message: `The secondary endpoint is planned in ${planned}, but vaultlink cannot confirm it is the region cross-region restore uses for ${vault.location}: ${proposal.reason}`,
        fix: "Check the vault's secondary region (Backup items > Secondary region in the portal) and plan the secondary endpoint there.",
        source: Source.regionPairs,
        subject: vault.id,
      },
    ];
  }
  if (proposal.region.name === planned.replace(/\s+/g, "").toLowerCase()) return [];
  return [
    {
      severity: "warn",
      code: "secondary-region-not-paired",
      message: `The secondary endpoint is planned in ${planned}, but cross-region restore restores ${vault.location} into its paired region, ${proposal.region.name}.`,
      fix: `Plan the AzureBackup_secondary endpoint in a VNet of ${proposal.region.name} (${geoCodeText(proposal.region)}).`,
      source: `${Source.crossRegionRestore}; ${Source.regionPairs}`,
      subject: vault.id,
    },
  ];
}

function secondaryGeoCode(vault: Vault, planned: string): Finding[] {
  const region = findRegion(planned);
  if (region === undefined || region.backupGeoCode !== null) return [];
  return [
    {
      severity: "warn",
      code: "secondary-geo-code-unknown",
      message: `No backup geo code is known for ${region.name}, so vaultlink cannot name the secondary endpoint's zone in advance.`,
      fix: "Once the endpoint exists, take the zone from its customDnsConfigs (privatelink.<geo>.backup…) rather than assuming it.",
      source: Source.backupZoneNames,
      subject: vault.id,
    },
  ];
}

function policyManagedZoneGroups(vault: Vault, zoneGroups: ZoneGroupManagement): Finding[] {
  if (zoneGroups !== "policyManaged") return [];
  return [
    {
      severity: "info",
      code: "secondary-zone-group-not-policy-managed",
      message:
        "The plan leaves zone groups to Azure Policy, but the built-in policy \"Configure Recovery Services vaults to use private DNS zones for backup\" (and the Azure Landing Zones Deploy-Private-DNS-Zones initiative that assigns it) matches group id AzureBackup only, not AzureBackup_secondary: vaultlink adds the secondary endpoint's zone group itself, in the secondary region's privatelink.<geo>.backup zone.",
      fix: "Nothing to do: `vaultlink apply PLAN` creates it with the endpoint, and the policy keeps the primary endpoints' zone groups.",
      source: `${Source.backupDnsPolicy}; ${Source.landingZonePolicy}`,
      subject: vault.id,
    },
  ];
}

/**
 * The secondary region for cross-region restore: the endpoint (group id AzureBackup_secondary) goes in a VNet of
 * the paired region, needs GRS and cross-region restore on, and counts toward the 12 (counted in
 * endpoint-limits). vaultlink never turns cross-region restore on: it is irreversible.
 */
/**
 * The codes of findings about the planned secondary endpoint itself: when one blocks, it blocks that endpoint (and
 * what waits for it), not the vault's primary endpoints, although its subject is the vault.
 */
export const SECONDARY_ENDPOINT_CODES: ReadonlySet<string> = new Set([
  "secondary-redundancy-unknown",
  "secondary-needs-grs",
  "cross-region-restore-off",
  "secondary-region-pair-unknown",
  "secondary-region-not-paired",
  "secondary-geo-code-unknown",
  "secondary-zone-group-not-policy-managed",
]);

export function checkSecondaryRegion(facts: SecondaryRegionFacts): Finding[] {
  const { vault, plannedSecondaryRegion: planned } = facts;
  if (planned === null) return whenNothingPlanned(vault);
  return [
    ...redundancy(vault),
    ...crossRegionRestoreOff(vault),
    ...regionChoice(vault, planned),
    ...secondaryGeoCode(vault, planned),
    ...policyManagedZoneGroups(vault, facts.zoneGroups),
  ];
}
