import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/** The output conventions az users type without thinking: -o table|tsv|yaml|jsonc, --query, help, suggestions. */
describe("az conventions", () => {
  let directory: string;
  let sandbox: ServedSandbox;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-az-"));
    sandbox = await serveSandbox(join(directory, "requests.jsonl"), [
      "--deny",
      "Microsoft.Network/privateEndpoints/write",
    ]);
  });

  afterAll(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("-o table --query vaults: one row per vault, its scalar fields as columns", async () => {
    const { stdout } = await runBuiltCli(["check", "--sandbox", "-o", "table", "--query", "vaults"]);
    const [header, rule, ...rows] = stdout.trimEnd().split("\n");
    expect(header).toMatch(/^Id\s+Name\s+Eligibility\s+CanTakeBackupPrivateEndpoints$/);
    expect(rule).toMatch(/^-+( +-+){3}$/);
    expect(rows).toHaveLength(9);
    expect(rows.find((r) => r.includes(" rsv-sql-weu "))).toMatch(/ blocked +false$/);
  });

  it("-o tsv with a JMESPath filter: exactly the values, for shell scripts", async () => {
    const { stdout } = await runBuiltCli([
      "check",
      "--sandbox",
      "-o",
      "tsv",
      "--query",
      "vaults[?eligibility=='blocked'].name",
    ]);
    expect(stdout).toBe("rsv-legacy-weu\nrsv-sql-weu\nrsv-files-uks\n");
  });

  it("-o yaml says what -o json says", async () => {
    const json = await runBuiltCli(["zones", "uksouth", "-o", "json"]);
    const yaml = await runBuiltCli(["zones", "uksouth", "-o", "yaml"]);
    expect(parseYaml(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });

  it("--query alone implies JSON; a query that does not parse is bad input before anything is read", async () => {
    const geo = await runBuiltCli(["zones", "northeurope", "--query", "backupGeoCode"]);
    expect(geo.stdout).toBe('"ne"\n');
    const bad = await runBuiltCli(["check", "--sandbox", sandbox.url, "--query", "vaults[?"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--query: "vaults[?" is not a JMESPath expression');
    expect(bad.stdout).toBe("");
  });

  it("an unknown command suggests the nearest, and a far one lists the commands", async () => {
    const near = await runBuiltCli(["aply", "x.plan.json"]);
    expect(near.code).toBe(2);
    expect(near.stderr).toContain('"aply" is not a vaultlink command. Did you mean "apply"?');
    const far = await runBuiltCli(["frobnicate"]);
    expect(far.code).toBe(2);
    expect(far.stderr).not.toContain("Did you mean");
    expect(far.stderr).toContain("Commands: apply, check, show");
  });

  it("each command's --help shows the global options, examples and exit codes", async () => {
    const { code, stdout } = await runBuiltCli(["apply", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Global Options:");
    expect(stdout).toContain("--sandbox [url]");
    expect(stdout).toMatch(/Examples:\n {2}vaultlink apply my\.plan\.json --dry-run/);
    expect(stdout).toContain("5  apply --dry-run --detailed-exitcode: changes pending");
  });

  it("--sandbox without a scheme is read as a URL, and a suggested command keeps the sandbox it ran against", async () => {
    const hostPort = sandbox.url.replace(/^http:\/\//, "");
    const check = await runBuiltCli([
      "check",
      "--sandbox",
      hostPort,
      "-o",
      "tsv",
      "--query",
      "summary.eligible",
    ]);
    expect(check.code).toBe(3);
    expect(check.stdout).toBe("3\n");
    // The sandbox refuses endpoint writes (--deny): the failed apply says how to run it again, target included.
    const apply = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      `--sandbox=${hostPort}`,
      "--yes",
    ]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      `run \`vaultlink apply examples/custom-dns.plan.json --sandbox ${sandbox.url}\` again`,
    );
  });
});
