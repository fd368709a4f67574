import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/**
 * Each prerequisite vaultlink reads from Azure, told through the built CLI as a user meets it: the finding, its fix,
 * and the same in JSON, in `vaultlink check` and in a plan's dry run (the one eligibility function behind both).
 */
const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";
const FILES_VAULT = `/subscriptions/${DEV}/resourceGroups/rg-dev-uks/providers/Microsoft.RecoveryServices/vaults/rsv-files-uks`;
const prodVault = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/${name}`;
const CONCEPT = "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept";
const CMK_CHANGE = "https://github.com/MicrosoftDocs/azure-docs/pull/128646";

interface JsonFinding {
  severity: string;
  code: string;
  message: string;
  fix: string;
  source: string;
  subject?: string;
}
interface CheckJson {
  notes: JsonFinding[];
  vaults: { name: string; eligibility: string; findings: JsonFinding[] }[];
  backupVaults: { id: string; name: string; eligibility: string; findings: JsonFinding[] }[];
}
interface DryRunJson {
  blockers: unknown[];
  findings: JsonFinding[];
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "vaultlink-prereq-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The custom-DNS example plan, pointed at another vault of the dev subscription (same region and subnet). */
async function planOn(vaultId: string): Promise<string> {
  const plan = JSON.parse(await readFile("examples/custom-dns.plan.json", "utf8"));
  plan.vault.id = vaultId;
  plan.endpoints[0].name = `pe-${vaultId.split("/").at(-1)}-dev-backup`;
  delete plan.$schema;
  const file = join(work, `${vaultId.split("/").at(-1)}.plan.json`);
  await writeFile(file, JSON.stringify(plan));
  return file;
}

describe("registered servers: a vault with a MARS server registered and nothing protected", () => {
  it("check blocks it, naming the server, with the new-vault fix, in text and JSON", async () => {
    const text = await runBuiltCli(["check", FILES_VAULT, "--sandbox"]);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^✗ rsv-files-uks: cannot take v2 backup private endpoints$/m);
    expect(text.stdout).toMatch(
      /^ {4}blocks \[vault-has-registered-servers\] rsv-files-uks protects no items, but 1 server or VM \(MARS agent: srv-files-uks-01\.contoso\.local\) is registered/m,
    );
    expect(text.stdout).toMatch(
      /^ {6}fix: Create a new Recovery Services vault, set up its private endpoints first/m,
    );
    const json = await runBuiltCli(["check", FILES_VAULT, "--sandbox", "-o", "json"]);
    const [vault] = (JSON.parse(json.stdout) as CheckJson).vaults;
    expect(vault?.eligibility).toBe("blocked");
    expect(vault?.findings[0]).toMatchObject({
      severity: "block",
      code: "vault-has-registered-servers",
      subject: FILES_VAULT,
    });
    expect(vault?.findings[0]?.source).toContain(CONCEPT);
    // Past registrations ARM cannot show are not claimed: the info about them is not repeated here.
    expect(vault?.findings.map((f) => f.code)).not.toContain("registration-history-unknown");
  });

  it("a plan's dry run on it is blocked by the same finding (exit 3), in text and JSON", async () => {
    const plan = await planOn(FILES_VAULT);
    const text = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox"]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain("[vault-has-registered-servers]");
    const json = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", "-o", "json"]);
    const result = JSON.parse(json.stdout) as DryRunJson;
    expect(result.findings.find((f) => f.code === "vault-has-registered-servers")?.severity).toBe("block");
    expect(result.blockers.length).toBeGreaterThan(0);
  });
});

describe("Microsoft.RecoveryServices registration in each subscription that gets an endpoint", () => {
  let sandbox: ServedSandbox;
  beforeAll(async () => {
    const state = demoTenant();
    const dev = state.subscriptions.find((s) => s.subscriptionId === DEV);
    if (dev === undefined) throw new Error("the demo tenant has no dev subscription");
    const changed = {
      ...state,
      subscriptions: state.subscriptions.map((s) =>
        s === dev
          ? { ...dev, resourceProviders: { "Microsoft.RecoveryServices": "NotRegistered" as const } }
          : s,
      ),
    };
    const file = join(work, "provider-not-registered.json");
    await writeFile(file, JSON.stringify(changed));
    sandbox = await serveSandbox(join(work, "provider.log"), ["--state", file]);
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it("check blocks with `az provider register`, said once for the subscription, and the May 2020 note once per run", async () => {
    const text = await runBuiltCli(["check", "--sandbox", sandbox.url, "--subscription", DEV]);
    expect(text.code).toBe(3);
    expect(text.stdout.match(/\[provider-not-registered\]/g)).toHaveLength(1);
    expect(text.stdout).toContain(
      `az provider register --namespace Microsoft.RecoveryServices --subscription ${DEV} --wait`,
    );
    expect(text.stdout.match(/\[provider-registration-date-unknown\]/g)).toHaveLength(1);
    expect(text.stdout).toMatch(/^✗ rsv-dev-uks: cannot take v2 backup private endpoints$/m);
    const json = await runBuiltCli(["check", "--sandbox", sandbox.url, "--subscription", DEV, "-o", "json"]);
    const result = JSON.parse(json.stdout) as CheckJson;
    const dev = result.vaults.find((v) => v.name === "rsv-dev-uks");
    expect(dev?.findings.find((f) => f.code === "provider-not-registered")).toMatchObject({
      severity: "block",
      subject: `/subscriptions/${DEV}`,
    });
    expect(result.notes.map((n) => n.code)).toEqual(["provider-registration-date-unknown"]);
  });

  it("a plan with an endpoint there is blocked in its dry run, and writes nothing", async () => {
    const plan = join(process.cwd(), "examples/custom-dns.plan.json");
    const json = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", sandbox.url, "-o", "json"]);
    expect(json.code).toBe(3);
    const result = JSON.parse(json.stdout) as DryRunJson;
    expect(result.findings.find((f) => f.code === "provider-not-registered")?.fix).toContain(
      "az provider register --namespace Microsoft.RecoveryServices",
    );
    expect(result.findings.filter((f) => f.code === "provider-registration-date-unknown")).toHaveLength(1);
    expect(await sandbox.writes()).toBe(0);
  });
});

describe("Backup vaults: listed greyed with the reason and the fix", () => {
  it("check lists the demo tenant's Backup vault apart, never counting it in the exit code", async () => {
    const text = await runBuiltCli(["check", "--sandbox", "--subscription", PROD]);
    expect(text.stdout).toMatch(
      /^Backup vaults \(Microsoft\.DataProtection\): not Recovery Services vaults/m,
    );
    expect(text.stdout).toMatch(/^- bv-disks-weu: cannot take v2 backup private endpoints$/m);
    expect(text.stdout).toMatch(/^ {4}blocks \[backup-vault-unsupported\] bv-disks-weu is a Backup vault/m);
    expect(text.stdout).toMatch(/^ {6}fix: Use a Recovery Services vault/m);
    expect(text.stderr).not.toContain("bv-disks-weu");
    const json = await runBuiltCli(["check", "--sandbox", "--subscription", PROD, "-o", "json"]);
    const result = JSON.parse(json.stdout) as CheckJson;
    expect(result.backupVaults.map((b) => [b.name, b.eligibility, b.findings[0]?.code])).toEqual([
      ["bv-disks-weu", "blocked", "backup-vault-unsupported"],
    ]);
    expect(result.vaults.map((v) => v.name)).not.toContain("bv-disks-weu");
  });
});

describe("customer-managed keys: the key vault's network settings are read", () => {
  it("names the restricted and the private-endpoint key vaults, with both public sources, in text and JSON", async () => {
    const args = ["check", prodVault("rsv-cmk-weu"), prodVault("rsv-cmkpe-weu"), prodVault("rsv-prod-weu")];
    const text = await runBuiltCli([...args, "--sandbox"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^ {4}warning \[cmk-network-restricted-key-vault\] rsv-cmk-weu .* key vault kv-backup-cmk-weu, which is network-restricted \(public network access disabled, firewall allows selected networks only\)/m,
    );
    expect(text.stdout).toMatch(
      /^ {4}warning \[cmk-private-endpoint-key-vault\] rsv-cmkpe-weu .* kv-backup-pe-weu, which is reached through a private endpoint/m,
    );
    expect(text.stdout).toMatch(/^ {6}fix: Decide from Microsoft's two statements/m);
    const json = await runBuiltCli([...args, "--sandbox", "-o", "json"]);
    const { vaults } = JSON.parse(json.stdout) as CheckJson;
    const codes = Object.fromEntries(vaults.map((v) => [v.name, v.findings.map((f) => f.code)]));
    expect(codes["rsv-cmk-weu"]).toContain("cmk-network-restricted-key-vault");
    expect(codes["rsv-cmkpe-weu"]).toContain("cmk-private-endpoint-key-vault");
    expect(codes["rsv-prod-weu"]?.filter((c) => c.startsWith("cmk-"))).toEqual([]);
    for (const vault of vaults)
      for (const finding of vault.findings.filter((f) => f.code.startsWith("cmk-"))) {
        expect(finding.severity).toBe("warn");
        expect(finding.source).toContain(CONCEPT);
        expect(finding.source).toContain(CMK_CHANGE);
        expect(finding.message).toContain("removed in July 2026");
      }
  });

  it("a plan on the CMK vault shows the same finding in its dry run", async () => {
    const plan = JSON.parse(await readFile("examples/private-zones.plan.json", "utf8"));
    plan.vault.id = prodVault("rsv-cmkpe-weu");
    delete plan.$schema;
    const file = join(work, "cmkpe.plan.json");
    await writeFile(file, JSON.stringify(plan));
    const json = await runBuiltCli(["apply", file, "--dry-run", "--sandbox", "-o", "json"]);
    const result = JSON.parse(json.stdout) as DryRunJson;
    expect(result.findings.find((f) => f.code === "cmk-private-endpoint-key-vault")?.source).toContain(
      CMK_CHANGE,
    );
  });
});
