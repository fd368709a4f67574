import { describe, expect, it } from "vitest";
import {
  checkEntraIdOutbound,
  ENTRA_ID_HTTPS,
  evaluateOutbound,
  ruleMatch,
} from "../../../src/core/guidance/nsg-outbound-analysis.js";
import { nsg } from "../rules/tenant.js";
import { DEFAULTS, rule } from "./nsg-rules.js";

describe("evaluateOutbound", () => {
  it("allows Entra ID through AllowInternetOutBound on an NSG with only the default rules", () => {
    const verdict = evaluateOutbound(nsg({ defaultSecurityRules: DEFAULTS }), ENTRA_ID_HTTPS);
    expect(verdict).toMatchObject({ decision: "allowed", decidedBy: { name: "AllowInternetOutBound" } });
  });

  it("uses Azure's default rules when the read carried none", () => {
    expect(evaluateOutbound(nsg(), ENTRA_ID_HTTPS).decidedBy.name).toBe("AllowInternetOutBound");
  });

  it("blocks behind a deny-all-to-Internet above the default allow, naming the rule", () => {
    const verdict = evaluateOutbound(
      nsg({
        securityRules: [
          rule({
            name: "deny-internet",
            priority: 4000,
            access: "Deny",
            destinationAddressPrefixes: ["Internet"],
          }),
        ],
        defaultSecurityRules: DEFAULTS,
      }),
      ENTRA_ID_HTTPS,
    );
    expect(verdict).toMatchObject({ decision: "blocked", decidedBy: { name: "deny-internet" } });
  });

  it("lets an earlier allow for the AzureActiveDirectory tag win over a later deny on 443", () => {
    const verdict = evaluateOutbound(
      nsg({
        securityRules: [
          rule({
            name: "deny-443",
            priority: 300,
            access: "Deny",
            protocol: "Tcp",
            destinationPortRanges: ["443"],
          }),
          rule({
            name: "allow-aad",
            priority: 200,
            protocol: "Tcp",
            destinationAddressPrefixes: ["AzureActiveDirectory"],
            destinationPortRanges: ["443"],
          }),
        ],
        defaultSecurityRules: DEFAULTS,
      }),
      ENTRA_ID_HTTPS,
    );
    expect(verdict.decidedBy.name).toBe("allow-aad");
  });

  it("ignores rules for other ports, protocols, private destinations and the inbound direction", () => {
    const verdict = evaluateOutbound(
      nsg({
        securityRules: [
          rule({ name: "deny-80", priority: 100, access: "Deny", destinationPortRanges: ["80"] }),
          rule({ name: "deny-udp", priority: 110, access: "Deny", protocol: "Udp" }),
          rule({
            name: "deny-onprem",
            priority: 120,
            access: "Deny",
            destinationAddressPrefixes: ["10.0.0.0/8", "192.168.0.0/16"],
          }),
          rule({
            name: "deny-vnet",
            priority: 130,
            access: "Deny",
            destinationAddressPrefixes: ["VirtualNetwork"],
          }),
          rule({ name: "deny-in", priority: 140, access: "Deny", direction: "Inbound" }),
          rule({ name: "deny-range", priority: 150, access: "Deny", destinationPortRanges: ["1000-2000"] }),
        ],
        defaultSecurityRules: DEFAULTS,
      }),
      ENTRA_ID_HTTPS,
    );
    expect(verdict).toMatchObject({
      decision: "allowed",
      decidedBy: { name: "AllowInternetOutBound" },
      uncertainBefore: [],
    });
  });

  it("marks a deny to a public CIDR or another service tag as possibly matching", () => {
    const verdict = evaluateOutbound(
      nsg({
        securityRules: [
          rule({
            name: "deny-public-range",
            priority: 200,
            access: "Deny",
            destinationAddressPrefixes: ["20.190.128.0/18"],
          }),
          rule({
            name: "deny-azurecloud",
            priority: 210,
            access: "Deny",
            destinationPortRanges: ["400-500"],
            destinationAddressPrefixes: ["AzureCloud"],
          }),
        ],
        defaultSecurityRules: DEFAULTS,
      }),
      ENTRA_ID_HTTPS,
    );
    expect(verdict.decision).toBe("allowed");
    expect(verdict.uncertainBefore.map((r) => r.name)).toEqual(["deny-public-range", "deny-azurecloud"]);
  });

  it("reads the match of single rules", () => {
    expect(
      ruleMatch(
        rule({ name: "r", priority: 100, destinationAddressPrefixes: ["0.0.0.0/0"] }),
        ENTRA_ID_HTTPS,
      ),
    ).toBe("matches");
    expect(
      ruleMatch(rule({ name: "r", priority: 100, sourceAddressPrefixes: ["10.1.0.0/24"] }), ENTRA_ID_HTTPS),
    ).toBe("mayMatch");
    expect(ruleMatch(rule({ name: "r", priority: 100, protocol: "Icmp" }), ENTRA_ID_HTTPS)).toBe("noMatch");
  });
});

describe("checkEntraIdOutbound", () => {
  it("warns about the demo tenant's NSG that denies outbound 443, naming the rule", () => {
    const [finding] = checkEntraIdOutbound(
      nsg({
        securityRules: [
          rule({ name: "allow-vnet", priority: 100, destinationAddressPrefixes: ["VirtualNetwork"] }),
          rule({
            name: "deny-https-out",
            priority: 4096,
            access: "Deny",
            protocol: "Tcp",
            destinationPortRanges: ["443"],
          }),
        ],
        defaultSecurityRules: DEFAULTS,
      }),
    );
    expect(finding).toMatchObject({ severity: "warn", code: "nsg-blocks-entra-id-outbound" });
    expect(finding?.message).toContain("deny-https-out (priority 4096");
    expect(finding?.fix).toContain("below 4096");
  });

  it("warns when an earlier rule may block, listing it", () => {
    const [finding] = checkEntraIdOutbound(
      nsg({
        securityRules: [
          rule({
            name: "deny-some",
            priority: 500,
            access: "Deny",
            destinationAddressPrefixes: ["40.126.0.0/18"],
          }),
        ],
        defaultSecurityRules: DEFAULTS,
      }),
    );
    expect(finding?.code).toBe("nsg-may-block-entra-id-outbound");
    expect(finding?.message).toContain("deny-some");
  });

  it("says when the NSG allows it", () => {
    const [finding] = checkEntraIdOutbound(nsg({ defaultSecurityRules: DEFAULTS }));
    expect(finding).toMatchObject({ severity: "info", code: "nsg-allows-entra-id-outbound" });
  });
});
