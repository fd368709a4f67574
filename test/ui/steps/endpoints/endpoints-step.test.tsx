import { describe, expect, it } from "vitest";
import type { Workload } from "../../../../src/core/plan/plan-schema.js";
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

/**
 * The step with the workloads question answered (none named) unless told otherwise, so it starts on the subnets;
 * `null`: not answered yet, so it starts on the question.
 */
async function endpointsStep(
  vaultName: string,
  log = recorder(),
  workloads: readonly Workload[] | null = [],
) {
  const vault = await session().adapter.getVault(demoVaultId(vaultName));
  const state = stateAt("endpoints", {
    subscriptionIds: DEMO_SUBSCRIPTIONS,
    vault,
    workloads: workloads ?? undefined,
  });
  return drive(
    <EndpointsStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
  );
}

describe("the endpoints & subnets step", () => {
  it("asks first what the vault will protect, says what each needs, and asks a backup server's data sources", async () => {
    const log = recorder();
    const step = await endpointsStep("rsv-prod-weu", log, null);
    const asked = await step.waitFor("What will rsv-prod-weu protect?");
    expect(asked).toContain("SQL Server in Azure VMs · endpoint; Entra ID 443 outbound");
    expect(asked).toContain("DPM 2022 or later · endpoint; 10 + n IPs, n data sources");
    expect(asked).toContain("MABS v4 or later · endpoint; 10 + n IPs, n data sources");
    expect(asked).toContain("Azure VMs · no endpoint; file recovery only from endpoint VNets");
    expect(asked).toContain("Azure Files · no endpoint needed");
    expect(asked.replace(/\s+/g, " ")).toContain(
      "Older DPM / MABS cannot use the endpoints. Unmanaged disks behind a storage ACL: allow trusted Microsoft services.",
    );
    // SQL Server and DPM: DPM is then asked how many data sources it protects.
    await step.press(Key.space, Key.down, Key.down, Key.down, Key.space, Key.enter);
    expect(await step.waitFor("n: ")).toContain("How many data sources will the DPM server protect?");
    await step.type("x");
    await step.press(Key.enter);
    expect(await step.waitFor("is not a whole number")).toContain('"0x" is not a whole number');
    await step.press(Key.backspace, Key.backspace);
    await step.type("40");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "workloadsChosen",
      workloads: [{ kind: "sqlServerInAzureVm" }, { kind: "dpm", version: 2022, dataSources: 40 }],
    });
    await step.waitFor("9 of 9 subnets");
    // Esc from the subnet list goes back to the question, Esc there leaves the step.
    await step.press(Key.escape);
    await step.waitFor("What will rsv-prod-weu protect?");
    const answered = log.actions.length;
    await step.press(Key.escape);
    for (let waited = 0; log.actions.length === answered && waited < 800; waited++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log.actions.slice(answered)).toEqual([{ type: "back" }]);
    step.unmount();
  });

  it("sizes the subnets at 10 + n for a backup server with n data sources, by the rule the dry run uses", async () => {
    const step = await endpointsStep("rsv-prod-weu", recorder(), [
      { kind: "mabs", majorVersion: 4, dataSources: 120 },
    ]);
    const screen = await step.waitFor("9 of 9 subnets");
    expect(screen).toContain("12 more endpoints allowed · 10 + 120 IPs each");
    // 123 free: one endpoint alone fits (10), not with the server's 120 data sources (130).
    expect(screen).toMatch(
      /vnet-spoke-app-weu\/snet-privateendpoints\s+10\.1\.0\.0\/25\s+123 free · 0 fit · too small/,
    );
    step.unmount();
  });

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
