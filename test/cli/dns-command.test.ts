import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { cloudFor } from "../../src/core/clouds.js";
import { zoneRecordForFqdn } from "../../src/core/dns-names.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { applyFully } from "../support/apply-fully.js";
import { runBuiltCli } from "./run-cli.js";

const PLAN = "examples/private-zones.plan.json";
const VAULT_ID =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu";

let sandbox: RunningSandbox;
let directory: string;

/** The built CLI against this file's sandbox. */
function dns(...args: string[]) {
  return runBuiltCli(["dns", PLAN, "--sandbox", sandbox.url, ...args]);
}

/** The `<record>.<zone>` names (and addresses) a lifecycle event gave the vault's endpoints. */
function recordsAdded(growth: ReturnType<RunningSandbox["simulate"]>): Map<string, string[]> {
  const records = new Map<string, string[]>();
  for (const { fqdn, ipAddress } of growth.flatMap((g) => g.added)) {
    const target = zoneRecordForFqdn(fqdn, cloudFor("AzureCloud"));
    const key = `${target?.recordName}.${target?.zone}`;
    records.set(key, [...(records.get(key) ?? []), ipAddress].sort());
  }
  return records;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  directory = await mkdtemp(join(tmpdir(), "vaultlink-dns-cmd-"));
});

afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

