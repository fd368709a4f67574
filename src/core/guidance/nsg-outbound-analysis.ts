import ipaddr from "ipaddr.js";
import type { Finding } from "../findings.js";
import type { NetworkSecurityGroup, SecurityRule } from "../inventory.js";
import { Source } from "../rules/sources.js";

/**
 * Whether an NSG lets workloads reach a service tag outbound, read the way Azure evaluates rules: outbound
 * rules by priority, lowest number first, the first match decides (network-security-groups-overview).
 */

/** Outbound TCP traffic from the workload subnet to a service tag on one port. */
export interface OutboundTraffic {
  readonly serviceTag: string;
  readonly port: number;
}

export const ENTRA_ID_HTTPS: OutboundTraffic = { serviceTag: "AzureActiveDirectory", port: 443 };

/**
 * Azure's default outbound rules, used when an NSG read carries none (they exist on every NSG and cannot be
 * removed): AllowVnetOutBound 65000, AllowInternetOutBound 65001, DenyAllOutBound 65500.
 */
export const DEFAULT_OUTBOUND_RULES: readonly SecurityRule[] = [
  defaultRule("AllowVnetOutBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
  defaultRule("AllowInternetOutBound", 65001, "Allow", "*", "Internet"),
  defaultRule("DenyAllOutBound", 65500, "Deny", "*", "*"),
];

function defaultRule(
  name: string,
  priority: number,
  access: SecurityRule["access"],
  source: string,
  destination: string,
): SecurityRule {
  return {
    name,
    priority,
    direction: "Outbound",
    access,
    protocol: "*",
    sourceAddressPrefixes: [source],
    sourcePortRanges: ["*"],
    destinationAddressPrefixes: [destination],
    destinationPortRanges: ["*"],
    description: undefined,
  };
}

/** How surely a rule covers the traffic: `mayMatch` when it depends on addresses vaultlink cannot resolve. */
export type RuleMatch = "matches" | "mayMatch" | "noMatch";

const ORDER: readonly RuleMatch[] = ["noMatch", "mayMatch", "matches"];

/** The least sure of several conditions that must all hold. */
export function weakest(...matches: RuleMatch[]): RuleMatch {
  return ORDER[Math.min(...matches.map((m) => ORDER.indexOf(m)))] ?? "noMatch";
}

function strongest(matches: RuleMatch[]): RuleMatch {
  return ORDER[Math.max(-1, ...matches.map((m) => ORDER.indexOf(m)))] ?? "noMatch";
}

/** How surely destination port ranges (`*`, `443`, `400-500`) hold the port. */
export function portMatch(ranges: readonly string[], port: number): RuleMatch {
  const one = (range: string): RuleMatch => {
    const text = range.trim();
    if (text === "*") return "matches";
    const [from, to = from] = text.split("-").map((p) => Number(p.trim()));
    if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) return "mayMatch";
    return port >= from && port <= to ? "matches" : "noMatch";
  };
  return strongest(ranges.map(one));
}

/** Destinations: `*`, Internet and 0.0.0.0/0 cover every public service; a public CIDR or another tag may. */
function destinationMatch(prefixes: readonly string[], serviceTag: string): RuleMatch {
  const one = (prefix: string): RuleMatch => {
    const text = prefix.trim();
    const lower = text.toLowerCase();
    if (lower === "*" || lower === "internet" || lower === serviceTag.toLowerCase()) return "matches";
    if (lower === "virtualnetwork" || lower === "azureloadbalancer") return "noMatch";
    if (ipaddr.isValidCIDR(text) || ipaddr.isValid(text)) {
      const [address, length] = ipaddr.isValidCIDR(text) ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), 32];
      if (length === 0) return "matches";
      // Entra ID answers on public addresses: private, loopback and link-local ranges never hold it.
      return address.range() === "unicast" ? "mayMatch" : "noMatch";
    }
    return "mayMatch";
  };
  return prefixes.length === 0 ? "mayMatch" : strongest(prefixes.map(one));
}

/** Sources: `*` and VirtualNetwork hold every workload; a CIDR or an application security group may. */
function sourceMatch(prefixes: readonly string[]): RuleMatch {
  const one = (prefix: string): RuleMatch =>
    prefix.trim() === "*" || prefix.trim().toLowerCase() === "virtualnetwork" ? "matches" : "mayMatch";
  return prefixes.length === 0 ? "mayMatch" : strongest(prefixes.map(one));
}

/** How surely an outbound rule covers TCP traffic from a workload to the service tag on the port. */
export function ruleMatch(rule: SecurityRule, traffic: OutboundTraffic): RuleMatch {
  if (rule.direction !== "Outbound") return "noMatch";
  const protocol = rule.protocol.toLowerCase();
  if (protocol !== "*" && protocol !== "tcp") return "noMatch";
  const sourcePorts = rule.sourcePortRanges.some((r) => r.trim() === "*") ? "matches" : "mayMatch";
  return weakest(
    sourcePorts,
    sourceMatch(rule.sourceAddressPrefixes),
    portMatch(rule.destinationPortRanges, traffic.port),
    destinationMatch(rule.destinationAddressPrefixes, traffic.serviceTag),
  );
}

