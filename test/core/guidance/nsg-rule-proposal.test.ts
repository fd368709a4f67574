import { describe, expect, it } from "vitest";
import { evaluateOutbound } from "../../../src/core/guidance/nsg-outbound-analysis.js";
import {
  azCliNsgRuleCommand,
  powerShellNsgRuleCommand,
} from "../../../src/core/guidance/nsg-rule-commands.js";
import {
  type OutboundRuleProposal,
  proposeOutboundAllowRules,
} from "../../../src/core/guidance/nsg-rule-proposal.js";
import { validateSecurityRuleName } from "../../../src/core/naming.js";
import { nsg } from "../rules/tenant.js";
import { DEFAULTS, rule } from "./nsg-rules.js";

function proposed(proposal: OutboundRuleProposal | undefined) {
  if (proposal?.kind !== "proposed")
    throw new Error(`expected a proposed rule, got ${JSON.stringify(proposal)}`);
  return proposal;
}

const denyHttps = (priority: number) =>
  rule({
    name: `deny-https-${priority}`,
    priority,
    access: "Deny",
    protocol: "Tcp",
    destinationPortRanges: ["443"],
  });

describe("proposeOutboundAllowRules", () => {
  it("places the allow at the highest free priority below the conflicting deny, and it then wins", () => {
    const group = nsg({
      securityRules: [denyHttps(4000), rule({ name: "x", priority: 3999 })],
      defaultSecurityRules: DEFAULTS,
    });
    const [first] = proposeOutboundAllowRules(group, ["AzureActiveDirectory"]);
    const { request, before } = proposed(first);
    expect(request.rule.priority).toBe(3998);
    expect(before?.name).toBe("deny-https-4000");
    const after = nsg({ ...group, securityRules: [...group.securityRules, request.rule] });
    expect(evaluateOutbound(after, { serviceTag: "AzureActiveDirectory", port: 443 })).toMatchObject({
      decision: "allowed",
      decidedBy: { name: request.rule.name },
    });
  });

  it("generates valid rules: names, priorities 100–4096, Outbound Allow TCP 443 to the tag", () => {
    const proposals = proposeOutboundAllowRules(
      nsg({ defaultSecurityRules: DEFAULTS }),
      ["AzureActiveDirectory", "AzureBackup", "Storage"],
      {
        sourceAddressPrefixes: ["10.1.2.0/24"],
      },
    );
    const rules = proposals.map((p) => proposed(p).request.rule);
    expect(rules.map((r) => r.priority)).toEqual([4096, 4095, 4094]);
    for (const r of rules) {
      expect(validateSecurityRuleName(r.name)).toEqual({ ok: true });
      expect(r).toMatchObject({
        direction: "Outbound",
        access: "Allow",
        protocol: "Tcp",
        destinationPortRanges: ["443"],
        sourceAddressPrefixes: ["10.1.2.0/24"],
      });
    }
    expect(rules.map((r) => r.destinationAddressPrefixes)).toEqual([
      ["AzureActiveDirectory"],
      ["AzureBackup"],
      ["Storage"],
    ]);
  });

  it("skips taken priorities and names, never changing existing rules", () => {
    const existing = [
      rule({ name: "vaultlink-allow-AzureActiveDirectory-443-out", priority: 4096 }),
      rule({ name: "in-4095", priority: 4095, direction: "Inbound" }),
    ];
    const group = nsg({ securityRules: existing, defaultSecurityRules: DEFAULTS });
    const { request } = proposed(proposeOutboundAllowRules(group, ["AzureActiveDirectory"])[0]);
    expect(request.rule.name).toBe("vaultlink-allow-AzureActiveDirectory-443-out-2");
    expect(request.rule.priority).toBe(4095); // inbound priorities do not collide with outbound ones
    expect(group.securityRules).toEqual(existing);
  });

  it("has no free priority when the conflicting deny sits at 100", () => {
    const [first] = proposeOutboundAllowRules(nsg({ securityRules: [denyHttps(100)] }), [
      "AzureActiveDirectory",
    ]);
    expect(first).toMatchObject({ kind: "noFreePriority", conflictingRule: { name: "deny-https-100" } });
    expect(first?.kind === "noFreePriority" && first.explanation).toContain("moving deny-https-100");
  });

  it("has no free priority when every number below the deny is taken", () => {
    const taken = [100, 101, 102].map((p) =>
      rule({ name: `r${p}`, priority: p, destinationAddressPrefixes: ["VirtualNetwork"] }),
    );
    const [first] = proposeOutboundAllowRules(nsg({ securityRules: [...taken, denyHttps(103)] }), [
      "AzureActiveDirectory",
    ]);
    expect(first?.kind).toBe("noFreePriority");
  });

  it("ignores denies that cannot match the traffic (another port)", () => {
    const group = nsg({
      securityRules: [
        rule({ name: "deny-80", priority: 200, access: "Deny", destinationPortRanges: ["80"] }),
      ],
    });
    expect(proposed(proposeOutboundAllowRules(group, ["Storage"])[0]).request.rule.priority).toBe(4096);
  });
});

describe("NSG rule commands", () => {
  const group = nsg({ defaultSecurityRules: DEFAULTS });
  const { request } = proposed(proposeOutboundAllowRules(group, ["AzureActiveDirectory"])[0]);

  it("renders az network nsg rule create with every field", () => {
    const command = azCliNsgRuleCommand(request);
    expect(command).toContain("az network nsg rule create");
    expect(command).toContain("--resource-group 'rg-net'");
    expect(command).toContain("--nsg-name 'nsg-app'");
    expect(command).toContain("--priority 4096");
    expect(command).toContain("--direction Outbound");
    expect(command).toContain("--destination-address-prefixes 'AzureActiveDirectory'");
    expect(command).toContain("--destination-port-ranges '443'");
  });

  it("renders Add-AzNetworkSecurityRuleConfig and saves the NSG", () => {
    const script = powerShellNsgRuleCommand(request);
    expect(script).toContain("Get-AzNetworkSecurityGroup -ResourceGroupName 'rg-net' -Name 'nsg-app'");
    expect(script).toContain("Add-AzNetworkSecurityRuleConfig -NetworkSecurityGroup $nsg");
    expect(script).toContain("-DestinationAddressPrefix 'AzureActiveDirectory'");
    expect(script.trim().endsWith("$nsg | Set-AzNetworkSecurityGroup")).toBe(true);
  });
});
