import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlanText, serializePlan } from "../../../src/core/plan/plan-codec.js";
import { UserError } from "../../../src/core/user-error.js";

const EXAMPLES = ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"];
const privateZonesText = readFileSync("examples/private-zones.plan.json", "utf8");

/** The example plan as a plain object, to corrupt one field at a time. */
// biome-ignore lint/suspicious/noExplicitAny: the tests break the plan's shape on purpose, field by field.
function examplePlan(): Record<string, any> {
  return JSON.parse(privateZonesText);
}

function problemWith(document: unknown): UserError {
  try {
    parsePlanText(typeof document === "string" ? document : JSON.stringify(document), "plan.json");
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error("the plan was accepted");
}

describe("reading a plan", () => {
  it.each(EXAMPLES)("accepts the shipped example %s", (path) => {
    const plan = parsePlanText(readFileSync(path, "utf8"), path);
    expect(plan.version).toBe(1);
    expect(plan.endpoints.length).toBeGreaterThan(0);
  });

  it.each(EXAMPLES)("round-trips %s: read, write, read gives the same plan and the same text", (path) => {
    const original = readFileSync(path, "utf8");
    const first = parsePlanText(original, path);
    const written = serializePlan(first);
    const second = parsePlanText(written, path);
    expect(second).toEqual(first);
    expect(serializePlan(second)).toBe(written);
    // The examples are kept in canonical form, so they diff cleanly against what vaultlink writes.
    expect(written).toBe(original);
  });

  it("names the file and position for text that is not JSON", () => {
    const error = problemWith(privateZonesText.slice(0, 200));
    expect(error.message).toMatch(/^plan\.json: not valid JSON: .*position/);
  });

  it("refuses a plan of a newer version and says which versions it reads", () => {
    const error = problemWith({ ...examplePlan(), version: 7 });
    expect(error.message).toBe(
      "plan.json: version: this plan is version 7; this build of vaultlink reads version 1.",
    );
    expect(error.hint).toMatch(/upgrade vaultlink/);
  });

  it("names the path, the bad value and the expected form for a wrong type", () => {
    const plan = examplePlan();
    plan.endpoints[1].approval = 42;
    const error = problemWith(plan);
    expect(error.message).toMatch(/^plan\.json: endpoints\[1\]\.approval: .*"auto".*"manual".* \(got 42\)$/);
  });

  it("says a missing field is missing", () => {
    const plan = examplePlan();
    delete plan.vault.location;
    expect(problemWith(plan).message).toMatch(
      /^plan\.json: vault\.location: .*\(got nothing \(the field is missing\)\)$/,
    );
  });

  it("refuses unknown fields, which also leaves no place for a secret", () => {
    const plan = examplePlan();
    plan.vault.accessToken = "eyJ0eXAiOiJKV1QiLCJhbGciOi";
    const error = problemWith(plan);
    expect(error.message).toMatch(/^plan\.json: vault\.accessToken: unknown field/);
    expect(error.message).not.toContain("eyJ0eXAi");
  });

  it("points at the second of two endpoints with the same name, ignoring case", () => {
    const plan = examplePlan();
    plan.endpoints[1].name = plan.endpoints[0].name.toUpperCase();
    expect(problemWith(plan).message).toMatch(
      /^plan\.json: endpoints\[1\]\.name: duplicates endpoints\[0\]\.name/,
    );
  });

  it("checks endpoint names against Azure's naming rules", () => {
    const plan = examplePlan();
    plan.endpoints[0].name = "-pe-starts-with-a-hyphen";
    expect(problemWith(plan).message).toMatch(
      /^plan\.json: endpoints\[0\]\.name: .*-pe-starts-with-a-hyphen.* \(got "-pe-starts-with-a-hyphen"\)$/,
    );
  });

  it("recognises a Backup vault given as the vault and says why it cannot be used", () => {
    const plan = examplePlan();
    plan.vault.id = plan.vault.id.replace(
      "Microsoft.RecoveryServices/vaults",
      "Microsoft.DataProtection/backupVaults",
    );
    const error = problemWith(plan);
    expect(error.message).toMatch(/^plan\.json: vault\.id: .*Backup vault.*Recovery Services vaults/);
  });

  it("holds the names inside ids to Azure's naming rules: a vault name with an underscore, a group ending in a period", () => {
    const plan = examplePlan();
    plan.vault.id = plan.vault.id.replace(/\/vaults\/.*$/, "/vaults/rsv_prod");
    expect(problemWith(plan).message).toMatch(
      /^plan\.json: vault\.id: Recovery Services vault name "rsv_prod" contains "_"; only letters, digits and hyphens/,
    );
    const zones = examplePlan();
    zones.dns.zoneResourceGroupId = `${zones.dns.zoneResourceGroupId}.`;
    expect(problemWith(zones).message).toMatch(
      /^plan\.json: dns\.zoneResourceGroupId: Resource group name "rg-private-dns\." must end with a character other than a period/,
    );
  });

  it("refuses a subnet id that names a virtual network", () => {
    const plan = examplePlan();
    plan.endpoints[0].subnetId = plan.endpoints[0].subnetId.replace(/\/subnets\/.*$/, "");
    expect(problemWith(plan).message).toMatch(/^plan\.json: endpoints\[0\]\.subnetId: .*subnet/);
  });

  it("refuses a region it does not know and one spelt as a display name", () => {
    const unknown = examplePlan();
    unknown.vault.location = "westeurop";
    expect(problemWith(unknown).message).toMatch(/^plan\.json: vault\.location: is not an Azure region/);
    const displayName = examplePlan();
    displayName.vault.location = "West Europe";
    expect(problemWith(displayName).message).toMatch(/write the region as ARM does: "westeurope"/);
  });

  it("ties a secondary endpoint to the secondary region", () => {
    const noRegion = examplePlan();
    noRegion.secondaryRegion = null;
    expect(problemWith(noRegion).message).toMatch(
      /^plan\.json: endpoints\[2\]\.groupId: .*no secondaryRegion/,
    );
    const wrongPlace = examplePlan();
    wrongPlace.endpoints[2].location = "westeurope";
    expect(problemWith(wrongPlace).message).toMatch(
      /^plan\.json: endpoints\[2\]\.location: must be the secondaryRegion/,
    );
  });

  it("refuses more than 12 endpoints, the per-vault limit", () => {
    const plan = examplePlan();
    plan.secondaryRegion = null;
    plan.endpoints = Array.from({ length: 13 }, (_, index) => ({
      ...plan.endpoints[0],
      name: `pe-${index}`,
    }));
    expect(problemWith(plan).message).toMatch(/^plan\.json: endpoints: /);
  });

  it("counts the other problems and lists them in the hint", () => {
    const plan = examplePlan();
    plan.cloud = "AzureGermanCloud";
    plan.dns.zoneGroups = "sometimes";
    const error = problemWith(plan);
    expect(error.message).toMatch(/\(and 1 more problem\)$/);
    expect(error.hint).toMatch(/dns\.zoneGroups/);
  });

  it("refuses a document that is not an object", () => {
    expect(problemWith("[1,2]").message).toBe("plan.json: a plan must be a JSON object, got [1,2].");
  });
});
