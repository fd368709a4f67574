import { distance } from "fastest-levenshtein";
import { CLOUD_NAMES } from "./clouds.js";
import data from "./data/regions.json" with { type: "json" };
import { UserError } from "./user-error.js";

/**
 * The cloud labels regions.json uses: the three clouds vaultlink works in, plus labels for regions some
 * source lists outside them (USNat and USSec are the data's own labels; AzureGermanCloud is retired).
 */
export const REGION_CLOUDS = [...CLOUD_NAMES, "USNat", "USSec", "AzureGermanCloud"] as const;
export type RegionCloud = (typeof REGION_CLOUDS)[number];

/** ARM writes locations as `westeurope`; some inputs say `West Europe`: one region either way. */
export function sameRegion(a: string, b: string): boolean {
  return a.replace(/\s+/g, "").toLowerCase() === b.replace(/\s+/g, "").toLowerCase();
}

/** One Azure region as src/core/data/regions.json records it (see data/README.md for the sources). */
export interface Region {
  /** ARM location name, e.g. `eastus`. */
  readonly name: string;
  /** null when no source gives a properly cased name. */
  readonly displayName: string | null;
  readonly cloud: RegionCloud;
  /** The `<geo>` of `privatelink.<geo>.backup.<suffix>`; null when no source states one. */
  readonly backupGeoCode: string | null;
  readonly pairedRegion: string | null;
  /** Ids of the sources (regions.json `sources`) that state the geo code. */
  readonly geoCodeSources: readonly string[];
  /** Ids of the region-pair tables that cover this region; empty when none does. */
  readonly pairSources: readonly string[];
  /** Caveats worth showing a user, e.g. the spc/esc conflict for spaincentral. */
  readonly notes: string | null;
}

/**
 * Every region in the data, in the data's order (by cloud, then name). The data ships with vaultlink and never
 * changes at run time, so its shape is checked by a test (test/core/regions.test.ts), not at every start.
 */
export const ALL_REGIONS: readonly Region[] = data.regions as readonly Region[];

/** The day the region data was gathered, so a user can judge how current a geo code is. */
export const REGION_DATA_GENERATED: string = data.generated;

const regionsByName = new Map(ALL_REGIONS.map((region) => [region.name, region]));

/** `East US`, `EASTUS` and ` east us ` all name `eastus`: ARM names are display names without spaces. */
function normaliseRegionInput(input: string): string {
  return input.replace(/\s+/g, "").toLowerCase();
}

/** The region an ARM name or display name refers to, optionally only within one cloud. */
export function findRegion(input: string, cloud?: RegionCloud): Region | undefined {
  const region = regionsByName.get(normaliseRegionInput(input));
  return cloud === undefined || region?.cloud === cloud ? region : undefined;
}

export function regionsInCloud(cloud: RegionCloud): readonly Region[] {
  return ALL_REGIONS.filter((region) => region.cloud === cloud);
}

/** The region whose backup geo code this is, within one cloud (codes are unique per cloud). */
export function findRegionByGeoCode(geoCode: string, cloud: RegionCloud): Region | undefined {
  const wanted = geoCode.toLowerCase();
  return ALL_REGIONS.find((region) => region.cloud === cloud && region.backupGeoCode === wanted);
}

/**
 * Regions whose name is close to a mistyped one, best first: names containing the input (`uk` finds uksouth
 * and ukwest), then names within a small edit distance (`eastsu` finds eastus).
 */
export function closeRegionMatches(input: string, limit = 5, cloud?: RegionCloud): Region[] {
  const wanted = normaliseRegionInput(input);
  if (wanted === "") return [];
  const maxDistance = Math.max(2, Math.floor(wanted.length / 3));
  return ALL_REGIONS.filter((region) => cloud === undefined || region.cloud === cloud)
    .map((region) => ({
      region,
      contains: region.name.includes(wanted),
      distance: distance(wanted, region.name),
    }))
    .filter((candidate) => candidate.contains || candidate.distance <= maxDistance)
    .sort(
      (a, b) =>
        Number(b.contains) - Number(a.contains) ||
        a.distance - b.distance ||
        a.region.name.localeCompare(b.region.name),
    )
    .slice(0, limit)
    .map((candidate) => candidate.region);
}

function describe(region: Region): string {
  return region.displayName === null ? region.name : `${region.name} (${region.displayName})`;
}

/** Like findRegion, but an unknown region is a UserError that suggests close matches. */
export function regionFor(input: string, cloud?: RegionCloud): Region {
  const region = findRegion(input);
  if (region === undefined) {
    const matches = closeRegionMatches(input, 5, cloud);
    throw new UserError(`Unknown Azure region "${input}".`, {
      hint:
        matches.length > 0
          ? `Did you mean ${matches.map(describe).join(", ")}?`
          : "Use the region's ARM name, e.g. eastus or westeurope (`az account list-locations -o table` lists them).",
    });
  }
  if (cloud !== undefined && region.cloud !== cloud) {
    const examples = regionsInCloud(cloud)
      .slice(0, 5)
      .map((r) => r.name);
    throw new UserError(`Region "${region.name}" is in ${region.cloud}, not in ${cloud}.`, {
      hint: `Pick a region of ${cloud} (${examples.join(", ")}, …) or switch the cloud to ${region.cloud}.`,
    });
  }
  return region;
}

/**
 * The backup geo code of a region. Fails for an unknown region and for a region with no known code: it never
 * falls back to the region name, because `privatelink.uksouth.backup…` is the most common wrong zone in this
 * field and it never resolves.
 */
export function geoCodeFor(region: string, cloud?: RegionCloud): string {
  const found = regionFor(region, cloud);
  if (found.backupGeoCode === null) {
    throw new UserError(`Region ${describe(found)} has no known Azure Backup geo code.`, {
      hint: [
        found.notes,
        "vaultlink will not guess one. The vault's private link resources (group AzureBackup) list the exact zone in requiredZoneNames.",
      ]
        .filter((part) => part !== null)
        .join(" "),
    });
  }
  return found.backupGeoCode;
}

/**
 * A region's pair, or why there is none: `unpaired` when a pair table says the region has no pair, `unknown`
 * when no pair table read covers it. `reciprocal` is false for the one-way pairs (e.g. brazilsouth ->
 * southcentralus, whose own pair is northcentralus).
 */
export type PairedRegion =
  | { readonly kind: "paired"; readonly region: Region; readonly reciprocal: boolean }
  | { readonly kind: "unpaired"; readonly reason: string }
  | { readonly kind: "unknown"; readonly reason: string };

export function pairedRegionFor(region: string): PairedRegion {
  const found = regionFor(region);
  if (found.pairedRegion !== null) {
    const pair = regionsByName.get(found.pairedRegion);
    if (pair === undefined) {
      throw new Error(
        `regions.json: ${found.name} is paired with ${found.pairedRegion}, which is not in the table`,
      );
    }
    return { kind: "paired", region: pair, reciprocal: pair.pairedRegion === found.name };
  }
  if (found.pairSources.length > 0) {
    return {
      kind: "unpaired",
      reason: `${describe(found)} has no paired region according to ${found.pairSources.join(", ")}.`,
    };
  }
  return {
    kind: "unknown",
    reason: `No region-pair table read covers ${describe(found)}; its pair, if any, is not known.`,
  };
}
