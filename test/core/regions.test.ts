import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ALL_REGIONS,
  closeRegionMatches,
  findRegion,
  findRegionByGeoCode,
  geoCodeFor,
  pairedRegionFor,
  REGION_CLOUDS,
  REGION_DATA_GENERATED,
  regionFor,
  regionsInCloud,
} from "../../src/core/regions.js";
import { UserError } from "../../src/core/user-error.js";

function userErrorFrom(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError, but nothing was thrown");
}

const regionNames = new Set(ALL_REGIONS.map((region) => region.name));

/** The shape src/core/data/regions.json must have: the code reads it as typed data without checking it. */
const lowerLabel = z.string().regex(/^[a-z0-9]+$/);
const regionTable = z.array(
  z.strictObject({
    name: lowerLabel,
    displayName: z.string().min(1).nullable(),
    cloud: z.enum(REGION_CLOUDS),
    backupGeoCode: lowerLabel.nullable(),
    pairedRegion: lowerLabel.nullable(),
    geoCodeSources: z.array(z.string()),
    pairSources: z.array(z.string()),
    notes: z.string().min(1).nullable(),
  }),
);

describe("the region table as a whole", () => {
  it("has the shape the code relies on, field by field", () => {
    expect(regionTable.safeParse(ALL_REGIONS).error).toBeUndefined();
  });

  it("holds every region of the data once, with lower-case ARM names", () => {
    expect(ALL_REGIONS.length).toBe(94);
    expect(regionNames.size).toBe(ALL_REGIONS.length);
    for (const region of ALL_REGIONS) expect(region.name).toMatch(/^[a-z0-9]+$/);
    expect(REGION_DATA_GENERATED).toBe("2026-11-25");
  });

  it("has every backup geo code at most once per cloud", () => {
    for (const cloud of REGION_CLOUDS) {
      const codes = regionsInCloud(cloud).flatMap((region) => region.backupGeoCode ?? []);
      expect(new Set(codes).size, `duplicate geo code in ${cloud}`).toBe(codes.length);
    }
  });

  it("has no geo code equal to a region name (the classic privatelink.uksouth.backup… mistake)", () => {
    for (const region of ALL_REGIONS) {
      if (region.backupGeoCode !== null)
        expect(regionNames.has(region.backupGeoCode), region.name).toBe(false);
    }
  });

  it("gives every region a geo code, or an explicit null with a note saying why", () => {
    const withoutCode = ALL_REGIONS.filter((region) => region.backupGeoCode === null);
    expect(withoutCode.map((region) => region.name).sort()).toEqual(["eastusstg", "southcentralusstg"]);
    for (const region of withoutCode) expect(region.notes ?? "").toMatch(/no backup geo code/i);
    for (const region of ALL_REGIONS) {
      if (region.backupGeoCode !== null) expect(region.geoCodeSources.length, region.name).toBeGreaterThan(0);
    }
  });

  it("pairs regions only with regions of the table, in the same cloud", () => {
    for (const region of ALL_REGIONS) {
      if (region.pairedRegion === null) continue;
      const pair = findRegion(region.pairedRegion);
      expect(pair, `${region.name} -> ${region.pairedRegion}`).toBeDefined();
      expect(pair?.cloud).toBe(region.cloud);
      expect(region.pairedRegion).not.toBe(region.name);
    }
  });

  it("has symmetric pairs except exactly the one-way pairs the pair tables show", () => {
    // REGIONS.md: one-way for westindia -> southindia, westus3 -> eastus, brazilsouth -> southcentralus;
    // US Gov Arizona -> US Gov Texas, whose own pair (2025 page) is US Gov Virginia. brazilsoutheast ->
    // brazilsouth is one-way as a consequence of Brazil South pairing outside its geography.
    const oneWay = ALL_REGIONS.filter((region) => {
      const pair = pairedRegionFor(region.name);
      return pair.kind === "paired" && !pair.reciprocal;
    }).map((region) => `${region.name}->${region.pairedRegion}`);
    expect(oneWay.sort()).toEqual([
      "brazilsouth->southcentralus",
      "brazilsoutheast->brazilsouth",
      "usgovarizona->usgovtexas",
      "westindia->southindia",
      "westus3->eastus",
    ]);
  });

  it("gives every region a pair or a stated reason why it has none", () => {
    for (const region of ALL_REGIONS) {
      const pair = pairedRegionFor(region.name);
      if (pair.kind === "paired") expect(pair.region.name).toBe(region.pairedRegion);
      else expect(pair.reason).toContain(region.name);
    }
  });
});

