import { describe, expect, it } from "vitest";
import { demoTenant } from "../../../../src/sandbox/demo-tenant.js";
import type { SandboxState } from "../../../../src/sandbox/state.js";
import { VaultStep } from "../../../../src/ui/steps/vault/VaultStep.js";
import {
  DEMO_SUBSCRIPTIONS,
  drive,
  Key,
  recorder,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";

/** The demo tenant with Microsoft.RecoveryServices not registered in the dev subscription. */
function unregisteredDev(): SandboxState {
  const tenant = demoTenant();
  return {
    ...tenant,
    subscriptions: tenant.subscriptions.map((s) =>
      s.subscriptionId === DEV
        ? { ...s, resourceProviders: { "Microsoft.RecoveryServices": "NotRegistered" } }
        : s,
    ),
  };
}

const session = wizardSessionPerTest({ state: unregisteredDev() });

describe("the vault step, in a subscription where Microsoft.RecoveryServices is not registered", () => {
  it("keeps the vault back and shows the `az provider register` fix", async () => {
    const log = recorder();
    const step = drive(
      <VaultStep
        state={stateAt("vault", { subscriptionIds: DEMO_SUBSCRIPTIONS })}
        dispatch={log.dispatch}
        services={session().services}
        active
        height={30}
      />,
    );
    await step.waitFor("[ready  ] rsv-prod-weu");
    await step.type("rsv-dev");
    const screen = await step.waitFor("[provider-not-registered]");
    expect(screen).toContain("[blocked] rsv-dev-uks");
    expect(screen.replace(/\s+/g, " ")).toContain(
      `az provider register --namespace Microsoft.RecoveryServices --subscription ${DEV} --wait`,
    );
    await step.press(Key.enter);
    await step.waitFor("cannot be used for backup private endpoints");
    expect(log.actions).toEqual([]);
    step.unmount();
  });
});
