import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/** A plan the wizard saved for rsv-prod-weu: it recorded 123 free addresses in the spoke's endpoint subnet. */
const WIZARD_PLAN = "test/ui/golden/rsv-prod-weu.plan.json";
const SPOKE_SUBNET =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints";

/** Another team's plan: one endpoint of another vault in the same subnet, DNS kept by them. */
function otherVaultPlan(): string {
  return JSON.stringify({
    version: 1,
    cloud: "AzureCloud",
    vault: {
      id: "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-lrs-weu",
      location: "westeurope",
    },
    endpoints: [
      {
        name: "pe-rsv-lrs-weu-spoke",
        groupId: "AzureBackup",
        subnetId: SPOKE_SUBNET,
        location: "westeurope",
        approval: "auto",
      },
    ],
    secondaryRegion: null,
    dns: { strategy: "customDns", serverKind: "windows" },
    guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
    observed: { at: "2026-11-25T09:30:00.000Z", resources: [] },
  });
}

describe("drift is judged by the decision a fact fed, not by the number", () => {
  let directory: string;
  let sandbox: ServedSandbox;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-drift-"));
    sandbox = await serveSandbox(join(directory, "requests.jsonl"));
  });

  afterEach(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("another vault's endpoint in the same subnet (123 -> 113 free) leaves the plan's 10 addresses fitting: not stale", async () => {
    const other = join(directory, "other.plan.json");
    await writeFile(other, otherVaultPlan());
    const applied = await runBuiltCli(["apply", other, "--sandbox", sandbox.url, "--yes"]);
    expect(applied.code, applied.stderr).toBe(0);

    const recorded = JSON.parse(await readFile(WIZARD_PLAN, "utf8")).observed.resources.find(
      (r: { id: string }) => r.id === SPOKE_SUBNET,
    );
    expect(recorded.facts.freeAddresses).toBe(123);

    const dryRun = await runBuiltCli(["apply", WIZARD_PLAN, "--dry-run", "--sandbox", sandbox.url]);
    expect(dryRun.stderr).not.toContain("stale");
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/^Plan: \d+ to create, \d+ to update, \d+ unchanged, 0 blocked\.$/m);
  });
});
