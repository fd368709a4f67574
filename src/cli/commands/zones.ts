import { type CloudName, cloudFor } from "../../core/clouds.js";
import { requiredZoneNamesFor } from "../../core/dns-names.js";
import { pairedRegionFor, type Region, regionFor } from "../../core/regions.js";
import { UserError } from "../../core/user-error.js";
import type { CommandContext } from "../program.js";

const WORKING_CLOUDS: readonly string[] = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"];

function label(region: Region): string {
  return region.displayName === null ? region.name : `${region.displayName} (${region.name})`;
}

/**
 * `vaultlink zones REGION`: the geo code and the three private DNS zones, because the geo code is what people
 * most often get wrong (the region name in place of the code). The paired region's backup zone is shown too,
 * since a secondary endpoint for cross-region restore needs it.
 */
export async function runZones({ options, out }: CommandContext, input: string): Promise<void> {
  const region = regionFor(input, options.cloud);
  if (!WORKING_CLOUDS.includes(region.cloud)) {
    throw new UserError(`Region ${region.name} is in ${region.cloud}, which vaultlink does not support.`, {
      hint: "vaultlink works in AzureCloud, AzureUSGovernment and AzureChinaCloud.",
    });
  }
  const cloud = cloudFor(region.cloud as CloudName);
  const zones = requiredZoneNamesFor(cloud, region.name);
  const pair = pairedRegionFor(region.name);
  const pairZone =
    pair.kind === "paired" && pair.region.backupGeoCode !== null
      ? requiredZoneNamesFor(cloud, pair.region.name).backup
      : null;

  if (options.output === "json") {
    out.json({
      region: region.name,
      displayName: region.displayName,
      cloud: cloud.name,
      backupGeoCode: region.backupGeoCode,
      zones,
      pairedRegion:
        pair.kind === "paired"
          ? { region: pair.region.name, backupGeoCode: pair.region.backupGeoCode, backupZone: pairZone }
          : null,
      pairedRegionNote: pair.kind === "paired" ? null : pair.reason,
      notes: region.notes,
    });
    return;
  }
  out.line(`${out.style("bold", label(region))} in ${cloud.name}`);
  out.line(`Backup geo code: ${out.style("bold", region.backupGeoCode ?? "")}`);
  out.line();
  out.line("Private DNS zones a backup private endpoint in this region needs:");
  out.line(`  ${zones.backup}    Azure Backup (<geo> is the code above, never the region name)`);
  out.line(`  ${zones.blob}    storage blobs (also *.blob.storage.azure.net names)`);
  out.line(`  ${zones.queue}    storage queues`);
  out.line();
  if (pair.kind === "paired") {
    out.line(
      `Paired region: ${label(pair.region)}, geo code ${pair.region.backupGeoCode ?? "unknown"}` +
        (pairZone === null ? "" : `; a secondary endpoint (cross-region restore) needs ${pairZone}`),
    );
  } else {
    out.line(`Paired region: none. ${pair.reason}`);
  }
  if (region.notes !== null) {
    out.line();
    out.line(`${out.style("yellow", "Note:")} ${region.notes}`);
  }
}
