import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/**
 * What the dry run decides about a plan before any write, through the built CLI: where an endpoint's records go
 * (from what the endpoint is, checked against the vault and the endpoint's own names), whether its location is
 * its VNet's, whether the service would refuse a secondary endpoint, and what `check` says once one exists.
 */

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";
const vaultId = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/${name}`;
const example = JSON.parse(readFileSync("examples/private-zones.plan.json", "utf8")) as Plan;
const [hubWeu, , secondaryNeu] = example.endpoints as [
  Plan["endpoints"][number],
  unknown,
  Plan["endpoints"][number],
];

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-plan-verdicts-"));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The example plan with `change` applied, written to the test's directory. */
async function planFile(name: string, change: (plan: Plan) => Plan): Promise<string> {
  const { $schema: _, ...plan } = example;
  const path = join(directory, `${name}.plan.json`);
  await writeFile(path, JSON.stringify(change(plan as Plan), null, 2));
  return path;
}

const printOnly = { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } } as const;

describe("the zone follows from what the endpoint is, and the endpoint's location must be its VNet's", () => {
  it("puts a secondary endpoint in a VNet of another region in the paired region's zone (ne), not its location's (uks)", async () => {
    const plan = await planFile("secondary-in-uksouth", (p) => ({
      ...p,
      endpoints: [
        hubWeu,
        {
          name: "pe-rsv-prod-weu-dev-uks-secondary",
          groupId: "AzureBackup_secondary",
          subnetId: `/subscriptions/${DEV}/resourceGroups/rg-dev-uks/providers/Microsoft.Network/virtualNetworks/vnet-dev-uks/subnets/snet-default`,
          location: "uksouth",
          approval: "auto",
        },
      ],
      secondaryRegion: "uksouth",
      guidance: printOnly,
    }));
    const { code, stdout } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox"]);
    expect(stdout).toContain("private DNS zone privatelink.ne.backup.windowsazure.com");
    expect(stdout).not.toContain("privatelink.uks.backup");
    expect(stdout).toContain("[secondary-region-not-paired]");
    expect(code).toBe(0);
  });

  it("blocks an endpoint whose location is not its VNet's region, naming the VNet's region", async () => {
    const plan = await planFile("location-not-vnet", (p) => ({
      ...p,
      endpoints: [{ ...hubWeu, location: "northeurope" }],
      secondaryRegion: null,
      guidance: printOnly,
    }));
    const { code, stdout, stderr } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox"]);
    expect(stdout).toMatch(/✗ blocked {3}private endpoint pe-rsv-prod-weu-hub-backup/);
    expect(stdout).toContain(
      "[endpoint-location-not-vnet-region] Endpoint pe-rsv-prod-weu-hub-backup is planned in northeurope, but its VNet vnet-hub-weu is in westeurope",
    );
    expect(stdout).toContain("Set the endpoint's location to westeurope");
    expect(stdout).not.toContain("private DNS zone privatelink.ne.backup");
    expect(stderr).toContain("The plan cannot be applied");
    expect(code).toBe(3);
  });
});

describe("a secondary endpoint on a vault with cross-region restore off", () => {
  it("is blocked by the dry run, which says how to turn cross-region restore on, since the service refuses it", async () => {
    const plan = await planFile("cmk-secondary", (p) => ({
      ...p,
      vault: { id: vaultId("rsv-cmk-weu"), location: "westeurope" },
      endpoints: [
        { ...hubWeu, name: "pe-rsv-cmk-weu-hub-backup" },
        { ...secondaryNeu, name: "pe-rsv-cmk-weu-hub-backup-secondary" },
      ],
      guidance: printOnly,
    }));
    const { code, stdout } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox"]);
    expect(stdout).toMatch(
      /✗ blocked {3}private endpoint pe-rsv-cmk-weu-hub-backup-secondary \(AzureBackup_secondary\)/,
    );
    expect(stdout).toContain("[cross-region-restore-off] rsv-cmk-weu has cross-region restore off");
    expect(stdout).toContain("--cross-region-restore-flag true");
    expect(stdout).toContain("cannot be undone");
    expect(stdout).toMatch(/^Plan: .* [1-9]\d* blocked\.$/m);
    expect(code).toBe(3);
  });
});

describe("against one served tenant, after a plan was applied", () => {
  let sandbox: ServedSandbox;
  beforeAll(async () => {
    sandbox = await serveSandbox(join(directory, "requests.jsonl"));
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  it("check no longer asks rsv-prod-weu for a secondary endpoint once the example's secondary exists", async () => {
    const before = await runBuiltCli(["check", vaultId("rsv-prod-weu"), "--sandbox", sandbox.url]);
    expect(before.stdout).toContain("[secondary-endpoint-missing]");
    const applied = await runBuiltCli([
      "apply",
      "examples/private-zones.plan.json",
      "--sandbox",
      sandbox.url,
      "--yes",
    ]);
    expect(applied.code).toBe(0);
    const { code, stdout } = await runBuiltCli(["check", vaultId("rsv-prod-weu"), "--sandbox", sandbox.url]);
    expect(stdout).toMatch(/^✓ rsv-prod-weu: can take v2 backup private endpoints$/m);
    expect(stdout).not.toContain("secondary-endpoint-missing");
    expect(code).toBe(0);
  });

  it("blocks writing an existing endpoint's records into a zone its names do not live in: the FQDNs decide", async () => {
    // The plan says the vault is in northeurope: its zones would be privatelink.ne…, but the endpoint the example
    // created lives in privatelink.we… (its customDnsConfigs), as the vault's private link resources also say.
    const plan = await planFile("wrong-vault-region", (p) => ({
      ...p,
      vault: { ...p.vault, location: "northeurope" },
      endpoints: [hubWeu],
      secondaryRegion: null,
      guidance: printOnly,
    }));
    const { code, stdout } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", sandbox.url]);
    expect(stdout).toContain(
      "[zone-name-differs-from-endpoint] Endpoint pe-rsv-prod-weu-hub-backup's names live in privatelink.we.backup.windowsazure.com",
    );
    expect(stdout).toMatch(/✗ blocked {3}DNS zone group of pe-rsv-prod-weu-hub-backup/);
    expect(stdout).toContain("[zone-name-differs-from-vault]");
    expect(stdout).toContain("[vault-location-differs]");
    expect(code).toBe(3);
  });
});