/**
 * The NSG's rules of one direction, custom and default, in the order Azure evaluates them; `fallback` stands in for
 * the default rules when the NSG was read without them.
 */
export function rulesInOrder(
  nsg: NetworkSecurityGroup,
  direction: SecurityRule["direction"],
  fallback: readonly SecurityRule[],
): SecurityRule[] {
  const defaults = nsg.defaultSecurityRules.filter((r) => r.direction === direction);
  return [...nsg.securityRules, ...(defaults.length > 0 ? defaults : fallback)]
    .filter((r) => r.direction === direction)
    .sort((a, b) => a.priority - b.priority);
}

/** The NSG's outbound rules, custom and default, in the order Azure evaluates them. */
export function outboundRulesInOrder(nsg: NetworkSecurityGroup): SecurityRule[] {
  return rulesInOrder(nsg, "Outbound", DEFAULT_OUTBOUND_RULES);
}

/**
 * The rule that decides the traffic (the first that surely matches) and the rules before it that might match
 * first, depending on addresses vaultlink cannot resolve (a CIDR source, another service tag, an ASG).
 */
export interface OutboundVerdict {
  readonly decision: "allowed" | "blocked";
  readonly decidedBy: SecurityRule;
  readonly uncertainBefore: readonly SecurityRule[];
}

export function evaluateOutbound(nsg: NetworkSecurityGroup, traffic: OutboundTraffic): OutboundVerdict {
  const uncertain: SecurityRule[] = [];
  for (const rule of outboundRulesInOrder(nsg)) {
    const match = ruleMatch(rule, traffic);
    if (match === "mayMatch") uncertain.push(rule);
    if (match === "matches") {
      return {
        decision: rule.access === "Allow" ? "allowed" : "blocked",
        decidedBy: rule,
        uncertainBefore: uncertain,
      };
    }
  }
  // DenyAllOutBound (65500) matches everything, so the loop always decides.
  throw new Error(`NSG ${nsg.id}: no outbound rule decided the traffic, not even DenyAllOutBound`);
}

function describe(rule: SecurityRule): string {
  return `${rule.name} (priority ${rule.priority}, ${rule.access} ${rule.protocol} to ${rule.destinationAddressPrefixes.join(", ") || "an application security group"} port ${rule.destinationPortRanges.join(", ")})`;
}

/**
 * Whether the NSG of a workload subnet already blocks outbound 443 to Microsoft Entra ID, which the backup
 * endpoints do not cover (seed), naming the rule that decides it.
 */
export function checkEntraIdOutbound(nsg: NetworkSecurityGroup): Finding[] {
  const verdict = evaluateOutbound(nsg, ENTRA_ID_HTTPS);
  if (verdict.decision === "blocked") {
    return [
      {
        severity: "warn",
        code: "nsg-blocks-entra-id-outbound",
        message: `NSG ${nsg.name} blocks outbound TCP 443 to Microsoft Entra ID: rule ${describe(verdict.decidedBy)} matches it before any allow. SQL Server / SAP HANA workload extensions and the MARS agent need it even with private endpoints.`,
        fix: `Add an outbound Allow for the AzureActiveDirectory service tag on TCP 443 with a priority number below ${verdict.decidedBy.priority} (vaultlink proposes one).`,
        source: `${Source.seedBeforeYouStart}; ${Source.nsgRules}`,
        subject: nsg.id,
      },
    ];
  }
  if (verdict.uncertainBefore.length > 0) {
    return [
      {
        severity: "warn",
        code: "nsg-may-block-entra-id-outbound",
        message: `NSG ${nsg.name} allows outbound TCP 443 to Microsoft Entra ID through ${describe(verdict.decidedBy)}, but earlier rules may match first depending on addresses vaultlink cannot resolve: ${verdict.uncertainBefore.map(describe).join("; ")}.`,
        fix: "Check those rules against the workload subnet's addresses and the AzureActiveDirectory ranges, or add an explicit Allow for the AzureActiveDirectory tag on 443 ahead of them.",
        source: Source.nsgRules,
        subject: nsg.id,
      },
    ];
  }
  return [
    {
      severity: "info",
      code: "nsg-allows-entra-id-outbound",
      message: `NSG ${nsg.name} allows outbound TCP 443 to Microsoft Entra ID through ${describe(verdict.decidedBy)}.`,
      fix: "Nothing to do. An explicit Allow for the AzureActiveDirectory tag keeps it working if someone later adds a broad outbound deny.",
      source: Source.nsgRules,
      subject: nsg.id,
    },
  ];
}
