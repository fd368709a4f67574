import { parseResourceId } from "../core/arm-id.js";
import { ENTRA_ID_HTTPS, evaluateOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import { azCliNsgRuleCommand, powerShellNsgRuleCommand } from "../core/guidance/nsg-rule-commands.js";
import { HIGHEST_CUSTOM_PRIORITY, proposeOutboundAllowRules } from "../core/guidance/nsg-rule-proposal.js";
import type { NetworkSecurityGroup, SecurityRule, SecurityRuleRequest } from "../core/inventory.js";
import { posixQuote } from "../core/shell-quote.js";

/**
 * What to do, by hand, so a workload subnet's NSG lets Microsoft Entra ID through on TCP 443 (the backup endpoints
 * do not cover it, seed): the rule vaultlink proposes, and the az CLI and Azure PowerShell commands that make it.
 * When a deny leaves no free priority ahead of it (a deny at 100, say), the only way is to move that deny to a
 * higher number first; vaultlink never does that itself, but it can print the commands.
 */

/** The same change as commands, in the order to run them. */
export interface HandCommands {
  readonly azCli: readonly string[];
  readonly powerShell: readonly string[];
}

export type EntraIdRuleGuidance =
  /** One of the NSG's own rules (priority up to 4096) allows it already: nothing to add. */
  | { readonly kind: "alreadyAllowed"; readonly by: SecurityRule }
  | { readonly kind: "addRule"; readonly add: SecurityRuleRequest; readonly commands: HandCommands }
  | {
      readonly kind: "moveDenyThenAddRule";
      /** Why the allow cannot simply be added (nsg-rule-proposal's explanation). */
      readonly explanation: string;
      /** The deny, unchanged but for its priority. */
      readonly move: SecurityRuleRequest;
      readonly from: number;
      readonly add: SecurityRuleRequest;
      /** Rules whose priorities lie between the deny's old and new number: they now come before the deny. */
      readonly nowAheadOfDeny: readonly SecurityRule[];
      readonly commands: HandCommands;
    };

function nsgScope(nsgId: string): { subscriptionId: string; resourceGroup: string; name: string } {
  const id = parseResourceId(nsgId);
  if (id.kind !== "resource" || id.resourceGroup === undefined)
    throw new Error(`not a network security group id: ${nsgId}`);
  return { subscriptionId: id.subscriptionId, resourceGroup: id.resourceGroup, name: id.name };
}

function psQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * `az network nsg rule update --priority` changes the priority alone (learn.microsoft.com/cli/azure/network/nsg/rule).
 * In PowerShell the rule object's Priority is set on the NSG read, then the NSG is written back, so no other field
 * of the rule is touched (Set-AzNetworkSecurityRuleConfig would reset what it is not given).
 */
function moveCommands(move: SecurityRuleRequest): HandCommands {
  const { subscriptionId, resourceGroup, name } = nsgScope(move.networkSecurityGroupId);
  const rule = move.rule;
  return {
    azCli: [
      [
        "az network nsg rule update",
        `--subscription ${subscriptionId}`,
        `--resource-group ${posixQuote(resourceGroup)}`,
        `--nsg-name ${posixQuote(name)}`,
        `--name ${posixQuote(rule.name)}`,
        `--priority ${rule.priority}`,
      ].join(" \\\n  "),
    ],
    powerShell: [
      [
        `$nsg = Get-AzNetworkSecurityGroup -ResourceGroupName ${psQuote(resourceGroup)} -Name ${psQuote(name)}`,
        `($nsg.SecurityRules | Where-Object Name -eq ${psQuote(rule.name)}).Priority = ${rule.priority}`,
        "$nsg | Set-AzNetworkSecurityGroup",
      ].join("\n"),
    ],
  };
}

function addCommands(add: SecurityRuleRequest): HandCommands {
  return { azCli: [azCliNsgRuleCommand(add)], powerShell: [powerShellNsgRuleCommand(add)] };
}

/** The first free outbound priority after `priority`, where the deny moves to. */
function nextFreePriority(nsg: NetworkSecurityGroup, priority: number): number {
  const taken = new Set(nsg.securityRules.filter((r) => r.direction === "Outbound").map((r) => r.priority));
  for (let candidate = priority + 1; candidate <= HIGHEST_CUSTOM_PRIORITY; candidate++)
    if (!taken.has(candidate)) return candidate;
  // An NSG holds at most 1000 rules (Azure subscription limits): a deny with every priority before it taken has free ones after it.
  throw new Error(`NSG ${nsg.id}: no free outbound priority after ${priority}`);
}

function withPriority(nsg: NetworkSecurityGroup, rule: SecurityRule, priority: number): NetworkSecurityGroup {
  return {
    ...nsg,
    securityRules: nsg.securityRules.map((r) => (r.name === rule.name ? { ...r, priority } : r)),
  };
}

/** The explicit outbound Allow for the AzureActiveDirectory tag on 443, and how to make it by hand. */
export function entraIdRuleGuidance(nsg: NetworkSecurityGroup): EntraIdRuleGuidance {
  const verdict = evaluateOutbound(nsg, ENTRA_ID_HTTPS);
  // As for the plan's rule action: the default AllowInternetOutBound does not count, a later broad deny would undo it.
  if (verdict.decision === "allowed" && verdict.decidedBy.priority <= HIGHEST_CUSTOM_PRIORITY)
    return { kind: "alreadyAllowed", by: verdict.decidedBy };
  const [proposal] = proposeOutboundAllowRules(nsg, ["AzureActiveDirectory"]);
  if (proposal === undefined) throw new Error("proposeOutboundAllowRules returned no proposal for one tag");
  if (proposal.kind === "proposed")
    return { kind: "addRule", add: proposal.request, commands: addCommands(proposal.request) };

  const deny = proposal.conflictingRule;
  const to = nextFreePriority(nsg, deny.priority);
  const [after] = proposeOutboundAllowRules(withPriority(nsg, deny, to), ["AzureActiveDirectory"]);
  if (after?.kind !== "proposed")
    throw new Error(`NSG ${nsg.id}: no place for the allow even after moving ${deny.name} to ${to}`);
  const move: SecurityRuleRequest = { networkSecurityGroupId: nsg.id, rule: { ...deny, priority: to } };
  const moved = moveCommands(move);
  const added = addCommands(after.request);
  return {
    kind: "moveDenyThenAddRule",
    explanation: proposal.explanation,
    move,
    from: deny.priority,
    add: after.request,
    nowAheadOfDeny: nsg.securityRules.filter(
      (r) => r.direction === "Outbound" && r.priority > deny.priority && r.priority < to,
    ),
    commands: {
      azCli: [...moved.azCli, ...added.azCli],
      powerShell: [...moved.powerShell, ...added.powerShell],
    },
  };
}
