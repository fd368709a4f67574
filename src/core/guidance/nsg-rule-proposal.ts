import type { NetworkSecurityGroup, SecurityRule, SecurityRuleRequest } from "../inventory.js";
import { validateSecurityRuleName } from "../naming.js";
import { type OutboundTraffic, ruleMatch } from "./nsg-outbound-analysis.js";

/** Custom NSG rules take priorities 100–4096; lower numbers are processed first (network-security-groups-overview). */
export const LOWEST_CUSTOM_PRIORITY = 100;
export const HIGHEST_CUSTOM_PRIORITY = 4096;

/**
 * Service tags a workload subnet may need outbound on 443: Microsoft Entra ID always (the endpoints do not
 * cover it); Azure Backup and Storage only where the vault is still reached publicly (seed, "Difference in
 * network connections").
 */
export type OutboundServiceTag = "AzureActiveDirectory" | "AzureBackup" | "Storage";

export interface OutboundAllowOptions {
  /** Where the workloads are: the subnet's prefixes, or VirtualNetwork (the default) for every address in the VNet. */
  readonly sourceAddressPrefixes?: readonly string[];
}

/** A rule vaultlink would add, as the adapter writes it, with why it sits where it does. */
export type OutboundRuleProposal =
  | {
      readonly kind: "proposed";
      readonly serviceTag: OutboundServiceTag;
      readonly request: SecurityRuleRequest;
      /** The first rule that denies (or may deny) the traffic, which the new rule must precede. */
      readonly before: SecurityRule | undefined;
    }
  | {
      readonly kind: "noFreePriority";
      readonly serviceTag: OutboundServiceTag;
      /** The deny that leaves no free priority ahead of it (e.g. a deny at 100). */
      readonly conflictingRule: SecurityRule;
      readonly explanation: string;
    };

function firstConflictingDeny(nsg: NetworkSecurityGroup, traffic: OutboundTraffic): SecurityRule | undefined {
  return nsg.securityRules
    .filter((r) => r.access === "Deny" && ruleMatch(r, traffic) !== "noMatch")
    .sort((a, b) => a.priority - b.priority)[0];
}

/**
 * The highest free priority below the conflicting deny (or up to 4096 when there is none): as late as possible,
 * so the new rule never overtakes rules the NSG's owners placed on purpose, yet ahead of the deny.
 */
export function freePriorityBelow(limit: number, taken: ReadonlySet<number>): number | undefined {
  for (
    let priority = Math.min(limit, HIGHEST_CUSTOM_PRIORITY);
    priority >= LOWEST_CUSTOM_PRIORITY;
    priority--
  ) {
    if (!taken.has(priority)) return priority;
  }
  return undefined;
}

function ruleName(serviceTag: OutboundServiceTag, port: number, takenNames: ReadonlySet<string>): string {
  const base = `vaultlink-allow-${serviceTag}-${port}-out`;
  let name = base;
  for (let n = 2; takenNames.has(name.toLowerCase()); n++) name = `${base}-${n}`;
  const check = validateSecurityRuleName(name);
  if (!check.ok)
    throw new Error(`generated NSG rule name is invalid: ${check.failures.map((f) => f.message).join(" ")}`);
  return name;
}

/**
 * Outbound Allow rules for the service tags on TCP 443, one per tag, each at a free priority ahead of the first
 * custom deny that could match it. Existing rules are never changed: when the deny leaves no free priority, the
 * proposal says so instead.
 */
export function proposeOutboundAllowRules(
  nsg: NetworkSecurityGroup,
  serviceTags: readonly OutboundServiceTag[],
  options: OutboundAllowOptions = {},
): OutboundRuleProposal[] {
  const sources = options.sourceAddressPrefixes ?? ["VirtualNetwork"];
  // Priorities are unique per direction within an NSG.
  const taken = new Set(nsg.securityRules.filter((r) => r.direction === "Outbound").map((r) => r.priority));
  const takenNames = new Set(
    [...nsg.securityRules, ...nsg.defaultSecurityRules].map((r) => r.name.toLowerCase()),
  );
  return serviceTags.map((serviceTag): OutboundRuleProposal => {
    const traffic = { serviceTag, port: 443 };
    const deny = firstConflictingDeny(nsg, traffic);
    const priority = freePriorityBelow((deny?.priority ?? HIGHEST_CUSTOM_PRIORITY + 1) - 1, taken);
    if (deny !== undefined && priority === undefined) {
      return {
        kind: "noFreePriority",
        serviceTag,
        conflictingRule: deny,
        explanation: `Rule ${deny.name} denies this traffic at priority ${deny.priority} and every priority from ${LOWEST_CUSTOM_PRIORITY} to ${deny.priority - 1} is taken (or there is none): an Allow cannot be placed ahead of it without moving ${deny.name} to a higher number.`,
      };
    }
    if (priority === undefined) {
      // An NSG holds at most 1000 rules (Azure subscription limits), so 3997 free-of-deny priorities cannot all be taken.
      throw new Error(`NSG ${nsg.id} has every outbound priority 100–4096 taken`);
    }
    taken.add(priority);
    const name = ruleName(serviceTag, 443, takenNames);
    takenNames.add(name.toLowerCase());
    const rule: SecurityRule = {
      name,
      priority,
      direction: "Outbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: sources,
      sourcePortRanges: ["*"],
      destinationAddressPrefixes: [serviceTag],
      destinationPortRanges: ["443"],
      description: `Added by vaultlink: Azure Backup workloads need outbound 443 to ${serviceTag}.`,
    };
    return { kind: "proposed", serviceTag, request: { networkSecurityGroupId: nsg.id, rule }, before: deny };
  });
}
