import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AzureAdapter, createAzureAdapter } from "../../src/azure/adapter.js";
import type { Finding } from "../../src/core/findings.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { UserError } from "../../src/core/user-error.js";
import { checkVaults, type VaultCheck } from "../../src/engine/check-vaults.js";
import { previewPlan } from "../../src/engine/preview.js";
import { useAdapterSession } from "../azure/sandbox-session.js";
import { changesTenant } from "../support/tenant-writes.js";

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";
const vaultId = (name: string, sub = PROD, rg = "rg-backup-weu") =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${name}`;
const BACKUP_VAULT = `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.DataProtection/backupVaults/bv-disks-weu`;

function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}

function byName(results: readonly VaultCheck[]): Record<string, { eligibility: string; codes: string[] }> {
  return Object.fromEntries(
    results.map((r) => [r.name, { eligibility: r.eligibility, codes: codes(r.findings) }]),
  );
}

function find(results: readonly VaultCheck[], name: string): VaultCheck {
  const result = results.find((r) => r.name === name);
  if (result === undefined) throw new Error(`no result for ${name}`);
  return result;
}

/** The example plan, pointed at another vault of the demo tenant (endpoint names and subnets unchanged). */
function planFor(vaultName: string, id = vaultId(vaultName)): Plan {
  const path = "examples/private-zones.plan.json";
  const plan = parsePlanText(readFileSync(path, "utf8"), path);
  return { ...plan, vault: { ...plan.vault, id } };
}

async function dryRunFindings(adapter: AzureAdapter, plan: Plan): Promise<Finding[]> {
  const preview = await previewPlan(adapter, plan, { refresh: false });
  if (preview.kind !== "ready") throw new Error(`preview is ${preview.kind}`);
  return [...preview.findings];
}

describe("vaultlink check over the demo tenant", () => {
  const session = useAdapterSession();

  it("checks every vault of every subscription the identity sees, each with its own verdict and codes", async () => {
    const { adapter, sandbox } = session();
    const results = await checkVaults(adapter, { kind: "subscriptions", subscriptionIds: [] });

    // The demo tenant's design (src/sandbox/demo-vaults.ts) against what the seed's rules make of it: three
    // vaults can take endpoints with nothing to decide, two can once a warning is decided, two cannot.
    expect(byName(results)).toEqual({
      "rsv-cmk-weu": {
        eligibility: "needsDecision",
        codes: ["cmk-network-restricted-key-vault", "registration-history-unknown"],
      },
      "rsv-cmkpe-weu": {
        eligibility: "needsDecision",
        codes: ["cmk-private-endpoint-key-vault", "registration-history-unknown"],
      },
      // The v1 experience left `<endpoint>_ecs…_blob` / `_queue` endpoints beside the vault's endpoint: proof.
      "rsv-legacy-weu": {
        eligibility: "blocked",
        codes: ["v1-endpoints-present", "public-access-deny-recommended"],
      },
      "rsv-lrs-weu": {
        eligibility: "eligible",
        codes: ["registration-history-unknown"],
      },
      "rsv-prod-weu": {
        eligibility: "eligible",
        codes: ["registration-history-unknown", "secondary-endpoint-missing"],
      },
      "rsv-shared-weu": {
        eligibility: "needsDecision",
        codes: ["endpoint-limit-one-left", "public-access-deny-recommended"],
      },
      "rsv-sql-weu": {
        eligibility: "blocked",
        codes: ["vault-has-protected-items"],
      },
      "rsv-dev-uks": {
        eligibility: "eligible",
        codes: ["registration-history-unknown"],
      },
      // A MARS server is registered and nothing is protected: its protection container blocks it.
      "rsv-files-uks": {
        eligibility: "blocked",
        codes: ["vault-has-registered-servers"],
      },
    });
    // Ordered by id: the production subscription's vaults, then the dev one's.
    expect(results.map((r) => r.name).slice(-2)).toEqual(["rsv-dev-uks", "rsv-files-uks"]);
    expect(sandbox.requestLog().filter((e) => changesTenant(e))).toEqual([]);
  });

  it("finds the same through Resource Graph as through the ARM lists, subscription by subscription", async () => {
    const { adapter, sandbox } = session();
    const graphQueries = () =>
      sandbox.requestLog().filter((e) => e.path === "/providers/Microsoft.ResourceGraph/resources").length;
    const every = { kind: "subscriptions", subscriptionIds: [] } as const;
    const policyLists = () => sandbox.requestLog().filter((e) => /\/policyAssignments$/i.test(e.path)).length;
    const throughGraph = await checkVaults(adapter, every);
    // One query for the vaults, one for the policy assignments of all their subscriptions.
    expect(graphQueries()).toBe(2);
    expect(policyLists()).toBe(0);
    const armOnly = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5, inventory: "armLists" },
    );
    const vaultLists = () => sandbox.requestLog().filter((e) => /\/vaults$/i.test(e.path)).length;
    const throughArm = await checkVaults(armOnly, every);
    expect(graphQueries()).toBe(2);
    expect(vaultLists()).toBeGreaterThanOrEqual(3);
    // ARM lists: one per subscription that has vaults.
    expect(policyLists()).toBe(new Set(throughArm.map((r) => r.vault?.subscriptionId)).size);
    expect(throughGraph.length).toBe(9);
    expect(throughGraph).toEqual(throughArm);
  });

  it("each vault that cannot simply take endpoints has its own code, and only rsv-prod-weu is ready for cross-region restore", async () => {
    const results = await checkVaults(session().adapter, { kind: "subscriptions", subscriptionIds: [] });
    const worst = results.filter((r) => r.eligibility !== "eligible").map((r) => r.findings[0]?.code ?? "");
    expect(new Set(worst).size).toBe(worst.length);
    const prod = find(results, "rsv-prod-weu");
    expect(prod.vault?.redundancy).toBe("GRS");
    expect(prod.vault?.crossRegionRestore).toBe(true);
    expect(
      results.filter((r) => r.eligibility === "eligible" && r.vault?.crossRegionRestore).map((r) => r.name),
    ).toEqual(["rsv-prod-weu"]);
  });

  it("--subscription narrows the check to that subscription's vaults", async () => {
    const results = await checkVaults(session().adapter, { kind: "subscriptions", subscriptionIds: [DEV] });
    expect(results.map((r) => r.name)).toEqual(["rsv-dev-uks", "rsv-files-uks"]);
  });

  it("given ids, checks exactly those (once each, whatever their case)", async () => {
    const results = await checkVaults(session().adapter, {
      kind: "vaults",
      vaultIds: [vaultId("rsv-sql-weu"), vaultId("rsv-sql-weu").toUpperCase(), vaultId("rsv-prod-weu")],
    });
    expect(results.map((r) => [r.name, r.eligibility])).toEqual([
      ["rsv-prod-weu", "eligible"],
      ["rsv-sql-weu", "blocked"],
    ]);
  });

  it("answers a Backup vault id from the id alone, with no ARM call for it", async () => {
    const { adapter, sandbox } = session();
    const results = await checkVaults(adapter, {
      kind: "vaults",
      vaultIds: [BACKUP_VAULT, vaultId("rsv-lrs-weu")],
    });
    const backupVault = find(results, "bv-disks-weu");
    expect(backupVault.eligibility).toBe("blocked");
    expect(codes(backupVault.findings)).toEqual(["backup-vault-unsupported"]);
    expect(backupVault.findings[0]?.subject).toBe(BACKUP_VAULT);
    expect(sandbox.requestLog().filter((e) => /dataprotection|bv-disks-weu/i.test(e.path))).toEqual([]);
    expect(find(results, "rsv-lrs-weu").eligibility).toBe("eligible");
  });

  it("says a vault id ARM does not know is not found, and refuses what is not an ARM id", async () => {
    const { adapter } = session();
    const [missing] = await checkVaults(adapter, { kind: "vaults", vaultIds: [vaultId("rsv-gone-weu")] });
    expect(missing?.eligibility).toBe("blocked");
    expect(codes(missing?.findings ?? [])).toEqual(["vault-not-found"]);
    await expect(checkVaults(adapter, { kind: "vaults", vaultIds: ["rsv-prod-weu"] })).rejects.toBeInstanceOf(
      UserError,
    );
  });

  it("blocks a vault at 12 endpoints once a 12th is made, where 11 only warned", async () => {
    const { adapter } = session();
    const id = vaultId("rsv-shared-weu");
    await adapter.createOrUpdatePrivateEndpoint({
      id: `/subscriptions/${PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/privateEndpoints/pe-rsv-shared-weu-12`,
      location: "westeurope",
      subnetId: `/subscriptions/${PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu/subnets/snet-pe-shared`,
      vaultId: id,
      groupId: "AzureBackup",
      approval: { kind: "auto" },
    });
    const [shared] = await checkVaults(adapter, { kind: "vaults", vaultIds: [id] });
    expect(shared?.eligibility).toBe("blocked");
    expect(shared?.findings[0]?.code).toBe("endpoint-limit-reached");
    expect(codes(shared?.findings ?? [])).not.toContain("endpoint-limit-one-left");
  });
});

describe("the same rules in a plan's dry run", () => {
  const session = useAdapterSession();

  // Each failing condition of the demo tenant, and the eligible vault for the passing side.
  it.each([
    ["rsv-sql-weu", "vault-has-protected-items"],
    ["rsv-legacy-weu", "v1-endpoints-present"],
    ["rsv-cmk-weu", "cmk-network-restricted-key-vault"],
    // The example plans three new endpoints: 11 + 3 is over the 12, which the plan-time rule counts.
    ["rsv-shared-weu", "too-many-endpoints"],
  ])("a plan on %s shows %s, which a plan on rsv-prod-weu does not", async (vault, code) => {
    const { adapter } = session();
    expect(codes(await dryRunFindings(adapter, planFor(vault)))).toContain(code);
    expect(codes(await dryRunFindings(adapter, planFor("rsv-prod-weu")))).not.toContain(code);
  });

  it("a plan on rsv-files-uks, with a MARS server registered and nothing protected, is blocked as check blocks it", async () => {
    const { adapter } = session();
    const id = `/subscriptions/${DEV}/resourceGroups/rg-dev-uks/providers/Microsoft.RecoveryServices/vaults/rsv-files-uks`;
    const [checked] = await checkVaults(adapter, { kind: "vaults", vaultIds: [id] });
    const planned = await dryRunFindings(adapter, planFor("rsv-files-uks", id));
    const finding = planned.find((f) => f.code === "vault-has-registered-servers");
    expect(finding?.message).toContain("MARS agent: srv-files-uks-01.contoso.local");
    expect(finding).toEqual(checked?.findings.find((f) => f.code === "vault-has-registered-servers"));
  });

  it("finds for a vault in the dry run what check finds, where nothing planned changes the rule's answer", async () => {
    const { adapter } = session();
    const [checked] = await checkVaults(adapter, { kind: "vaults", vaultIds: [vaultId("rsv-sql-weu")] });
    const planned = await dryRunFindings(adapter, planFor("rsv-sql-weu"));
    for (const code of ["vault-has-protected-items"]) {
      expect(planned.find((f) => f.code === code)).toEqual(checked?.findings.find((f) => f.code === code));
    }
  });
});
