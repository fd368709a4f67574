import { describe, expect, it } from "vitest";
import type { AzureAdapter } from "../../src/azure/adapter.js";
import type { NetworkSecurityGroup } from "../../src/core/inventory.js";
import { UserError } from "../../src/core/user-error.js";
import { checkNetworkSecurityGroups, type NsgCheck } from "../../src/engine/check-nsgs.js";
import { entraIdRuleGuidance } from "../../src/engine/entra-id-rule-guidance.js";
import { useAdapterSession } from "../azure/sandbox-session.js";
import { DEFAULTS, rule } from "../core/guidance/nsg-rules.js";

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const nsgId = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/networkSecurityGroups/${name}`;
const SQL_NSG = nsgId("nsg-snet-sql-weu");
const APP_NSG = nsgId("nsg-snet-app-weu");

async function checkOne(adapter: AzureAdapter, id: string): Promise<NsgCheck> {
  const [result] = await checkNetworkSecurityGroups(adapter, [id]);
  if (result === undefined) throw new Error(`no result for ${id}`);
  return result;
}

/** Carries out the hand fix through the adapter, the way the printed commands would: move first, then add. */
async function applyGuidance(adapter: AzureAdapter, result: NsgCheck): Promise<void> {
  const { guidance } = result;
  if (guidance.kind === "alreadyAllowed") return;
  if (guidance.kind === "moveDenyThenAddRule") await adapter.createOrUpdateSecurityRule(guidance.move);
  await adapter.createOrUpdateSecurityRule(guidance.add);
}

describe("check --nsg against the demo tenant's workload NSGs", () => {
  const session = useAdapterSession();

  it("flags nsg-snet-sql-weu with the rule that blocks Entra ID, and its hand fix, applied, lets Entra ID through", async () => {
    const { adapter } = session();
    const before = await checkOne(adapter, SQL_NSG);
    expect(before.findings.map((f) => f.code)).toEqual(["nsg-blocks-entra-id-outbound"]);
    expect(before.findings[0]?.message).toContain("rule Deny-HTTPS-Outbound (priority 100");
    if (before.guidance.kind !== "moveDenyThenAddRule") throw new Error(before.guidance.kind);
    // The deny sits at 100, the lowest custom priority: nothing fits ahead of it until it moves.
    expect(before.guidance.from).toBe(100);
    expect(before.guidance.move.rule).toMatchObject({
      name: "Deny-HTTPS-Outbound",
      priority: 101,
      access: "Deny",
    });
    expect(before.guidance.add.rule).toMatchObject({
      priority: 100,
      access: "Allow",
      destinationAddressPrefixes: ["AzureActiveDirectory"],
      destinationPortRanges: ["443"],
    });
    expect(before.guidance.nowAheadOfDeny).toEqual([]);

    await applyGuidance(adapter, before);

    const after = await checkOne(adapter, SQL_NSG);
    expect(after.findings.map((f) => f.code)).toEqual(["nsg-allows-entra-id-outbound"]);
    expect(after.findings[0]?.message).toContain(`through ${before.guidance.add.rule.name} (priority 100`);
    expect(after.guidance).toMatchObject({
      kind: "alreadyAllowed",
      by: { name: before.guidance.add.rule.name },
    });
    // The deny still stands for everything else, one place later.
    const nsg = await adapter.getNetworkSecurityGroup(SQL_NSG);
    expect(nsg.securityRules.find((r) => r.name === "Deny-HTTPS-Outbound")).toMatchObject({
      priority: 101,
      access: "Deny",
      destinationPortRanges: ["443"],
    });
  });

  it("proposes an explicit allow for nsg-snet-app-weu, where only Azure's default rule lets Entra ID out; applied, it decides", async () => {
    const { adapter } = session();
    const before = await checkOne(adapter, APP_NSG);
    expect(before.findings.map((f) => f.code)).toEqual(["nsg-allows-entra-id-outbound"]);
    expect(before.findings[0]?.message).toContain("AllowInternetOutBound (priority 65001");
    if (before.guidance.kind !== "addRule") throw new Error(before.guidance.kind);
    expect(before.guidance.add.rule.priority).toBe(4096);

    await applyGuidance(adapter, before);

    const after = await checkOne(adapter, APP_NSG);
    expect(after.findings[0]?.message).toContain(`through ${before.guidance.add.rule.name} (priority 4096`);
    expect(after.guidance.kind).toBe("alreadyAllowed");
    const nsg = await adapter.getNetworkSecurityGroup(APP_NSG);
    expect(nsg.securityRules.map((r) => r.name)).toContain("Allow-HTTPS-Inbound-From-Hub");
  });

  it("refuses an id that is not an NSG, and an NSG that does not exist", async () => {
    const { adapter } = session();
    await expect(
      checkNetworkSecurityGroups(adapter, [SQL_NSG.replace("networkSecurityGroups", "virtualNetworks")]),
    ).rejects.toThrow(/a network security group \(Microsoft.Network\/networkSecurityGroups\) is expected/);
    await expect(checkNetworkSecurityGroups(adapter, [nsgId("nsg-gone")])).rejects.toBeInstanceOf(UserError);
  });
});

function nsg(rules: NetworkSecurityGroup["securityRules"]): NetworkSecurityGroup {
  return {
    id: SQL_NSG,
    name: "nsg-snet-sql-weu",
    location: "westeurope",
    securityRules: rules,
    defaultSecurityRules: DEFAULTS,
    subnetIds: [],
  };
}

describe("the hand fix when a deny leaves no free priority", () => {
  it("moves the deny to the next free priority and names the rules that then come before it", () => {
    const guidance = entraIdRuleGuidance(
      nsg([
        rule({
          name: "Deny-Web-Out",
          priority: 100,
          access: "Deny",
          protocol: "Tcp",
          destinationPortRanges: ["443"],
        }),
        rule({ name: "Allow-Proxy-Out", priority: 101, destinationAddressPrefixes: ["10.9.0.4"] }),
        rule({ name: "Allow-Ntp-Out", priority: 102, protocol: "Udp", destinationPortRanges: ["123"] }),
        rule({ name: "Allow-Rdp-In", priority: 103, direction: "Inbound" }),
      ]),
    );
    if (guidance.kind !== "moveDenyThenAddRule") throw new Error(guidance.kind);
    // 103 is taken inbound only: outbound and inbound priorities are separate.
    expect(guidance.move.rule.priority).toBe(103);
    expect(guidance.add.rule.priority).toBe(100);
    expect(guidance.nowAheadOfDeny.map((r) => r.name)).toEqual(["Allow-Proxy-Out", "Allow-Ntp-Out"]);
  });

  it("prints the move before the new rule, for az CLI and PowerShell, touching only the deny's priority", () => {
    const guidance = entraIdRuleGuidance(
      nsg([
        rule({ name: "Deny-HTTPS-Outbound", priority: 100, access: "Deny", destinationPortRanges: ["443"] }),
      ]),
    );
    const { azCli, powerShell } =
      guidance.kind === "alreadyAllowed" ? { azCli: [], powerShell: [] } : guidance.commands;
    expect(azCli).toHaveLength(2);
    expect(azCli[0]).toBe(
      [
        "az network nsg rule update",
        `--subscription ${PROD}`,
        "--resource-group 'rg-spoke-app-weu'",
        "--nsg-name 'nsg-snet-sql-weu'",
        "--name 'Deny-HTTPS-Outbound'",
        "--priority 101",
      ].join(" \\\n  "),
    );
    expect(azCli[1]).toMatch(/^az network nsg rule create/);
    expect(azCli[1]).toContain("--priority 100");
    expect(powerShell[0]).toBe(
      [
        "$nsg = Get-AzNetworkSecurityGroup -ResourceGroupName 'rg-spoke-app-weu' -Name 'nsg-snet-sql-weu'",
        "($nsg.SecurityRules | Where-Object Name -eq 'Deny-HTTPS-Outbound').Priority = 101",
        "$nsg | Set-AzNetworkSecurityGroup",
      ].join("\n"),
    );
    expect(powerShell[1]).toContain("-Priority 100");
  });

  it("adds nothing when one of the NSG's own rules already allows Entra ID", () => {
    const guidance = entraIdRuleGuidance(
      nsg([
        rule({
          name: "Allow-Entra",
          priority: 200,
          protocol: "Tcp",
          destinationAddressPrefixes: ["AzureActiveDirectory"],
          destinationPortRanges: ["443"],
        }),
        rule({ name: "Deny-All-Out", priority: 300, access: "Deny" }),
      ]),
    );
    expect(guidance).toMatchObject({ kind: "alreadyAllowed", by: { name: "Allow-Entra" } });
  });
});