describe("vaultlink dns before the plan is applied", () => {
  it("names every endpoint that has no records yet and exits 3, after warning about the wrongly named zone", async () => {
    const { code, stdout, stderr } = await dns("--format", "hosts");
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toContain("pe-rsv-prod-weu-hub-backup does not exist yet");
    expect(stderr).toContain("pe-rsv-prod-weu-hub-backup-secondary does not exist yet");
    expect(stderr).toContain(`run \`vaultlink apply ${PLAN}\``);
    expect(stderr).toMatch(
      /Warning: \[backup-zone-named-with-region\] Private DNS zone privatelink\.westeurope\.backup\.windowsazure\.com .*the zone for westeurope is privatelink\.we\.backup\.windowsazure\.com/,
    );
  });

  it("renders conditional forwarders from the plan alone, and asks where to forward when the plan does not say", async () => {
    const forwarders = await runBuiltCli([
      "dns",
      PLAN,
      "--format",
      "forwarders-unbound",
      "--forward-to",
      "10.10.0.4",
    ]);
    expect(forwarders.code).toBe(0);
    for (const zone of ["privatelink.we.backup.windowsazure.com", "privatelink.ne.backup.windowsazure.com"]) {
      expect(forwarders.stdout).toContain(`name: "${zone}."`);
    }
    expect(forwarders.stdout).toContain("forward-addr: 10.10.0.4");

    const missing = await runBuiltCli(["dns", PLAN, "--format", "forwarders-bind"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--forward-to");
  });

  it("defaults to Azure Firewall's DNS proxy settings for a forwarder plan of that kind, and warns about 168.63.129.16", async () => {
    const plan = JSON.parse(await readFile(PLAN, "utf8"));
    const firewallPlan = join(directory, "firewall.plan.json");
    await writeFile(
      firewallPlan,
      JSON.stringify({
        ...plan,
        $schema: undefined,
        dns: { strategy: "conditionalForwarder", serverKind: "azureFirewall", forwardTo: ["10.10.0.4"] },
      }),
    );
    const firewall = await runBuiltCli(["dns", firewallPlan]);
    expect(firewall.code, firewall.stderr).toBe(0);
    expect(firewall.stdout).toContain("Azure Firewall as DNS proxy");
    expect(firewall.stdout).toContain("this plan names 10.10.0.4");

    const toAzureDns = await runBuiltCli([
      "dns",
      firewallPlan,
      "--format",
      "forwarders-bind",
      "--forward-to",
      "168.63.129.16",
    ]);
    expect(toAzureDns.code).toBe(0);
    expect(toAzureDns.stdout).toContain("// WARNING: this forwards to 168.63.129.16");
    const elsewhere = await runBuiltCli(["dns", firewallPlan, "--format", "forwarders-bind"]);
    expect(elsewhere.stdout).not.toContain("WARNING");
  });

  it("refuses option combinations that mean nothing, with exit 2", async () => {
    const bareWrite = await runBuiltCli(["dns", PLAN, "--write", "--format", "bind"]);
    expect(bareWrite.code).toBe(2);
    const hostsAsBind = await runBuiltCli([
      "dns",
      PLAN,
      "--format",
      "bind",
      "--write",
      join(directory, "hosts"),
    ]);
    expect(hostsAsBind.code).toBe(2);
    expect(hostsAsBind.stderr).toContain("--write PATH edits a hosts file, but --format is bind.");
    const nothingToCompare = await runBuiltCli(["dns", "examples/custom-dns.plan.json", "--check"]);
    expect(nothingToCompare.code).toBe(2);
    expect(nothingToCompare.stderr).toContain("--check needs something to compare");
  });
});

describe("vaultlink dns after the plan is applied", () => {
  beforeAll(async () => {
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const plan = parsePlanText(await readFile(PLAN, "utf8"), PLAN);
    await applyFully(adapter, plan);
  });

  it("prints a format on stdout, and writes every format into --out DIR", async () => {
    const printed = await dns("--format", "unbound");
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('local-zone: "privatelink.we.backup.windowsazure.com." transparent');
    expect(printed.stdout).toMatch(
      /local-data: "\d+-ab-pod01-fc1\.privatelink\.ne\.backup\.windowsazure\.com\. 300 IN A /,
    );

    const out = join(directory, "all");
    for (const format of ["hosts", "bind", "windows", "unbound", "dnsmasq", "csv"]) {
      const { code, stdout } = await dns("--format", format, "--out", out);
      expect(code, format).toBe(0);
      expect(stdout, format).toMatch(/^Wrote /m);
    }
    expect((await readdir(out)).sort()).toEqual([
      "dnsmasq-vaultlink.conf",
      "hosts.txt",
      "named.conf.vaultlink",
      "privatelink.blob.core.windows.net.zone",
      "privatelink.ne.backup.windowsazure.com.zone",
      "privatelink.queue.core.windows.net.zone",
      "privatelink.we.backup.windowsazure.com.zone",
      "records.csv",
      "unbound-vaultlink.conf",
      "windows-dns.ps1",
    ]);
    const again = await dns("--format", "bind", "--out", out);
    expect(again.stdout).toContain("already holds these bind files; nothing written.");
  });

  it("edits a CRLF hosts file inside this vault's block only, with a dry run, a backup, and no change the second time", async () => {
    const hosts = join(directory, "hosts");
    const original = "127.0.0.1 localhost\r\n# a comment someone wrote\r\n10.0.0.1 files.contoso.com\r\n";
    await writeFile(hosts, original);

    const dryRun = await dns("--write", hosts, "--dry-run");
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain(`+# BEGIN vaultlink ${VAULT_ID}`);
    expect(dryRun.stdout).toContain("Dry run: nothing was written.");
    expect(await readFile(hosts, "utf8")).toBe(original);

    const write = await dns("--write", hosts);
    expect(write.code).toBe(0);
    const edited = await readFile(hosts, "utf8");
    expect(edited.startsWith(original)).toBe(true);
    expect(edited.split("\r\n").join("")).not.toContain("\n");
    expect(edited).toMatch(
      /\r\n10\.100\.2\.4 +\d+-ab-pod01-fc1\.privatelink\.ne\.backup\.windowsazure\.com\r\n/,
    );
    expect(await readFile(`${hosts}.vaultlink-backup`, "utf8")).toBe(original);

    const second = await dns("--write", hosts);
    expect(second.stdout).toContain("already holds this vault's block; nothing written.");
    expect(await readFile(hosts, "utf8")).toBe(edited);
  });

  it("refuses a hosts file it cannot read line by line, naming the line, and leaves it alone", async () => {
    const hosts = join(directory, "broken-hosts");
    const text = "127.0.0.1 localhost\nlocalhost 127.0.0.1\n";
    await writeFile(hosts, text);
    const { code, stderr } = await dns("--write", hosts);
    expect(code).toBe(2);
    expect(stderr).toContain(`Cannot edit ${hosts}: line 2 does not start with an IP address`);
    expect(await readFile(hosts, "utf8")).toBe(text);
  });

  it("after the first backup, --check reports exactly the new records with exit 4; --write brings every target up to date", async () => {
    const out = join(directory, "all");
    const hosts = join(directory, "hosts");
    expect((await dns("--format", "dnsmasq", "--out", out, "--check")).code).toBe(0);
    expect((await dns("--check", "--write", hosts, "--dry-run")).code).toBe(0);

    const added = recordsAdded(sandbox.simulate({ kind: "firstBackup", vaultId: VAULT_ID }));
    expect(added.size).toBeGreaterThan(0);

    const check = await dns("--format", "dnsmasq", "--out", out, "--check", "-o", "json");
    expect(check.code).toBe(4);
    const report = JSON.parse(check.stdout);
    expect(report.upToDate).toBe(false);
    expect(report.changes.every((c: { kind: string }) => c.kind === "new")).toBe(true);
    expect(
      new Map(report.changes.map((c: { fqdn: string; addresses: string[] }) => [c.fqdn, c.addresses])),
    ).toEqual(added);

    const text = await dns("--format", "bind", "--out", out, "--check");
    expect(text.code).toBe(4);
    expect(text.stdout).toContain(
      `${added.size} record${added.size > 1 ? "s" : ""} out of date in the bind files`,
    );
    for (const [fqdn, addresses] of added)
      expect(text.stdout).toContain(`+ new     ${fqdn}  ${addresses.join(", ")}`);
    expect(text.stdout).toContain(`--check --out ${out} --write\``);

    const hostsBefore = await readFile(hosts, "utf8");
    const hostsCheck = await dns("--check", "--write", hosts, "--dry-run");
    expect(hostsCheck.code).toBe(4);
    expect(hostsCheck.stdout).toContain(`+++ ${hosts} (vaultlink)`);
    expect(await readFile(hosts, "utf8")).toBe(hostsBefore);

    const dryRun = await dns("--format", "bind", "--out", out, "--check", "--write", "--dry-run");
    expect(dryRun.code).toBe(4);
    expect(dryRun.stdout).toContain("would be written; nothing was.");
    expect((await dns("--format", "bind", "--out", out, "--check")).code).toBe(4);

    for (const format of ["bind", "dnsmasq"]) {
      const write = await dns("--format", format, "--out", out, "--check", "--write");
      expect(write.code, format).toBe(0);
      expect(write.stdout, format).toMatch(/^Updated /m);
      expect((await dns("--format", format, "--out", out, "--check")).code, format).toBe(0);
    }
    expect((await dns("--check", "--write", hosts)).code).toBe(0);
    expect(await readFile(`${hosts}.vaultlink-backup`, "utf8")).toBe(hostsBefore);
    expect((await dns("--check", "--write", hosts, "--dry-run")).code).toBe(0);
  });

  it("--check with no file compares the plan's private DNS zones, which the zone groups kept current", async () => {
    const { code, stdout } = await dns("--check");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Up to date: the private DNS zones in .*rg-private-dns hold the \d+ records the endpoints list\.$/m,
    );
  });
});
