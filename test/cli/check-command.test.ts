import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";
import { serveSandbox } from "./served-sandbox.js";

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const vaultId = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/${name}`;
const SQL_NSG = `/subscriptions/${PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-sql-weu`;

interface JsonFinding {
  severity: string;
  code: string;
  message: string;
  fix: string;
  source: string;
}
interface JsonVault {
  id: string;
  name: string;
  eligibility: string;
  canTakeBackupPrivateEndpoints: boolean;
  findings: JsonFinding[];
}

describe("vaultlink check against the built-in sandbox", () => {
  it("prints each demo vault's verdict with its findings and fixes, and exits 3 because two are blocked", async () => {
    const { code, stdout, stderr } = await runBuiltCli(["check", "--sandbox"]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^✓ rsv-prod-weu: can take v2 backup private endpoints$/m);
    expect(stdout).toMatch(/^✓ rsv-lrs-weu: can take v2 backup private endpoints$/m);
    expect(stdout).toMatch(/^✓ rsv-dev-uks: can take v2 backup private endpoints$/m);
    // A MARS server registered, nothing protected: blocked by the registration alone.
    expect(stdout).toMatch(/^✗ rsv-files-uks: cannot take v2 backup private endpoints$/m);
    expect(stdout).toMatch(/^! rsv-shared-weu: can take v2 backup private endpoints once the warnings/m);
    expect(stdout).toMatch(/^✗ rsv-sql-weu: cannot take v2 backup private endpoints$/m);
    expect(stdout).toMatch(/^✗ rsv-legacy-weu: cannot take v2 backup private endpoints$/m);
    expect(stdout).toMatch(/^ {4}blocks \[v1-endpoints-present\] /m);
    expect(stdout).toMatch(/^ {4}blocks \[vault-has-protected-items\] rsv-sql-weu protects 2 items/m);
    expect(stdout).toMatch(/^ {6}fix: Create a new Recovery Services vault/m);
    expect(stdout).toMatch(
      /^ {4}warning \[endpoint-limit-one-left\] rsv-shared-weu has 11 backup private endpoints/m,
    );
    expect(stdout).toContain("(westeurope, GRS, cross-region restore on)");
    expect(stdout).toMatch(/^9 vaults: 3 eligible, 3 eligible after a decision, 3 blocked\.$/m);
    expect(stderr).toContain(
      "Error: 3 of 9 vaults cannot take v2 backup private endpoints: rsv-legacy-weu, rsv-sql-weu, rsv-files-uks.",
    );
  });

  it("gives the same as JSON: per vault its id and findings with severity, code, message, fix and source", async () => {
    const { code, stdout } = await runBuiltCli(["check", "--sandbox", "--output", "json"]);
    expect(code).toBe(3);
    const result = JSON.parse(stdout) as { summary: unknown; vaults: JsonVault[] };
    expect(result.summary).toEqual({ eligible: 3, needsDecision: 3, blocked: 3 });
    const sql = result.vaults.find((v) => v.name === "rsv-sql-weu");
    expect(sql).toMatchObject({
      id: vaultId("rsv-sql-weu"),
      eligibility: "blocked",
      canTakeBackupPrivateEndpoints: false,
    });
    expect(sql?.findings[0]).toMatchObject({ severity: "block", code: "vault-has-protected-items" });
    for (const vault of result.vaults) {
      for (const finding of vault.findings) {
        expect(Object.keys(finding)).toEqual(
          expect.arrayContaining(["severity", "code", "message", "fix", "source"]),
        );
      }
    }
    expect(result.vaults.filter((v) => v.canTakeBackupPrivateEndpoints).map((v) => v.name)).toEqual([
      "rsv-cmk-weu",
      "rsv-cmkpe-weu",
      "rsv-lrs-weu",
      "rsv-prod-weu",
      "rsv-shared-weu",
      "rsv-dev-uks",
    ]);
  });

  it("checks only the given ids, and answers a Backup vault id with backup-vault-unsupported", async () => {
    const backupVault = `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.DataProtection/backupVaults/bv-disks-weu`;
    const { code, stdout } = await runBuiltCli([
      "check",
      vaultId("rsv-prod-weu"),
      backupVault,
      "--sandbox",
      "-o",
      "json",
    ]);
    expect(code).toBe(3);
    const { vaults } = JSON.parse(stdout) as { vaults: JsonVault[] };
    expect(vaults.map((v) => [v.name, v.eligibility, v.findings[0]?.code])).toEqual([
      ["bv-disks-weu", "blocked", "backup-vault-unsupported"],
      ["rsv-prod-weu", "eligible", "registration-history-unknown"],
    ]);
  });

  it("exits 0 when no vault checked is blocked", async () => {
    const { code, stdout } = await runBuiltCli([
      "check",
      vaultId("rsv-prod-weu"),
      vaultId("rsv-lrs-weu"),
      "--sandbox",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Recovery Services vaults in the given vaults, on the built-in demo tenant (sandbox)",
    );
    expect(stdout).toMatch(/^2 vaults: 2 eligible, 0 eligible after a decision, 0 blocked\.$/m);
  });

  it("with --nsg, names the rule that blocks Entra ID and prints the commands that fix it by hand", async () => {
    const { code, stdout } = await runBuiltCli([
      "check",
      vaultId("rsv-prod-weu"),
      "--nsg",
      SQL_NSG,
      "--sandbox",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^ {4}warning \[nsg-blocks-entra-id-outbound\] NSG nsg-snet-sql-weu blocks .* rule Deny-HTTPS-Outbound \(priority 100/m,
    );
    expect(stdout).toContain(
      "To allow it by hand, move Deny-HTTPS-Outbound from priority 100 to 101, then add vaultlink-allow-AzureActiveDirectory-443-out at priority 100:",
    );
    expect(stdout).toMatch(/^ {8}az network nsg rule update \\$/m);
    expect(stdout).toMatch(/^ {8}az network nsg rule create \\$/m);
    expect(stdout).toMatch(
      /^ {8}\(\$nsg\.SecurityRules \| Where-Object Name -eq 'Deny-HTTPS-Outbound'\)\.Priority = 101$/m,
    );
  });

  it("with --nsg and --output json, gives the NSG's findings and the rule to add, with the deny to move first", async () => {
    const { code, stdout } = await runBuiltCli([
      "check",
      vaultId("rsv-prod-weu"),
      "--nsg",
      SQL_NSG,
      "--sandbox",
      "-o",
      "json",
    ]);
    expect(code).toBe(0);
    const { networkSecurityGroups } = JSON.parse(stdout) as {
      networkSecurityGroups: {
        id: string;
        findings: JsonFinding[];
        entraIdRule: { kind: string; move: { rule: { priority: number } }; commands: { azCli: string[] } };
      }[];
    };
    expect(networkSecurityGroups).toHaveLength(1);
    const [sql] = networkSecurityGroups;
    expect(sql?.id).toBe(SQL_NSG);
    expect(sql?.findings.map((f) => f.code)).toEqual(["nsg-blocks-entra-id-outbound"]);
    expect(sql?.entraIdRule.kind).toBe("moveDenyThenAddRule");
    expect(sql?.entraIdRule.move.rule.priority).toBe(101);
    expect(sql?.entraIdRule.commands.azCli).toHaveLength(2);
  });

  it("refuses vault ids together with --subscription, and an id that is not an ARM id, with exit 2", async () => {
    const both = await runBuiltCli(["check", vaultId("rsv-prod-weu"), "--sandbox", "--subscription", PROD]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("check takes vault ids or --subscription, not both.");
    const bad = await runBuiltCli(["check", "rsv-prod-weu", "--sandbox"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: .*rsv-prod-weu/m);
  });
});

describe("vaultlink check --workload: what the vault will protect", () => {
  const prod = vaultId("rsv-prod-weu");

  it("says what each workload needs from the endpoints, in text and JSON", async () => {
    const text = await runBuiltCli([
      "check",
      prod,
      "--sandbox",
      "--workload",
      "sql",
      "--workload",
      "azure-vm",
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Workloads$/m);
    expect(text.stdout).toMatch(/^ {4}info \[entra-id-outbound-needed\] .*SQL Server in Azure VMs/m);
    expect(text.stdout).toMatch(/^ {4}info \[vm-file-recovery-restricted\] /m);
    const json = await runBuiltCli(["check", prod, "--sandbox", "--workload", "mars", "-o", "json"]);
    expect(json.code, json.stderr).toBe(0);
    const { workloads } = JSON.parse(json.stdout) as { workloads: JsonFinding[] };
    expect(workloads.map((f) => f.code)).toContain("mars-auto-update-url");
    expect(workloads.find((f) => f.code === "mars-auto-update-url")?.fix).toContain(
      "download.microsoft.com/download/MARSagent/*",
    );
  });

  it("blocks (exit 3) a backup server too old for private endpoints, with the upgrade as the fix", async () => {
    const { code, stdout } = await runBuiltCli(["check", prod, "--sandbox", "--workload", "mabs:3"]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^ {4}blocks \[backup-server-version-unsupported\] MABS v3 cannot use/m);
    expect(stdout).toMatch(/^ {6}fix: Upgrade the server to MABS v4 or later/m);
  });

  it("takes a backup server's data sources after its version, and sizes the endpoint subnet at 10 + n", async () => {
    const { code, stdout } = await runBuiltCli([
      "check",
      prod,
      "--sandbox",
      "--workload",
      "mabs:4:40",
      "-o",
      "json",
    ]);
    expect(code).toBe(0);
    const { workloads } = JSON.parse(stdout) as { workloads: JsonFinding[] };
    expect(workloads.find((f) => f.code === "backup-server-subnet-sizing")?.message).toContain(
      "10 + 40 = 50 free addresses",
    );
    const tooMany = await runBuiltCli(["check", prod, "--sandbox", "--workload", "dpm:2022:100001"]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain("dpm:YEAR[:SOURCES]");
  });

  it("refuses an unknown workload word (exit 2) and lists the known ones", async () => {
    const { code, stderr } = await runBuiltCli(["check", prod, "--sandbox", "--workload", "dpm"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--workload dpm: not a workload vaultlink knows.");
    expect(stderr).toContain("dpm:YEAR");
  });
});

describe("vaultlink check when Azure Resource Graph is refused", () => {
  it("lists the vaults through ARM instead, says so once on stderr, and finds the same", async () => {
    const directory = await mkdtemp(join(tmpdir(), "vaultlink-check-graph-"));
    const refusing = await serveSandbox(join(directory, "refusing.log"), [
      "--deny",
      "Microsoft.ResourceGraph/*",
    ]);
    const answering = await serveSandbox(join(directory, "answering.log"));
    try {
      const fallback = await runBuiltCli(["check", "--sandbox", refusing.url, "-o", "json"]);
      const graph = await runBuiltCli(["check", "--sandbox", answering.url, "-o", "json"]);
      expect(fallback.code).toBe(3);
      expect(fallback.stderr.match(/Note: Azure Resource Graph did not answer/g)).toHaveLength(1);
      expect(fallback.stderr).toContain("listing through ARM instead");
      expect(graph.stderr).not.toContain("Resource Graph");
      const { target: _a, ...throughArm } = JSON.parse(fallback.stdout);
      const { target: _b, ...throughGraph } = JSON.parse(graph.stdout);
      expect(throughArm).toEqual(throughGraph);
    } finally {
      await refusing.stop();
      await answering.stop();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
