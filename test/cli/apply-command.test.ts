import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-apply-cmd-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("vaultlink apply against the built-in sandbox", () => {
  it("dry run lists each action with its marker and a summary, and exits 0", async () => {
    const { code, stdout } = await runBuiltCli([
      "apply",
      "examples/private-zones.plan.json",
      "--dry-run",
      "--sandbox",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\+ create {4}private endpoint pe-rsv-prod-weu-hub-backup \(AzureBackup\)/m);
    expect(stdout).toMatch(/^= no change private DNS zone privatelink\.blob\.core\.windows\.net/m);
    expect(stdout).toMatch(/^Plan: \d+ to create, 0 to update, \d+ unchanged, 0 blocked\.$/m);
    expect(stdout).toContain("[backup-zone-named-with-region]");
  });

  it("dry run in JSON gives the same actions as data", async () => {
    const { code, stdout } = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      "--dry-run",
      "--sandbox",
      "-o",
      "json",
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // The endpoint asks for manual approval: public access Deny waits for the vault owner (approve-command.test.ts).
    expect(result.summary).toEqual({
      create: 1,
      update: 0,
      noChange: 0,
      blocked: 0,
      waiting: 1,
      inProgress: 0,
    });
    expect(result.actions.map((a: { kind: string; resource: string }) => `${a.kind} ${a.resource}`)).toEqual([
      "create privateEndpoint",
      "waiting vaultPublicNetworkAccess",
    ]);
  });

  it("applies with --yes, reporting each change", async () => {
    const { code, stdout, stderr } = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      "--sandbox",
      "--yes",
    ]);
    expect(code).toBe(0);
    // The example's endpoint asks for manual approval: apply ends by saying who must approve what.
    expect(stderr).toMatch(
      /^Waiting for approval: the connection of pe-rsv-dev-uks-dev-backup stays Pending until an owner of vault rsv-dev-uks approves it\.$/m,
    );
    expect(stderr).toMatch(
      /az network private-endpoint-connection approve --id \/subscriptions\/.*\/vaults\/rsv-dev-uks\/privateEndpointConnections\/pe-rsv-dev-uks-dev-backup\./,
    );
    expect(stdout).toMatch(/^✓ private endpoint pe-rsv-dev-uks-dev-backup/m);
    expect(stdout).not.toMatch(/^✓ public network access of vault rsv-dev-uks/m);
    expect(stdout).toContain("Applied: 1 change. 1 change waits (see above).");
  });

  it("refuses to apply without --yes when there is no terminal to ask in", async () => {
    const { code, stderr } = await runBuiltCli(["apply", "examples/custom-dns.plan.json", "--sandbox"]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "Applying needs a confirmation, but vaultlink does not prompt here (standard input is not a terminal).",
    );
    expect(stderr).toContain("run again with --yes");
  });

  it("exits 3 with the blocked action and its fix when a plan cannot be applied", async () => {
    const plan = JSON.parse(await readFile("examples/private-zones.plan.json", "utf8"));
    plan.guidance.entraIdOutbound.networkSecurityGroupIds = [
      plan.guidance.entraIdOutbound.networkSecurityGroupIds[0].replace(
        "nsg-snet-app-weu",
        "nsg-snet-sql-weu",
      ),
    ];
    const path = join(directory, "blocked.plan.json");
    await writeFile(path, JSON.stringify(plan));
    const { code, stdout, stderr } = await runBuiltCli(["apply", path, "--dry-run", "--sandbox"]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^✗ blocked {3}NSG rule allowing Microsoft Entra ID/m);
    expect(stdout).toContain("[nsg-no-free-priority]");
    expect(stdout).toContain("[nsg-blocks-entra-id-outbound]");
    expect(stderr).toContain("The plan cannot be applied: 1 action is blocked; nothing was written.");
  });

  it("stops a stale plan before any write and shows what changed, field by field", async () => {
    const plan = JSON.parse(await readFile("examples/custom-dns.plan.json", "utf8"));
    plan.observed.resources = [
      { id: plan.vault.id, etag: null, facts: { exists: true, publicNetworkAccess: "Disabled" } },
    ];
    const path = join(directory, "stale.plan.json");
    await writeFile(path, JSON.stringify(plan));
    const { code, stderr } = await runBuiltCli(["apply", path, "--sandbox", "--yes"]);
    expect(code).toBe(3);
    expect(stderr).toContain(`${path} is stale`);
    expect(stderr).toContain('publicNetworkAccess: "Disabled" when planned, "Enabled" now');
    const refreshed = await runBuiltCli(["apply", path, "--sandbox", "--refresh", "--dry-run"]);
    expect(refreshed.code).toBe(0);
  });
});
