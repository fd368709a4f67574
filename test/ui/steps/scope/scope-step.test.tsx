import { describe, expect, it } from "vitest";
import { ScopeStep } from "../../../../src/ui/steps/scope/ScopeStep.js";
import { initialWizardState } from "../../../../src/ui/wizard-state.js";
import {
  DEMO_SUBSCRIPTIONS,
  drive,
  Key,
  nextAction,
  recorder,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

describe("the sign-in & scope step", () => {
  it("says what it works against and the tenant, never a token, and takes every enabled subscription by default", async () => {
    const log = recorder();
    const step = drive(
      <ScopeStep
        state={initialWizardState}
        dispatch={log.dispatch}
        services={session().services}
        active
        height={18}
        onCredentialMissing={() => {}}
      />,
    );
    const screen = await step.waitFor("Contoso Dev/Test");
    expect(screen).toContain("Working against: the demo tenant");
    expect(screen).toContain("Tenant: 8f3c2a51-6d4e-4b7a-9c1f-2e5d7a9b0c13");
    expect(screen).not.toMatch(/token|Bearer/i);
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({ type: "scopeChosen", subscriptionIds: DEMO_SUBSCRIPTIONS });
    step.unmount();
  });

  it("refuses to go on with no subscription picked", async () => {
    const log = recorder();
    const step = drive(
      <ScopeStep
        state={initialWizardState}
        dispatch={log.dispatch}
        services={session().services}
        active
        height={18}
        onCredentialMissing={() => {}}
      />,
    );
    await step.waitFor("Contoso Dev/Test");
    await step.press(Key.space, Key.down, Key.space, Key.down, Key.space, Key.enter);
    await step.waitFor("Pick at least one subscription");
    expect(log.actions).toEqual([]);
    step.unmount();
  });

  it("starts from the subscriptions given with --subscription", async () => {
    const log = recorder();
    const services = { ...session().services, preselectedSubscriptions: [DEMO_SUBSCRIPTIONS[1] as string] };
    const step = drive(
      <ScopeStep
        state={initialWizardState}
        dispatch={log.dispatch}
        services={services}
        active
        height={18}
        onCredentialMissing={() => {}}
      />,
    );
    await step.waitFor("Contoso Dev/Test");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({ type: "scopeChosen", subscriptionIds: [DEMO_SUBSCRIPTIONS[1]] });
    step.unmount();
  });
});
