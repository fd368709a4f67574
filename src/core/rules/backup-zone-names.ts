import type { Cloud } from "../clouds.js";
import type { Finding } from "../findings.js";
import type { PrivateDnsZone } from "../inventory.js";
import { findRegion, findRegionByGeoCode } from "../regions.js";
import { Source } from "./sources.js";

export interface BackupZoneNameFacts {
  readonly cloud: Cloud;
  /** Private DNS zones the adapter found (the plan's zone resource group, or wider). */
  readonly existingZones: readonly PrivateDnsZone[];
}

/** The `<geo>` label of `privatelink.<geo>.<backup suffix>`, or null for any other zone. */
function backupZoneLabel(zoneName: string, cloud: Cloud): string | null {
  const name = zoneName.toLowerCase().replace(/\.$/, "");
  const prefix = "privatelink.";
  const suffix = `.${cloud.dnsSuffixes.backup}`;
  if (!name.startsWith(prefix) || !name.endsWith(suffix)) return null;
  const label = name.slice(prefix.length, -suffix.length);
  return label === "" || label.includes(".") ? null : label;
}

function rightZone(cloud: Cloud, geoCode: string): string {
  return `privatelink.${geoCode}.${cloud.dnsSuffixes.backup}`;
}

function checkZone(zone: PrivateDnsZone, cloud: Cloud): Finding[] {
  const label = backupZoneLabel(zone.name, cloud);
  if (label === null || findRegionByGeoCode(label, cloud.name) !== undefined) return [];
  const region = findRegion(label, cloud.name);
  if (region !== undefined) {
    const right =
      region.backupGeoCode === null
        ? `no geo code is known for ${region.name}; take the zone from the vault's requiredZoneNames`
        : `the zone for ${region.name} is ${rightZone(cloud, region.backupGeoCode)}`;
    return [
      {
        severity: "warn",
        code: "backup-zone-named-with-region",
        message: `Private DNS zone ${zone.name} is named with the region name "${label}"; Azure Backup's names use the region's geo code, so nothing ever resolves in this zone: ${right}.`,
        fix: `Use ${region.backupGeoCode === null ? "the zone the vault's privateLinkResources name" : rightZone(cloud, region.backupGeoCode)} (vaultlink creates or reuses it) and delete ${zone.name} once nothing links to it.`,
        source: Source.backupZoneNames,
        subject: zone.id,
      },
    ];
  }
  // The 2021 region-code list has "r"-suffixed codes (eusr, ner, …) that are not a vault's zone.
  const unsuffixed = label.endsWith("r") ? findRegionByGeoCode(label.slice(0, -1), cloud.name) : undefined;
  const hint =
    unsuffixed?.backupGeoCode == null
      ? "Check the vault's privateLinkResources (requiredZoneNames) for the zone it needs."
      : `"${label}" looks like the 2021 list's code for ${unsuffixed.name}; its vault zone is ${rightZone(cloud, unsuffixed.backupGeoCode)}.`;
  return [
    {
      severity: "warn",
      code: "backup-zone-unknown-geo-code",
      message: `Private DNS zone ${zone.name} uses "${label}", which is not the Azure Backup geo code of any region vaultlink knows in ${cloud.displayName}. ${hint}`,
      fix: "Use the zone named by the vault's requiredZoneNames (privatelink.<geo>.backup…) and delete this one once nothing links to it.",
      source: Source.backupZoneNames,
      subject: zone.id,
    },
  ];
}

/** Existing backup zones named with a region name or a wrong code: the most common DNS mistake in this field. */
export function checkBackupZoneNames(facts: BackupZoneNameFacts): Finding[] {
  return facts.existingZones.flatMap((zone) => checkZone(zone, facts.cloud));
}
