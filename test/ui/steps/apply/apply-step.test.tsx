import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../../src/core/plan/build-plan.js";
import { previewPlan } from "../../../../src/engine/preview.js";
import { ApplyStep } from "../../../../src/ui/steps/apply/ApplyStep.js";
import {
  demoEndpoints,
  demoVaultId,
  drive,
  Key,
  PLANNED_AT,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

describe("the apply & verify step", () => {
  it("applies the reviewed actions, verifies them by reading again, and says how to replay", async () => {
    const { adapter } = session();
    const plan = buildPlan({
      cloud: "AzureCloud",
      vault: { id: demoVaultId("rsv-lrs-weu"), location: "westeurope" },
      endpoints: demoEndpoints("rsv-lrs-weu"),
      secondary: null,
      dns: { strategy: "hostsFile", platform: "linux" },
      guidance: { publicNetworkAccess: "deny", entraIdOutbound: { mode: "print" } },
      observed: { at: PLANNED_AT, resources: [] },
    });
    const preview = await previewPlan(adapter, plan, { refresh: false });
    if (preview.kind !== "ready") throw new Error("the demo tenant should preview");
    const ends: boolean[] = [];
    const state = {
      ...stateAt("apply", {}),
      run: { planPath: "/plans/p.json", plan, actions: preview.actions },
    };
    const step = drive(
      <ApplyStep
        state={state}
        dispatch={() => {}}
        services={session().services}
        active
        height={18}
        onDone={(ok) => ends.push(ok)}
      />,
    );
    const screen = await step.waitFor("Verified: Azure matches the plan.", 15_000);
    expect(screen).toContain("✓ private endpoint pe-rsv-lrs-weu-hub");
    expect(screen).toContain("matches the plan");
    expect(screen).toContain("vaultlink apply /plans/p.json");
    // A hosts-file plan: the records are the person's to add, and the step says how.
    expect(screen).toMatch(/\d+ names do not resolve privately yet/);
    expect(screen.replaceAll("\n", " ")).toContain("vaultlink dns /plans/p.json");
    await step.press(Key.enter);
    expect(ends).toEqual([true]);
    expect((await adapter.getVault(demoVaultId("rsv-lrs-weu"))).publicNetworkAccess).toBe("Disabled");
    step.unmount();
  });

  it("reads the tenant again before writing: an endpoint taken since the review stops it, and nothing is written", async () => {
    const { adapter, sandbox } = session();
    const plan = buildPlan({
      cloud: "AzureCloud",
      vault: { id: demoVaultId("rsv-lrs-weu"), location: "westeurope" },
      endpoints: demoEndpoints("rsv-lrs-weu"),
      secondary: null,
      dns: { strategy: "hostsFile", platform: "linux" },
      guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
      observed: { at: PLANNED_AT, resources: [] },
    });
    const review = await previewPlan(adapter, plan, { refresh: false });
    if (review.kind !== "ready") throw new Error("the demo tenant should preview");
    const [first, second] = review.actions.filter(
      (a) => a.kind === "create" && a.write.resource === "privateEndpoint",
    );
    if (first?.kind !== "create" || first.write.resource !== "privateEndpoint" || second?.kind !== "create")
      throw new Error("the review should create two endpoints");
    if (second.write.resource !== "privateEndpoint") throw new Error("not an endpoint");
    // Between the review and "Apply now", another team creates an endpoint of the same name in another subnet.
    await adapter.createOrUpdatePrivateEndpoint({
      ...first.write.request,
      subnetId: second.write.request.subnetId,
    });
    const writesBefore = sandbox.requestLog().filter((e) => e.method !== "GET").length;

    const state = {
      ...stateAt("apply", {}),
      run: { planPath: "/plans/p.json", plan, actions: review.actions },
    };
    const step = drive(
      <ApplyStep
        state={state}
        dispatch={() => {}}
        services={session().services}
        active
        height={24}
        onDone={() => {}}
      />,
    );
    const screen = await step.waitFor("Nothing was written", 15_000);
    expect(screen).toContain("the plan is blocked now");
    expect(screen.replace(/\s+/g, " ")).toContain("vaultlink apply /plans/p.json --refresh --dry-run");
    expect(sandbox.requestLog().filter((e) => e.method !== "GET").length).toBe(writesBefore);
    step.unmount();
  });
});
