import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/** The example asks for manual approval and public access Deny: the Deny must wait for the vault owner. */
const PLAN = "examples/custom-dns.plan.json";

describe("manual approval: Deny waits, vaultlink approve finishes it", () => {
  let directory: string;
  let sandbox: ServedSandbox;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-approve-"));
    sandbox = await serveSandbox(join(directory, "requests.jsonl"));
  });

  afterEach(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("the dry run shows Deny waiting; apply leaves it waiting; approve approves, then denies; a replay is a no-op", async () => {
    const on = ["--sandbox", sandbox.url];
    const dryRun = await runBuiltCli(["apply", PLAN, "--dry-run", ...on]);
    expect(dryRun.stdout).toMatch(/^… waiting {3}public network access of vault rsv-dev-uks$/m);
    expect(dryRun.stdout).toContain("Deny waits until the vault's owner approves pe-rsv-dev-uks-dev-backup");
    expect(dryRun.stdout).toMatch(/^Plan: 1 to create, 0 to update, 0 unchanged, 0 blocked, 1 waiting\.$/m);

    const apply = await runBuiltCli(["apply", PLAN, "--yes", ...on]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).not.toMatch(/public network access of vault rsv-dev-uks \(/);
    expect(apply.stderr).toContain(`vaultlink approve ${PLAN} --sandbox ${sandbox.url}`);

    const approve = await runBuiltCli(["approve", PLAN, "--yes", ...on]);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain("1 connection of examples/custom-dns.plan.json wait");
    expect(approve.stdout).toMatch(/^✓ pe-rsv-dev-uks-dev-backup: approved$/m);
    expect(approve.stdout).toMatch(/^✓ public network access of vault rsv-dev-uks/m);
    expect(approve.stdout).toContain(`vaultlink verify ${PLAN} --sandbox ${sandbox.url}`);

    const writes = await sandbox.writes();
    const replay = await runBuiltCli(["apply", PLAN, "--yes", ...on]);
    expect(replay.stdout).toContain("Nothing to do: Azure already matches the plan.");
    expect(replay.stderr).not.toContain("Waiting for approval");
    expect(await sandbox.writes()).toBe(writes);

    const again = await runBuiltCli(["approve", PLAN, ...on]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No connection of examples/custom-dns.plan.json waits for approval");
  });

  it("without --yes and without a terminal it asks for --yes; --reject rejects and denies nothing", async () => {
    const on = ["--sandbox", sandbox.url];
    expect((await runBuiltCli(["apply", PLAN, "--yes", ...on])).code).toBe(0);
    const asked = await runBuiltCli(["approve", PLAN, ...on]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain("--yes");
    const rejected = await runBuiltCli(["approve", PLAN, "--reject", "--yes", ...on]);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(rejected.stdout).toMatch(/^✓ pe-rsv-dev-uks-dev-backup: rejected$/m);
    const dryRun = await runBuiltCli(["apply", PLAN, "--dry-run", ...on]);
    expect(dryRun.stdout).toMatch(/^… waiting {3}public network access of vault rsv-dev-uks$/m);
  });
});
