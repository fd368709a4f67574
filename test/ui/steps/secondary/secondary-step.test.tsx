import { describe, expect, it } from "vitest";
import { SecondaryStep } from "../../../../src/ui/steps/secondary/SecondaryStep.js";
import {
  DEMO_SUBSCRIPTIONS,
  demoEndpoints,
  demoVaultId,
  drive,
  Key,
  nextAction,
  recorder,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

async function secondaryStep(vaultName: string, log = recorder(), endpoints = demoEndpoints(vaultName)) {
  const vault = await session().adapter.getVault(demoVaultId(vaultName));
  const state = stateAt("secondary", {
    subscriptionIds: DEMO_SUBSCRIPTIONS,
    vault,
    endpoints,
    dns: {
      strategy: "privateZones",
      zoneResourceGroupId: `/subscriptions/${DEMO_SUBSCRIPTIONS[0]}/resourceGroups/rg-private-dns`,
      zoneGroups: "policyManaged",
      extraLinkedVirtualNetworkIds: [],
    },
  });
  return drive(
    <SecondaryStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
  );
}

describe("the secondary region step", () => {
  it("proposes the paired region and takes a subnet there with a proposed name", async () => {
    const log = recorder();
    const step = await secondaryStep("rsv-prod-weu", log);
    const screen = await step.waitFor("Add a secondary endpoint in northeurope");
    expect(screen).toContain("cross-region restore on. Its paired region is northeurope.");
    expect(screen).toContain("[secondary-zone-group-not-policy-managed]");
    await step.press(Key.enter);
    await step.waitFor("5 of 5 subnets");
    await step.type("hub-neu/snet-private");
    await step.waitFor("1 of 5 subnets");
    await step.press(Key.enter);
    expect(await step.waitFor("Name: pe-rsv-prod-weu-vnet-hub-neu-backup-secondary")).toContain(
      "(secondary)",
    );
    await step.press(Key.enter);
    const action = await nextAction(log);
    expect(action.type === "secondaryChosen" && action.secondary).toMatchObject({
      kind: "add",
      name: "pe-rsv-prod-weu-vnet-hub-neu-backup-secondary",
      location: "northeurope",
    });
    step.unmount();
  });

  it("does not start on Add for a GRS vault with cross-region restore off (the dry run blocks it): it says why and none is the choice", async () => {
    const log = recorder();
    const step = await secondaryStep("rsv-cmk-weu", log);
    const screen = await step.waitFor("[cross-region-restore-off]");
    expect(screen).toContain("cross-region restore off");
    expect(screen).toContain("Add a secondary endpoint in northeurope (blocked: cross-region-restore-off)");
    expect(screen).toContain("cannot be added to rsv-cmk-weu as it is");
    expect(screen).toContain("❯ No secondary endpoint");
    // Enter on the blocked Add does nothing; back down on none, Enter goes on without a secondary.
    await step.press(Key.up, Key.enter);
    expect(log.actions).toEqual([]);
    await step.press(Key.down, Key.enter);
    expect(await nextAction(log)).toEqual({ type: "secondaryChosen", secondary: { kind: "skip" } });
    step.unmount();
  });

  it("does not start on Add when the primaries planned already take the vault's 12 endpoints", async () => {
    const log = recorder();
    const [hub] = demoEndpoints("rsv-prod-weu");
    if (hub === undefined) throw new Error("demoEndpoints gave none");
    const twelve = Array.from({ length: 12 }, (_, i) => ({ ...hub, name: `pe-rsv-prod-weu-${i + 1}` }));
    const step = await secondaryStep("rsv-prod-weu", log, twelve);
    const screen = await step.waitFor("[too-many-endpoints]");
    expect(screen).toContain("(blocked: too-many-endpoints)");
    expect(screen).toContain("❯ No secondary endpoint");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({ type: "secondaryChosen", secondary: { kind: "skip" } });
    step.unmount();
  });
});
