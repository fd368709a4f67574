import { describe, expect, it } from "vitest";
import { EndpointsStep } from "../../../../src/ui/steps/endpoints/EndpointsStep.js";
import {
  DEMO_SUBSCRIPTIONS,
  demoVaultId,
  drive,
  Key,
  nextAction,
  recorder,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

async function endpointsStep(vaultName: string, log = recorder()) {
  const vault = await session().adapter.getVault(demoVaultId(vaultName));
  const state = stateAt("endpoints", { subscriptionIds: DEMO_SUBSCRIPTIONS, vault });
  return drive(
    <EndpointsStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
  );
}

describe("the endpoints & subnets step", () => {
  it("shows each subnet of the vault's region with free addresses, endpoints that fit and the /25 advice", async () => {
    const step = await endpointsStep("rsv-prod-weu");
    const screen = await step.waitFor("9 of 9 subnets");
    expect(screen).toMatch(
      /vnet-hub-weu\/snet-privateendpoints\s+10\.0\.2\.0\/25\s+\d+ free · \d+ fit · under \/25 advice/,
    );
    expect(screen).toMatch(
      /vnet-spoke-app-weu\/snet-privateendpoints\s+10\.1\.0\.0\/25\s+123 free · 12 fit · \/25 free/,
    );
    expect(screen).toMatch(/snet-tiny\s+10\.1\.2\.0\/28\s+9 free · 0 fit · too small/);
    expect(screen).toMatch(/snet-sql .*NSG appl/);
    expect(screen).not.toContain("northeurope");
    step.unmount();
  });

  it("takes a subnet in each of two VNets and proposes names for them", async () => {
    const log = recorder();
    const step = await endpointsStep("rsv-prod-weu", log);
    await step.waitFor("9 of 9 subnets");
    await step.type("privateendpoints");
    await step.waitFor("2 of 9 subnets");
    await step.press(Key.space, Key.down, Key.space, Key.enter);
    expect(await step.waitFor("Endpoint 1 of 2")).toContain("Name: pe-rsv-prod-weu-vnet-hub-weu-backup");
    await step.press(Key.enter);
    expect(await step.waitFor("Endpoint 2 of 2")).toContain("pe-rsv-prod-weu-vnet-spoke-app-weu-backup");
    await step.press(Key.enter);
    const action = await nextAction(log);
    expect(action.type === "endpointsChosen" && action.endpoints.map((e) => [e.name, e.location])).toEqual([
      ["pe-rsv-prod-weu-vnet-hub-weu-backup", "westeurope"],
      ["pe-rsv-prod-weu-vnet-spoke-app-weu-backup", "westeurope"],
    ]);
    step.unmount();
  });

  it("marks a too-small subnet and will not take it, saying why", async () => {
    const log = recorder();
    const step = await endpointsStep("rsv-prod-weu", log);
    await step.waitFor("9 of 9 subnets");
    await step.type("tiny");
    await step.waitFor("1 of 9 subnets");
    await step.press(Key.space);
    const screen = await step.waitFor("cannot take a backup endpoint");
    expect(screen).toContain("[subnet-too-small]");
    expect(screen).toContain("0 picked");
    step.unmount();
  });

  it("refuses names Azure would refuse, and names another endpoint of the vault has", async () => {
    const step = await endpointsStep("rsv-shared-weu");
    await step.waitFor("9 of 9 subnets");
    await step.type("spoke-app-weu/snet-privateendpoints");
    await step.waitFor("1 of 9 subnets");
    await step.press(Key.space, Key.enter);
    await step.waitFor("Endpoint 1 of 1");
    for (let i = 0; i < 64; i++) await step.press(Key.backspace);
    await step.type("pe-rsv-shared-weu-01");
    await step.press(Key.enter);
    expect(await step.waitFor("is already named")).toContain("pe-rsv-shared-weu-01");
    await step.type("!");
    await step.press(Key.enter);
    await step.waitFor("Private endpoint name");
    step.unmount();
  });

  it("tells the 12 limit before any endpoint is named: 11 exist, so a second pick is refused with why", async () => {
    const log = recorder();
    const step = await endpointsStep("rsv-shared-weu", log);
    expect(await step.waitFor("9 of 9 subnets")).toContain("0 picked · 1 more endpoint allowed");
    await step.type("privateendpoints");
    await step.waitFor("2 of 9 subnets");
    await step.press(Key.space);
    expect(await step.waitFor("1 picked")).toContain("no more endpoints allowed");
    await step.press(Key.down, Key.space);
    const screen = await step.waitFor("takes at most 12");
    expect(screen).toContain("rsv-shared-weu has 11 backup endpoints already");
    expect(screen).toContain("1 picked");
    expect(log.actions).toEqual([]);
    step.unmount();
  });
});
