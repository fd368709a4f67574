import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ReviewStep } from "../../../../src/ui/steps/review/ReviewStep.js";
import type { WizardChoices } from "../../../../src/ui/wizard-state.js";
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

async function reviewStep(
  vaultName: string,
  extra: Partial<WizardChoices> = {},
  log = recorder(),
  saved: string[] = [],
) {
  const vault = await session().adapter.getVault(demoVaultId(vaultName));
  const state = stateAt("review", {
    subscriptionIds: DEMO_SUBSCRIPTIONS,
    vault,
    endpoints: demoEndpoints(vaultName),
    dns: { strategy: "customDns", serverKind: "bind" },
    guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
    secondary: { kind: "skip" },
    ...extra,
  });
  return drive(
    <ReviewStep
      state={state}
      dispatch={log.dispatch}
      services={session().services}
      active
      height={18}
      onSavedOnly={(p) => saved.push(p)}
    />,
  );
}

describe("the review step", () => {
  it("shows the dry run's actions and summary, and offers apply now", async () => {
    const step = await reviewStep("rsv-prod-weu");
    const screen = await step.waitFor("Apply now (saves the plan first)");
    expect(screen).toContain("+ create    private endpoint pe-rsv-prod-weu-hub (AzureBackup)");
    await step.press(Key.pageDown, Key.pageDown, Key.pageDown);
    expect(await step.waitFor("Plan: 2 to create, 0 to update, 0 unchanged, 0 blocked.")).toBeTruthy();
    step.unmount();
  });

  it("saves the plan only, at the default path, and never replaces a file without asking", async () => {
    const saved: string[] = [];
    const path = join(session().dir, "vaultlink-rsv-prod-weu.plan.json");
    await writeFile(path, "an earlier plan\n");
    const step = await reviewStep("rsv-prod-weu", {}, recorder(), saved);
    await step.waitFor("Save the plan only");
    await step.press(Key.down, Key.enter);
    await step.waitFor("Save the plan to: ./vaultlink-rsv-prod-weu.plan.json");
    await step.press(Key.enter);
    expect(await step.waitFor("exists. Replace it?")).toContain(path);
    await step.press(Key.enter);
    await step.waitFor("Save the plan to:");
    expect(await readFile(path, "utf8")).toBe("an earlier plan\n");
    await step.press(Key.enter);
    await step.waitFor("Replace it?");
    await step.type("y");
    const deadline = Date.now() + 5000;
    while (saved.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(saved).toEqual([path]);
    const plan = JSON.parse(await readFile(path, "utf8"));
    expect(plan.endpoints.map((e: { name: string }) => e.name)).toEqual([
      "pe-rsv-prod-weu-hub",
      "pe-rsv-prod-weu-spoke",
    ]);
    expect(plan.observed.resources.length).toBeGreaterThan(0);
    step.unmount();
  });

  it("will not apply a blocked plan but can still save it", async () => {
    const step = await reviewStep("rsv-sql-weu");
    const screen = await step.waitFor("Cannot apply:");
    expect(screen).toContain("Apply now (saves the plan first) (");
    expect(screen).toContain("❯ Save the plan only");
    await step.press(Key.up, Key.enter);
    expect(step.frame()).not.toContain("Save the plan to:");
    step.unmount();
  });

  it("asks before saving a blocked plan, naming what is blocked, and goes back by default", async () => {
    const saved: string[] = [];
    const step = await reviewStep("rsv-sql-weu", {}, recorder(), saved);
    await step.waitFor("Cannot apply:");
    await step.press(Key.enter);
    const screen = await step.waitFor("Save the blocked plan anyway");
    expect(screen).toContain("This plan is blocked:");
    expect(screen).toContain("[vault-has-protected-items]");
    expect(screen).toContain("❯ Back to the review");
    await step.press(Key.enter);
    await step.waitFor("Cannot apply:");
    expect(step.frame()).not.toContain("Save the plan to:");
    await step.press(Key.enter);
    await step.waitFor("Save the blocked plan anyway");
    await step.press(Key.down, Key.enter);
    await step.waitFor("Save the plan to:");
    await step.press(Key.enter);
    const deadline = Date.now() + 5000;
    while (saved.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(saved).toEqual([join(session().dir, "vaultlink-rsv-sql-weu.plan.json")]);
    step.unmount();
  });

  it("apply now saves the plan, then hands the run to the apply step", async () => {
    const log = recorder();
    const step = await reviewStep("rsv-prod-weu", {}, log);
    await step.waitFor("Apply now");
    await step.press(Key.enter);
    await step.waitFor("Save the plan to:");
    await step.press(Key.enter);
    const action = await nextAction(log);
    expect(action.type === "applyChosen" && action.run.planPath).toBe(
      join(session().dir, "vaultlink-rsv-prod-weu.plan.json"),
    );
    expect(
      action.type === "applyChosen" && action.run.actions.filter((a) => a.kind === "create"),
    ).toHaveLength(2);
    step.unmount();
  });
});
