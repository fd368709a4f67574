import type { SecurityRule } from "../../../src/core/inventory.js";

/** An NSG rule literal with Azure's defaults for what a story does not mention. */
export function rule(
  overrides: Partial<SecurityRule> & Pick<SecurityRule, "name" | "priority">,
): SecurityRule {
  return {
    direction: "Outbound",
    access: "Allow",
    protocol: "*",
    sourceAddressPrefixes: ["*"],
    sourcePortRanges: ["*"],
    destinationAddressPrefixes: ["*"],
    destinationPortRanges: ["*"],
    description: undefined,
    ...overrides,
  };
}

/** Azure's default rules as ARM returns them in `defaultSecurityRules`. */
export const DEFAULTS: readonly SecurityRule[] = [
  rule({
    name: "AllowVnetInBound",
    priority: 65000,
    direction: "Inbound",
    sourceAddressPrefixes: ["VirtualNetwork"],
    destinationAddressPrefixes: ["VirtualNetwork"],
  }),
  rule({
    name: "AllowAzureLoadBalancerInBound",
    priority: 65001,
    direction: "Inbound",
    sourceAddressPrefixes: ["AzureLoadBalancer"],
  }),
  rule({ name: "DenyAllInBound", priority: 65500, direction: "Inbound", access: "Deny" }),
  rule({
    name: "AllowVnetOutBound",
    priority: 65000,
    sourceAddressPrefixes: ["VirtualNetwork"],
    destinationAddressPrefixes: ["VirtualNetwork"],
  }),
  rule({ name: "AllowInternetOutBound", priority: 65001, destinationAddressPrefixes: ["Internet"] }),
  rule({ name: "DenyAllOutBound", priority: 65500, access: "Deny" }),
];
