import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../../src/core/plan/plan-codec.js";
import { checkSharedZoneRecords } from "../../../src/core/rules/shared-zone-records.js";

const privateZones = parsePlanText(readFileSync("examples/private-zones.plan.json", "utf8"), "example");
const customDns = parsePlanText(readFileSync("examples/custom-dns.plan.json", "utf8"), "example");

describe("checkSharedZoneRecords", () => {
  it("warns when two primary endpoints in different VNets share the plan's zones", () => {
    const [finding, ...rest] = checkSharedZoneRecords(privateZones);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "warn", code: "endpoints-share-zone-records" });
    expect(finding?.message).toContain("pe-rsv-prod-weu-hub-backup (vnet-hub-weu)");
    expect(finding?.message).toContain("pe-rsv-prod-weu-app-backup (vnet-spoke-app-weu)");
    // The secondary endpoint is alone in its group: it is not part of the warning.
    expect(finding?.message).not.toContain("secondary");
  });

  it("says nothing for one endpoint per group", () => {
    const single = {
      ...privateZones,
      endpoints: privateZones.endpoints.filter((e) => !e.name.includes("-app-")),
    };
    expect(checkSharedZoneRecords(single)).toEqual([]);
  });

  it("says nothing when the records do not live in Azure private zones", () => {
    expect(checkSharedZoneRecords(customDns)).toEqual([]);
  });
});