describe("geo codes", () => {
  it("matches the codes seen in real endpoint FQDNs", () => {
    expect(geoCodeFor("eastus")).toBe("eus");
    expect(geoCodeFor("northeurope")).toBe("ne");
    expect(geoCodeFor("westeurope")).toBe("we");
    expect(geoCodeFor("uksouth")).toBe("uks");
    expect(geoCodeFor("eastasia")).toBe("ea");
  });

  it("knows the newer regions", () => {
    expect(geoCodeFor("italynorth")).toBe("itn");
    expect(geoCodeFor("polandcentral")).toBe("plc");
    expect(geoCodeFor("israelcentral")).toBe("ilc");
    expect(geoCodeFor("mexicocentral")).toBe("mxc");
    expect(geoCodeFor("newzealandnorth")).toBe("nzn");
    expect(geoCodeFor("spaincentral")).toBe("spc");
  });

  it("knows sovereign regions and keeps them in their cloud", () => {
    expect(geoCodeFor("usgovvirginia", "AzureUSGovernment")).toBe("ugv");
    expect(geoCodeFor("chinanorth", "AzureChinaCloud")).toBe("bjb");
    expect(regionsInCloud("AzureUSGovernment").map((region) => region.name)).toEqual([
      "usdodcentral",
      "usdodeast",
      "usgovarizona",
      "usgoviowa",
      "usgovtexas",
      "usgovvirginia",
    ]);
    expect(regionsInCloud("AzureChinaCloud")).toHaveLength(6);
    expect(regionsInCloud("AzureCloud")).toHaveLength(76);
  });

  it("carries the spc/esc conflict for Spain Central where the CLI can show it", () => {
    const notes = regionFor("spaincentral").notes ?? "";
    expect(notes).toContain("CONFLICT");
    expect(notes).toContain("esc");
    expect(notes).toContain("spc");
  });

  it("never answers with the region name", () => {
    for (const region of ALL_REGIONS) {
      if (region.backupGeoCode !== null) expect(geoCodeFor(region.name)).not.toBe(region.name);
    }
  });

  it("refuses a region with no known code, loudly", () => {
    const error = userErrorFrom(() => geoCodeFor("eastusstg"));
    expect(error.message).toContain("eastusstg");
    expect(error.message).toMatch(/no known Azure Backup geo code/);
    expect(error.hint).toContain("requiredZoneNames");
    expect(error.exitCode).toBe(2);
  });

  it("refuses an unknown region instead of guessing", () => {
    const error = userErrorFrom(() => geoCodeFor("marsnorth"));
    expect(error.message).toContain('"marsnorth"');
  });

  it("refuses a region asked for in the wrong cloud", () => {
    const error = userErrorFrom(() => geoCodeFor("eastus", "AzureUSGovernment"));
    expect(error.message).toBe('Region "eastus" is in AzureCloud, not in AzureUSGovernment.');
    expect(error.hint).toContain("usgovarizona");
    expect(error.hint).toContain("switch the cloud to AzureCloud");
  });

  it("finds the region a geo code belongs to, per cloud", () => {
    expect(findRegionByGeoCode("uks", "AzureCloud")?.name).toBe("uksouth");
    expect(findRegionByGeoCode("UGV", "AzureUSGovernment")?.name).toBe("usgovvirginia");
    expect(findRegionByGeoCode("ugv", "AzureCloud")).toBeUndefined();
    expect(findRegionByGeoCode("uksouth", "AzureCloud")).toBeUndefined();
  });
});

describe("finding regions from what people type", () => {
  it("accepts ARM names and display names in any case and spacing", () => {
    for (const input of ["eastus", "East US", "EASTUS", "east us", "  East   US "]) {
      expect(findRegion(input)?.name, input).toBe("eastus");
    }
    expect(findRegion("East US 2")?.name).toBe("eastus2");
    expect(findRegion("US Gov Virginia")?.name).toBe("usgovvirginia");
  });

  it("answers undefined for unknown names and for regions of another cloud", () => {
    expect(findRegion("eastsu")).toBeUndefined();
    expect(findRegion("")).toBeUndefined();
    expect(findRegion("eastus", "AzureChinaCloud")).toBeUndefined();
    expect(findRegion("chinaeast2", "AzureChinaCloud")?.displayName).toBe("China East 2");
  });

  it("suggests close matches for typos, best first", () => {
    expect(closeRegionMatches("eastsu")[0]?.name).toBe("eastus");
    expect(closeRegionMatches("westeurpoe")[0]?.name).toBe("westeurope");
    expect(
      closeRegionMatches("uk")
        .map((region) => region.name)
        .sort(),
    ).toEqual(["uksouth", "ukwest"]);
    expect(closeRegionMatches("east", 3)).toHaveLength(3);
    expect(closeRegionMatches("   ")).toEqual([]);
    expect(closeRegionMatches("qqqqqqqqqqqq")).toEqual([]);
  });

  it("limits suggestions to one cloud when asked", () => {
    const names = closeRegionMatches("usgov", 5, "AzureUSGovernment").map((region) => region.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name.startsWith("usgov")).toBe(true);
    expect(closeRegionMatches("eastus", 5, "AzureChinaCloud")).toEqual([]);
  });

  it("names close matches in the error for an unknown region", () => {
    const error = userErrorFrom(() => regionFor("eastsu"));
    expect(error.message).toBe('Unknown Azure region "eastsu".');
    expect(error.hint).toContain("eastus (East US)");
    expect(error.exitCode).toBe(2);
  });

  it("points to the locations list when nothing is close", () => {
    const error = userErrorFrom(() => regionFor("qqqqqqqqqqqq"));
    expect(error.hint).toContain("az account list-locations");
  });
});

describe("paired regions", () => {
  it("gives the pair of a reciprocally paired region", () => {
    const pair = pairedRegionFor("East US");
    expect(pair).toMatchObject({ kind: "paired", reciprocal: true });
    expect(pair.kind === "paired" && pair.region.name).toBe("westus");
  });

  it("marks a one-way pair", () => {
    const pair = pairedRegionFor("brazilsouth");
    expect(pair).toMatchObject({ kind: "paired", reciprocal: false });
    expect(pair.kind === "paired" && pair.region.name).toBe("southcentralus");
  });

  it("tells an explicitly unpaired region from one no pair table covers", () => {
    const italy = pairedRegionFor("italynorth");
    expect(italy.kind).toBe("unpaired");
    expect(italy.kind === "unpaired" && italy.reason).toContain("msdocs-regions-paired-2025");
    expect(pairedRegionFor("usgoviowa").kind).toBe("unknown");
  });

  it("refuses an unknown region", () => {
    expect(() => pairedRegionFor("nowhere")).toThrow(UserError);
  });
});
