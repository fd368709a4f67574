import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyManagedPlan, policyTenant, writeJson } from "./network-tenant.js";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

interface JsonFinding {
  severity: string;
  code: string;
  message: string;
  fix: string;
  source: string;
  subject?: string;
}

const SPOKE_ENDPOINT =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod-weu-spoke";

/**
 * Given a tenant whose hub resource group has the built-in "Configure Recovery Services vaults to use private DNS
 * zones for backup" policy assigned with West Europe's zones and whose spoke has it with North Europe's, when a plan
 * for rsv-prod-weu leaves zone groups to the policy: the dry run says which endpoints it will not cover, apply adds
 * the secondary's zone group itself, and verify names the policy's gap for each missing record.
 */
describe("policy-managed zone groups: coverage of the built-in policy, vaultlink's secondary zone group", () => {
  let directory: string;
  let sandbox: ServedSandbox;
  let plan: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-policy-"));
    const state = await writeJson(directory, "state.json", policyTenant());
    plan = await writeJson(directory, "plan.json", policyManagedPlan());
    sandbox = await serveSandbox(join(directory, "requests.jsonl"), ["--state", state]);
  });

  afterAll(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("the dry run names the endpoint the policy will not cover and why, with an assignment hint", async () => {
    const { code, stdout } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", sandbox.url]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "warning [policy-does-not-cover-endpoint] Azure Policy will not add pe-rsv-prod-weu-spoke's private DNS zone group: assignment backup-dns-ne names privatelink.ne.backup.windowsazure.com in privateDnsZone-Backup, but pe-rsv-prod-weu-spoke's names live in privatelink.we.backup.windowsazure.com",
    );
    expect(stdout).toMatch(
      /fix: Let vaultlink add this endpoint's zone group .* To assign it: az policy assignment create --name backup-dns-zones-we --policy af783da1-4ad1-42be-800d-d19c70038820 --scope \/subscriptions\/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b /,
    );
    expect(stdout).toContain(
      "info [policy-covers-endpoint] Azure Policy adds the zone groups of pe-rsv-prod-weu-hub (assignment Backup private DNS zones (we)).",
    );
    // One plan: policy zone groups for the primaries, vaultlink's for the secondary (the policy skips it).
    expect(stdout).toMatch(/^\+ create {4}DNS zone group of pe-rsv-prod-weu-secondary$/m);
    expect(stdout).not.toMatch(/DNS zone group of pe-rsv-prod-weu-(hub|spoke)$/m);
    expect(stdout).toContain("info [secondary-zone-group-not-policy-managed]");
  });

  it("gives the coverage as JSON with severities, fixes and public sources", async () => {
    const { stdout } = await runBuiltCli([
      "apply",
      plan,
      "--dry-run",
      "--sandbox",
      sandbox.url,
      "-o",
      "json",
    ]);
    const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
    const gap = findings.find((f) => f.code === "policy-does-not-cover-endpoint");
    expect(gap).toMatchObject({ severity: "warn", subject: SPOKE_ENDPOINT });
    expect(gap?.source).toMatch(
      /^https:\/\/github\.com\/Azure\/azure-policy\/.*AzBackupRSVault_PeDnsConfigDeploy\.json/,
    );
    expect(findings.find((f) => f.code === "policy-covers-endpoint")).toMatchObject({ severity: "info" });
  });

  it("check, before planning, names the assignment, the region it serves and the secondary it never covers", async () => {
    const vault =
      "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu";
    const text = await runBuiltCli(["check", vault, "--sandbox", sandbox.url]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^✓ rsv-prod-weu: can take v2 backup private endpoints$/m);
    const flat = text.stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      'info [backup-dns-policy-assigned] The built-in policy "Configure Recovery Services vaults to use private DNS zones for backup" is assigned here: backup-dns-ne (at /subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu, backup zone privatelink.ne.backup.windowsazure.com).',
    );
    expect(flat).toContain("None names rsv-prod-weu's backup zone (privatelink.we.backup…)");
    expect(flat).toContain(
      "it never adds the zone group of rsv-prod-weu's secondary endpoint (group id AzureBackup_secondary)",
    );

    const json = await runBuiltCli(["check", vault, "--sandbox", sandbox.url, "-o", "json"]);
    const checked = JSON.parse(json.stdout) as { vaults: { eligibility: string; findings: JsonFinding[] }[] };
    expect(checked.vaults[0]?.eligibility).toBe("eligible");
    expect(checked.vaults[0]?.findings.find((f) => f.code === "backup-dns-policy-assigned")).toMatchObject({
      severity: "info",
      subject: vault,
    });
  });

  it("after apply, verify's fixes name the policy's gap for each missing record; the secondary's records pass", async () => {
    const apply = await runBuiltCli(["apply", plan, "--yes", "--sandbox", sandbox.url]);
    expect(apply.code, apply.stderr).toBe(0);
    const { stdout } = await runBuiltCli([
      "verify",
      plan,
      "--sandbox",
      sandbox.url,
      "--dns-server",
      sandbox.dnsServer,
      "-o",
      "json",
    ]);
    const checks = (JSON.parse(stdout) as { checks: { status: string; title: string; fix?: string }[] })
      .checks;
    const records = checks.filter((c) => c.title.startsWith("record "));
    const secondary = records.filter((c) => c.title.includes(".privatelink.ne.backup.windowsazure.com"));
    expect(secondary.length).toBeGreaterThan(0);
    expect(secondary.every((c) => c.status === "pass")).toBe(true);
    const missing = records.filter((c) => c.status === "fail");
    expect(missing.length).toBeGreaterThan(0);
    for (const check of missing) {
      expect(check.fix).not.toContain("check the policy assignment");
      expect(check.fix).toContain(
        "pe-rsv-prod-weu-hub is covered by policy assignment backup-dns-we but has no zone group yet",
      );
      expect(check.fix).toContain("az policy remediation create --name pe-rsv-prod-weu-hub-dns");
      expect(check.fix).toContain(
        "pe-rsv-prod-weu-spoke has no zone group because Azure Policy will not add it: assignment backup-dns-ne names privatelink.ne.backup.windowsazure.com",
      );
    }
  });
});
