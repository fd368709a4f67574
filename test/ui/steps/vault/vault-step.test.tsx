import { describe, expect, it } from "vitest";
import { VaultStep } from "../../../../src/ui/steps/vault/VaultStep.js";
import {
  DEMO_SUBSCRIPTIONS,
  drive,
  Key,
  nextAction,
  recorder,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();
const state = stateAt("vault", { subscriptionIds: DEMO_SUBSCRIPTIONS });

function vaultStep(log = recorder()) {
  return drive(
    <VaultStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
  );
}

describe("the vault step", () => {
  it("lists every vault with its region, redundancy and a readiness badge from the rules", async () => {
    const step = vaultStep();
    const screen = await step.waitFor(/\[ready {2}\] rsv-dev-uks[\s\S]*$/);
    expect(await step.waitFor("[blocked] rsv-sql-weu")).toContain("[ready  ] rsv-prod-weu");
    expect(screen).toMatch(/rsv-prod-weu\s+westeurope\s+GRS\+CRR/);
    expect(step.frame()).toMatch(/\[check {2}\] rsv-cmk-weu/);
    expect(step.frame()).toContain("[blocked] rsv-legacy-weu");
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
    await step.waitFor("1 of 8 vaults");
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
    await step.type("cmk");
    expect(await step.waitFor("[cmk-key-vault-network-unknown]")).toContain("1 of 8 vaults");
    await step.press(Key.escape);
    await step.waitFor("(type to filter)");
    await step.type("legacy");
    expect(await step.waitFor("[v1-endpoints-present]")).toContain(
      "fix: Delete all of the vault's private endpoints",
    );
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
});
