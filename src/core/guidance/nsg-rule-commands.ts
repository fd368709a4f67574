import { parseResourceId } from "../arm-id.js";
import type { SecurityRuleRequest } from "../inventory.js";
import { posixQuote } from "../shell-quote.js";

/**
 * The same NSG rule as the az CLI and Azure PowerShell commands that add it, for people who apply changes
 * through their own pipeline. Flags from `az network nsg rule create` and `Add-AzNetworkSecurityRuleConfig`
 * (learn.microsoft.com/cli/azure/network/nsg/rule, learn.microsoft.com/powershell/module/az.network).
 */

function nsgScope(request: SecurityRuleRequest): {
  resourceGroup: string;
  nsgName: string;
  subscriptionId: string;
} {
  const id = parseResourceId(request.networkSecurityGroupId);
  if (id.kind !== "resource" || id.resourceGroup === undefined) {
    throw new Error(`not a network security group id: ${request.networkSecurityGroupId}`);
  }
  return { resourceGroup: id.resourceGroup, nsgName: id.name, subscriptionId: id.subscriptionId };
}

function psQuote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function azCliNsgRuleCommand(request: SecurityRuleRequest): string {
  const { resourceGroup, nsgName, subscriptionId } = nsgScope(request);
  const r = request.rule;
  return [
    "az network nsg rule create",
    `--subscription ${subscriptionId}`,
    `--resource-group ${posixQuote(resourceGroup)}`,
    `--nsg-name ${posixQuote(nsgName)}`,
    `--name ${posixQuote(r.name)}`,
    `--priority ${r.priority}`,
    `--direction ${r.direction}`,
    `--access ${r.access}`,
    `--protocol ${r.protocol}`,
    `--source-address-prefixes ${r.sourceAddressPrefixes.map(posixQuote).join(" ")}`,
    `--source-port-ranges ${r.sourcePortRanges.map(posixQuote).join(" ")}`,
    `--destination-address-prefixes ${r.destinationAddressPrefixes.map(posixQuote).join(" ")}`,
    `--destination-port-ranges ${r.destinationPortRanges.map(posixQuote).join(" ")}`,
    ...(r.description === undefined ? [] : [`--description ${posixQuote(r.description)}`]),
  ].join(" \\\n  ");
}

export function powerShellNsgRuleCommand(request: SecurityRuleRequest): string {
  const { resourceGroup, nsgName } = nsgScope(request);
  const r = request.rule;
  const list = (values: readonly string[]) => values.map(psQuote).join(",");
  return [
    `$nsg = Get-AzNetworkSecurityGroup -ResourceGroupName ${psQuote(resourceGroup)} -Name ${psQuote(nsgName)}`,
    [
      "Add-AzNetworkSecurityRuleConfig -NetworkSecurityGroup $nsg",
      `-Name ${psQuote(r.name)}`,
      `-Priority ${r.priority}`,
      `-Direction ${r.direction}`,
      `-Access ${r.access}`,
      `-Protocol ${r.protocol}`,
      `-SourceAddressPrefix ${list(r.sourceAddressPrefixes)}`,
      `-SourcePortRange ${list(r.sourcePortRanges)}`,
      `-DestinationAddressPrefix ${list(r.destinationAddressPrefixes)}`,
      `-DestinationPortRange ${list(r.destinationPortRanges)}`,
      ...(r.description === undefined ? [] : [`-Description ${psQuote(r.description)}`]),
    ].join(" `\n  "),
    "$nsg | Set-AzNetworkSecurityGroup",
  ].join("\n");
}
