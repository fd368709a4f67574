import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { fleetTenant } from "../engine/fleet-tenant.js";
import { changesTenant } from "../support/tenant-writes.js";
import { runBuiltCli } from "./run-cli.js";

let directory: string;
let sandbox: RunningSandbox;
let paths: string[];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-fleet-"));
  const { state, plans } = fleetTenant(2, 2);
  sandbox = await startSandbox({ state });
  paths = [];
  for (const { name, plan } of plans) {
    const path = join(directory, name);
    await writeFile(path, JSON.stringify(plan));
    paths.push(path);
  }
  const broken = join(directory, "broken.plan.json");
  await writeFile(broken, "{ not json");
  paths.push(broken);
});
afterEach(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

describe("vaultlink apply with several plans (a fleet)", () => {
  it("applies the good plans, lists the bad file in the summary table, and exits 1", async () => {
    const { code, stdout, stderr } = await runBuiltCli([
      "apply",
      ...paths,
      "--sandbox",
      sandbox.url,
      "--yes",
      "--subscription-budget",
      "2",
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain("Apply of 5 plans against the sandbox at");
    expect(stdout).toMatch(/^\[rsv-fleet-1-1\.plan\] ✓ private endpoint pe-rsv-fleet-1-1 /m);
    expect(stdout).toMatch(/^PLAN +VAULT +RESULT +DETAIL$/m);
    expect(stdout).toMatch(/^rsv-fleet-0-0\.plan +rsv-fleet-0-0 +applied +applied \d+ changes$/m);
    expect(stdout).toMatch(/^broken\.plan +\? +ERROR +.*broken\.plan\.json/m);
    expect(stdout).toContain("4 of 5 plans succeeded.");
    expect(stderr).toContain("1 of 5 plans did not apply.");

    const again = await runBuiltCli(["apply", ...paths.slice(0, 4), "--sandbox", sandbox.url, "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/ unchanged +nothing to do$/gm)).toHaveLength(4);
  });

  it("previews a fleet with --dry-run and reports it as JSON lines ending in a summary", async () => {
    const { code, stdout } = await runBuiltCli([
      "apply",
      ...paths.slice(0, 4),
      "--dry-run",
      "--sandbox",
      sandbox.url,
      "-o",
      "json",
    ]);
    expect(code).toBe(0);
    const events = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.filter((e) => e.event === "planStarted")).toHaveLength(4);
    const summary = events.at(-1);
    expect(summary.event).toBe("summary");
    expect(summary.plans.map((p: { result: { kind: string } }) => p.result.kind)).toEqual([
      "previewed",
      "previewed",
      "previewed",
      "previewed",
    ]);
    expect(sandbox.requestLog().filter(changesTenant)).toEqual([]);
  });
});

describe("vaultlink export", () => {
  it("writes an ARM template to --out and lists on stderr what it leaves out", async () => {
    const out = join(directory, "template.json");
    const { code, stdout, stderr } = await runBuiltCli([
      "export",
      "examples/custom-dns.plan.json",
      "--format",
      "arm",
      "--out",
      out,
      "--sandbox",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote ${out}: 1 resource to create.`);
    expect(stderr).toContain("Deny public network access to the vault");
    const template = JSON.parse(await readFile(out, "utf8"));
    expect(template.$schema).toBe(
      "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    );
    expect(template.resources[0].properties.template.resources[0].type).toBe(
      "Microsoft.Network/privateEndpoints",
    );
  });
});
