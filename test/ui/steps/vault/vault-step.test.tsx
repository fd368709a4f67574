import { describe, expect, it } from "vitest";
import { VaultStep } from "../../../../src/ui/steps/vault/VaultStep.js";
import {
  DEMO_SUBSCRIPTIONS,
  demoSubnetId,
  demoVaultId,
  drive,
  Key,
  nextAction,
  recorder,
  SUB_CONNECTIVITY,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();
const state = stateAt("vault", { subscriptionIds: DEMO_SUBSCRIPTIONS });

function vaultStep(log = recorder(), height = 18) {
  return drive(
    <VaultStep state={state} dispatch={log.dispatch} services={session().services} active height={height} />,
  );
}

describe("the vault step", () => {
  it("lists every vault with its region, redundancy and a readiness badge from the rules", async () => {
    const step = vaultStep(recorder(), 30);
    const screen = await step.waitFor(/\[ready {2}\] rsv-dev-uks[\s\S]*$/);
    expect(await step.waitFor("[blocked] rsv-sql-weu")).toContain("[ready  ] rsv-prod-weu");
    expect(screen).toMatch(/rsv-prod-weu\s+westeurope\s+GRS\+CRR/);
    // Each badge fills in when its vault's reads come back, in no set order: wait for it.
    await step.waitFor(/\[check {2}\] rsv-cmk-weu/);
    await step.waitFor("[blocked] rsv-legacy-weu");
    step.unmount();
  });

  it("carries an eligible vault forward", async () => {
    const log = recorder();
    const step = vaultStep(log);
    await step.waitFor("[ready  ] rsv-prod-weu");
    await step.press(Key.enter);
    const action = await nextAction(log);
    expect(action.type === "vaultChosen" && action.vault.name).toBe("rsv-prod-weu");
    step.unmount();
  });

  it("keeps a blocked vault back but leaves its reason and fix readable", async () => {
    const log = recorder();
    const step = vaultStep(log);
    await step.waitFor("[blocked] rsv-sql-weu");
    await step.type("sql");
    await step.waitFor("1 of 10 vaults");
    await step.press(Key.enter);
    const screen = await step.waitFor("cannot be used for backup private endpoints");
    expect(screen).toContain("[vault-has-protected-items]");
    expect(screen).toContain("fix: Create a new Recovery Services vault");
    expect(log.actions).toEqual([]);
    step.unmount();
  });

  it("filters as you type and shows the CMK warning and the v1 block of the vaults that have them", async () => {
    const step = vaultStep();
    await step.waitFor("[check  ] rsv-cmk-weu");
    await step.type("rsv-cmk-");
    expect(await step.waitFor("[cmk-network-restricted-key-vault]")).toContain("1 of 10 vaults");
    await step.press(Key.escape);
    await step.waitFor("(type to filter)");
    await step.type("legacy");
    expect(await step.waitFor("[v1-endpoints-present]")).toContain(
      "fix: Delete all of the vault's private endpoints",
    );
    step.unmount();
  });

  it("lists a Backup vault greyed, says why when chosen, and shows its reason and fix", async () => {
    const log = recorder();
    const step = vaultStep(log, 30);
    await step.waitFor("[ready  ] rsv-prod-weu");
    await step.type("bv-disks");
    await step.waitFor("[n/a    ] bv-disks-weu");
    const focused = await step.waitFor("Backup vault (Microsoft.DataProtection)");
    expect(focused).toContain("[backup-vault-unsupported]");
    expect(focused).toContain("fix: Use a Recovery Services vault");
    await step.press(Key.enter);
    expect(
      await step.waitFor("is a Backup vault: v2 backup private endpoints are for Recovery Services vaults"),
    ).toContain("bv-disks-weu");
    expect(log.actions).toEqual([]);
    step.unmount();
  });

  it("blocks a vault with a registered MARS server and nothing protected, with the reason and fix", async () => {
    const step = vaultStep(recorder(), 30);
    await step.waitFor("[blocked] rsv-files-uks");
    await step.type("files");
    const screen = await step.waitFor("[vault-has-registered-servers]");
    expect(screen.replace(/\s+/g, " ")).toContain("MARS agent: srv-files-uks-01.contoso.local");
    step.unmount();
  });

  it("warns about a CMK in a key vault behind a private endpoint", async () => {
    const step = vaultStep(recorder(), 30);
    await step.waitFor("[check  ] rsv-cmkpe-weu");
    await step.type("cmkpe");
    expect(await step.waitFor("[cmk-private-endpoint-key-vault]")).toContain("kv-backup-pe-weu");
    step.unmount();
  });

  it("counts the endpoints a vault already has toward the 12", async () => {
    const step = vaultStep();
    await step.waitFor("rsv-shared-weu");
    await step.type("shared");
    expect(await step.waitFor("11 of 12 backup endpoints used")).toContain("rsv-shared-weu");
    step.unmount();
  });

  it("goes back on Esc with an empty filter", async () => {
    const log = recorder();
    const step = vaultStep(log);
    await step.waitFor("rsv-prod-weu");
    await step.press(Key.escape);
    expect(await nextAction(log)).toEqual({ type: "back" });
    step.unmount();
  });

  it("gives a vault the verdict `vaultlink check` gives it: rsv-shared-weu, one endpoint short of 12, needs a decision", async () => {
    const step = vaultStep();
    await step.waitFor("rsv-shared-weu");
    await step.type("shared");
    const screen = await step.waitFor("[endpoint-limit-one-left]");
    expect(screen).toMatch(/\[check {2}\] rsv-shared-weu/);
    expect(screen).not.toContain("No findings");
    step.unmount();
  });

  it("stops asking for a secondary endpoint once the vault has one", async () => {
    const before = vaultStep(undefined, 18);
    await before.waitFor("rsv-prod-weu");
    await before.type("prod-weu");
    await before.waitFor("Tab to scroll");
    // The details are longer than their share of the screen: Tab gives them the keys, End shows the last.
    await before.press(Key.tab, Key.end);
    await before.waitFor("[secondary-endpoint-missing]");
    before.unmount();

    const hubNeu = demoSubnetId(
      SUB_CONNECTIVITY,
      "rg-hub-network-neu",
      "vnet-hub-neu",
      "snet-privateendpoints",
    );
    await session().adapter.createOrUpdatePrivateEndpoint({
      id: `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-neu/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod-weu-neu-secondary`,
      location: "northeurope",
      subnetId: hubNeu,
      vaultId: demoVaultId("rsv-prod-weu"),
      groupId: "AzureBackup_secondary",
      approval: { kind: "auto" },
    });
    const after = vaultStep(undefined, 30);
    await after.waitFor("rsv-prod-weu");
    await after.type("prod-weu");
    const screen = await after.waitFor("1 of 12 backup endpoints used");
    await after.waitFor(/\[(ready|check) {2}\] rsv-prod-weu/);
    expect(after.frame()).not.toContain("secondary-endpoint-missing");
    expect(screen).toContain("rsv-prod-weu");
    after.unmount();
  });
});
