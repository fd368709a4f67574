import { describe, expect, it } from "vitest";
import { checkWorkloads } from "../../../src/core/rules/workloads.js";
import { codes } from "./tenant.js";

describe("checkWorkloads", () => {
  it("says SQL Server in VMs uses the endpoints and still needs Entra ID, and that a VNet change means a new vault", () => {
    const findings = checkWorkloads([{ kind: "sqlServerInAzureVm" }]);
    expect(codes(findings)).toEqual([
      "workload-uses-endpoints",
      "entra-id-outbound-needed",
      "vnet-change-needs-new-vault",
    ]);
    expect(findings.every((f) => f.severity === "info")).toBe(true);
  });

  it("adds the MARS auto-update URL for the MARS agent and backup servers", () => {
    const findings = checkWorkloads([{ kind: "marsAgent" }, { kind: "mabs", majorVersion: 4 }]);
    const update = findings.find((f) => f.code === "mars-auto-update-url");
    expect(update?.fix).toContain("download.microsoft.com/download/MARSagent/*");
    expect(update?.message).toContain("MABS v4");
  });

  it("blocks DPM before 2022 and MABS before v4", () => {
    const findings = checkWorkloads([
      { kind: "dpm", version: 2019 },
      { kind: "mabs", majorVersion: 3 },
      { kind: "dpm", version: 2022 },
    ]);
    const blocks = findings.filter((f) => f.severity === "block");
    expect(blocks.map((f) => f.message)).toEqual([
      expect.stringContaining("DPM 2019"),
      expect.stringContaining("MABS v3"),
    ]);
    expect(findings.find((f) => f.code === "workload-uses-endpoints")?.message).toContain("DPM 2022");
    expect(findings.find((f) => f.code === "workload-uses-endpoints")?.message).not.toContain("2019");
  });

  it("says Azure VM and Azure Files backups need no endpoints, and that VM file recovery is then limited", () => {
    const findings = checkWorkloads([{ kind: "azureVm" }, { kind: "azureFiles" }]);
    expect(codes(findings)).toEqual(["workload-needs-no-endpoints", "vm-file-recovery-restricted"]);
    expect(findings[0]?.message).toContain("Azure VM backup, Azure Files backup do not");
  });

  it("has nothing to say when no workload is named", () => {
    expect(checkWorkloads([])).toEqual([]);
  });
});
