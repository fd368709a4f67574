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

const NSG_SQL = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-sql-weu`;

describe("the Entra ID & network guidance step", () => {
  it("names the NSG that blocks Entra ID today and adds the rule to the NSGs picked", async () => {
    const log = recorder();
    const step = await guidanceStep(log);
    const screen = await step.waitFor("Let vaultlink add NSG rules");
    expect(screen).toContain("[nsg-blocks-entra-id-outbound] NSG nsg-snet-sql-weu");
    await step.press(Key.enter);
    expect(await step.waitFor("nsg-snet-sql-weu  (blocks Entra ID today)")).toContain("nsg-snet-app-weu");
    await step.press(Key.enter);
    await step.waitFor("Deny (recommended)");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "guidanceChosen",
      guidance: {
        publicNetworkAccess: "deny",
        entraIdOutbound: { mode: "add", networkSecurityGroupIds: [NSG_SQL] },
      },
    });
    step.unmount();
  });

  it("prints the rules instead, and keeps public access when asked", async () => {
    const log = recorder();
    const step = await guidanceStep(log);
    await step.waitFor("Only print the rules");
    await step.press(Key.down, Key.enter);
    const top = await step.waitFor("az network nsg rule create \\");
    expect(top).toContain("lines 1-");
    // The commands are shown whole, wrapped with the shell's continuation mark, and scroll with PgDn.
    await step.press(Key.pageDown);
    const screen = await step.waitFor("# nsg-snet-sql-weu: Rule Deny-HTTPS-Outbound denies this traffic");
    // A quoted value is never broken: inside quotes the shell would keep the backslash and the line break.
    expect(screen).toContain(
      "  --description \\\n    'Added by vaultlink: Azure Backup workloads need outbound 443 to AzureActiveDirectory.'",
    );
    expect(screen).not.toContain("…");
    await step.press(Key.enter);
    await step.waitFor("Keep as it is");
    await step.press(Key.down, Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "guidanceChosen",
      guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
    });
    step.unmount();
  });
});
