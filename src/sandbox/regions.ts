import regionData from "../core/data/regions.json" with { type: "json" };

/**
 * Backup geo codes and paired regions from src/core/data/regions.json (sources named there). Sandbox-local
 * reader until src/core/regions.ts exists; region names compare case- and space-insensitively as ARM's
 * `location` values do ("West Europe" = "westeurope").
 */
interface RegionRow {
  readonly name: string;
  readonly backupGeoCode: string | null;
  readonly pairedRegion: string | null;
}

const byName = new Map<string, RegionRow>(
  (regionData.regions as readonly RegionRow[]).map((r) => [r.name.toLowerCase(), r]),
);

function row(region: string): RegionRow | undefined {
  return byName.get(region.toLowerCase().replaceAll(" ", ""));
}

export function backupGeoCodeFor(region: string): string | undefined {
  return row(region)?.backupGeoCode ?? undefined;
}

export function pairedRegionOf(region: string): string | undefined {
  return row(region)?.pairedRegion ?? undefined;
}
