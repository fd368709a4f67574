import { describe, expect, it } from "vitest";
import { checkEndpointLimits, type PlannedEndpoint } from "../../../src/core/rules/endpoint-limits.js";
import { codes, connection, privateEndpoint, SUBNET_ID, vault } from "./tenant.js";

function planned(name: string, overrides: Partial<PlannedEndpoint> = {}): PlannedEndpoint {
  return { name, groupId: "AzureBackup", subnetId: SUBNET_ID, ...overrides };
}

const existing = (n: number) => Array.from({ length: n }, (_, i) => connection(`pe-existing-${i}`));

describe("checkEndpointLimits", () => {
  it("passes 12 endpoints: 10 existing, one primary and one secondary planned", () => {
    const findings = checkEndpointLimits({
      vault: vault({ privateEndpointConnections: existing(10) }),
      planned: [planned("pe-new"), planned("pe-new-secondary", { groupId: "AzureBackup_secondary" })],
      existingEndpoints: [],
    });
    expect(findings).toEqual([]);
  });

  it("blocks a 13th endpoint, counting the secondary toward the limit", () => {
    const [finding] = checkEndpointLimits({
      vault: vault({ privateEndpointConnections: existing(11) }),
      planned: [planned("pe-new"), planned("pe-new-secondary", { groupId: "AzureBackup_secondary" })],
      existingEndpoints: [],
    });
    expect(finding).toMatchObject({ severity: "block", code: "too-many-endpoints" });
    expect(finding?.message).toContain("13 backup private endpoints");
    expect(finding?.message).toContain("1 planned secondary");
    expect(finding?.fix).toContain("at most 1 new");
  });

  it("counts a replayed plan's endpoints once (the planned endpoint already exists)", () => {
    const findings = checkEndpointLimits({
      vault: vault({ privateEndpointConnections: [...existing(11), connection("pe-new")] }),
      planned: [planned("pe-new")],
      existingEndpoints: [],
    });
    expect(findings).toEqual([]);
  });

  it("does not count Site Recovery endpoints", () => {
    const asr = Array.from({ length: 5 }, (_, i) => connection(`pe-asr-${i}`, "AzureSiteRecovery"));
    const findings = checkEndpointLimits({
      vault: vault({ privateEndpointConnections: [...existing(10), ...asr] }),
      planned: [planned("pe-new")],
      existingEndpoints: [],
    });
    expect(findings).toEqual([]);
  });

  it("blocks a planned name an endpoint of the vault already has in another resource group", () => {
    const findings = checkEndpointLimits({
      vault: vault({ privateEndpointConnections: [connection("PE-Shared", "AzureBackup", "rg-other")] }),
      planned: [planned("pe-shared")],
      existingEndpoints: [],
    });
    expect(codes(findings)).toEqual(["duplicate-endpoint-name"]);
    expect(findings[0]?.message).toContain("rg-other");
  });

  it("blocks two planned endpoints with the same name", () => {
    const findings = checkEndpointLimits({
      vault: vault(),
      planned: [planned("pe-a"), planned("pe-a", { groupId: "AzureBackup_secondary" })],
      existingEndpoints: [],
    });
    expect(codes(findings)).toEqual(["duplicate-endpoint-name"]);
  });

  it("warns about an existing endpoint with static IPs", () => {
    const findings = checkEndpointLimits({
      vault: vault({ privateEndpointConnections: [connection("pe-static")] }),
      planned: [planned("pe-new")],
      existingEndpoints: [
        privateEndpoint("pe-static", {
          staticIpConfigurations: [
            { name: "ip1", groupId: "AzureBackup", memberName: "default", privateIpAddress: "10.0.1.20" },
          ],
        }),
      ],
    });
    expect(findings.map((f) => [f.severity, f.code])).toEqual([["warn", "static-ip-endpoint-exists"]]);
  });
});
