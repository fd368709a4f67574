import { describe, expect, it } from "vitest";
import { VaultStep } from "../../../../src/ui/steps/vault/VaultStep.js";
import { DEMO_SUBSCRIPTIONS, drive, recorder, stateAt, wizardSessionPerTest } from "../../wizard-harness.js";

describe("the vault step when Azure Resource Graph is refused", () => {
  const session = wizardSessionPerTest({
    deniedActions: [{ action: "Microsoft.ResourceGraph/*", scope: "/" }],
  });

  it("lists every vault through ARM instead and says so under the list", async () => {
    const state = stateAt("vault", { subscriptionIds: DEMO_SUBSCRIPTIONS });
    const step = drive(
      <VaultStep
        state={state}
        dispatch={recorder().dispatch}
        services={session().services}
        active
        height={18}
      />,
    );
    // The two lists (Recovery Services vaults, Backup vaults) end apart: the notice comes with the first.
    const screen = await step.waitFor(/10 of 10 vaults[\s\S]*Azure Resource Graph did not answer/);
    expect(screen).toContain("rsv-prod-weu");
    step.unmount();
  });
});
