import { describe, expect, it } from "vitest";
import { GuidanceStep } from "../../../../src/ui/steps/guidance/GuidanceStep.js";
import {
  DEMO_SUBSCRIPTIONS,
  demoEndpoints,
  demoVaultId,
  drive,
  Key,
  nextAction,
  recorder,
  SUB_PROD,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

async function guidanceStep(log = recorder()) {
  const vault = await session().adapter.getVault(demoVaultId("rsv-prod-weu"));
  const state = stateAt("guidance", {
    subscriptionIds: DEMO_SUBSCRIPTIONS,
    vault,
    endpoints: demoEndpoints("rsv-prod-weu"),
  });
  return drive(
    <GuidanceStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
  );
}

const NSG_APP = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-app-weu`;

describe("the Entra ID & network guidance step", () => {
  it("does not start on adding a rule the dry run would block (a deny at priority 100): it says why and offers the commands that move the deny", async () => {
    const log = recorder();
    const step = await guidanceStep(log);
    const screen = await step.waitFor("Let vaultlink add NSG rules");
    expect(screen).toContain("[nsg-blocks-entra-id-outbound] NSG nsg-snet-sql-weu");
    expect(screen).toContain(
      "vaultlink cannot add the rule to nsg-snet-sql-weu: Deny-HTTPS-Outbound denies it at priority 100",
    );
    expect(screen).toContain("❯ Only print the rules");
    await step.press(Key.enter);
    const printed = await step.waitFor("az network nsg rule update");
    // The firewall's rules are a command away, said where the commands are (the choice screen has no room left).
    expect(printed.replace(/\s+/g, " ")).toContain(
      "vaultlink guidance PLAN --format azure-firewall|fqdn-list",
    );
    expect(printed).toContain(
      "# nsg-snet-sql-weu: move Deny-HTTPS-Outbound from priority 100 to 101, then add the allow",
    );
    expect(printed).toContain("--priority 101");
    expect(printed).toContain("az network nsg rule create");
    await step.press(Key.enter);
    await step.waitFor("❯ Keep as it is");
    await step.press(Key.up, Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "guidanceChosen",
      guidance: { publicNetworkAccess: "deny", entraIdOutbound: { mode: "print" } },
    });
    step.unmount();
  });

  it("with cross-region restore on, does not call Deny recommended: it quotes Microsoft's note with its URL and starts on Keep", async () => {
    const log = recorder();
    const step = await guidanceStep(log);
    await step.waitFor("❯ Only print the rules");
    await step.press(Key.enter);
    await step.waitFor("Press Enter to continue");
    await step.press(Key.enter);
    const screen = (
      await step.waitFor("❯ Keep as it is (documented-safe with cross-region restore)")
    ).replace(/\s+/g, " ");
    expect(screen).not.toContain("recommended");
    expect(screen).toContain(
      "This vault has cross-region restore on. Microsoft's v2 how-to says: “Denial of public access is currently not supported for vaults that have Cross Region Restore enabled”",
    );
    expect(screen).toContain(
      "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage",
    );
    await step.press(Key.enter);
    expect(await nextAction(log)).toMatchObject({
      type: "guidanceChosen",
      guidance: { publicNetworkAccess: "keep" },
    });
    step.unmount();
  });

  it("without cross-region restore, recommends Deny and starts on it", async () => {
    const log = recorder();
    const vault = await session().adapter.getVault(demoVaultId("rsv-lrs-weu"));
    const state = stateAt("guidance", {
      subscriptionIds: DEMO_SUBSCRIPTIONS,
      vault,
      endpoints: demoEndpoints("rsv-lrs-weu"),
    });
    const step = drive(
      <GuidanceStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
    );
    await step.waitFor("❯ Only print the rules");
    await step.press(Key.enter);
    await step.waitFor("Press Enter to continue");
    await step.press(Key.enter);
    const screen = await step.waitFor("❯ Deny (recommended)");
    expect(screen).not.toContain("cross-region restore");
    step.unmount();
  });

  it("offers adding the rule only to NSGs that can take it, and keeps public access when asked", async () => {
    const log = recorder();
    const step = await guidanceStep(log);
    await step.waitFor("❯ Only print the rules");
    await step.press(Key.up, Key.enter);
    const screen = await step.waitFor("Add the rule to which NSGs?");
    expect(screen).toContain("Not offered: nsg-snet-sql-weu");
    expect(screen).not.toContain("(blocks Entra ID today)");
    await step.press(Key.space, Key.enter);
    await step.waitFor("Keep as it is");
    await step.press(Key.down, Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "guidanceChosen",
      guidance: {
        publicNetworkAccess: "keep",
        entraIdOutbound: { mode: "add", networkSecurityGroupIds: [NSG_APP] },
      },
    });
    step.unmount();
  });
});
