import { parseResourceIdOfType, ResourceType } from "../core/arm-id.js";
import {
  ENDPOINT_SET_56_FQDNS,
  ENDPOINT_SET_59_FQDNS,
  entraIdFqdns,
  type FirewallGuidance,
  firewallGuidance,
  MARS_AUTO_UPDATE_URL,
} from "../core/guidance/entra-id-firewall.js";
import { azCliNsgRuleCommand, powerShellNsgRuleCommand } from "../core/guidance/nsg-rule-commands.js";
import { proposeOutboundAllowRules } from "../core/guidance/nsg-rule-proposal.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { Source } from "../core/rules/sources.js";

/**
 * What a plan's workloads need outbound that the backup endpoints do not carry (Microsoft Entra ID, and the MARS
 * agent's updates), in the three forms network teams ask for: NSG rules, Azure Firewall rules, a plain FQDN list
 * for any other firewall or proxy. Computed from the plan alone, so `vaultlink guidance` runs without Azure.
 */
export interface NsgRuleGuidance {
  readonly networkSecurityGroupId: string;
  readonly azCli: string;
  readonly powerShell: string;
}

export interface OutboundGuidance {
  readonly nsg: {
    readonly rules: readonly NsgRuleGuidance[];
    readonly notes: readonly string[];
    readonly source: string;
  };
  readonly azureFirewall: FirewallGuidance;
  readonly fqdnList: {
    readonly endpointSet56: readonly string[];
    readonly endpointSet59: readonly string[];
    /** Every FQDN to allow on TCP 443, deduplicated. */
    readonly fqdns: readonly string[];
    readonly marsAgentUpdateUrl: string;
    readonly source: string;
  };
}

/** `az network nsg rule create` docs and the service tag list, for the NSG form. */
const NSG_SOURCE =
  "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept; https://learn.microsoft.com/azure/virtual-network/service-tags-overview (AzureActiveDirectory); https://learn.microsoft.com/cli/azure/network/nsg/rule";

/** The NSGs the plan names for the Entra ID rule; a placeholder in the vault's subscription when it only prints. */
function nsgIdsOf(plan: Plan): string[] {
  if (plan.guidance.entraIdOutbound.mode === "add")
    return [...plan.guidance.entraIdOutbound.networkSecurityGroupIds];
  const { subscriptionId } = parseResourceIdOfType(plan.vault.id, ResourceType.recoveryServicesVault);
  return [
    `/subscriptions/${subscriptionId}/resourceGroups/<nsg-resource-group>/providers/Microsoft.Network/networkSecurityGroups/<workload-nsg>`,
  ];
}

function nsgRule(networkSecurityGroupId: string): NsgRuleGuidance {
  // An empty rule list: without reading the NSG the rule takes the default place; `vaultlink check --nsg ID`
  // reads it and puts the rule ahead of any deny.
  const [proposal] = proposeOutboundAllowRules(
    {
      id: networkSecurityGroupId,
      name: "",
      location: "",
      securityRules: [],
      defaultSecurityRules: [],
      subnetIds: [],
    },
    ["AzureActiveDirectory"],
  );
  if (proposal?.kind !== "proposed") throw new Error("an NSG without rules always has a free priority");
  return {
    networkSecurityGroupId,
    azCli: azCliNsgRuleCommand(proposal.request),
    powerShell: powerShellNsgRuleCommand(proposal.request),
  };
}

export function outboundGuidance(plan: Plan): OutboundGuidance {
  return {
    nsg: {
      rules: nsgIdsOf(plan).map(nsgRule),
      notes: [
        "The backup private endpoints do not carry Microsoft Entra ID traffic: workload subnets need outbound TCP 443 to the AzureActiveDirectory service tag.",
        "The priority shown assumes no deny ahead of it; `vaultlink check --nsg ID` reads the NSG and places the rule before any deny that would block it.",
      ],
      source: NSG_SOURCE,
    },
    // The plan does not say whether MARS agents sit behind the firewall; the rule is printed with a note saying when it is needed.
    azureFirewall: firewallGuidance({ sourceAddresses: [], marsAgent: true }),
    fqdnList: {
      endpointSet56: ENDPOINT_SET_56_FQDNS,
      endpointSet59: ENDPOINT_SET_59_FQDNS,
      fqdns: entraIdFqdns(),
      marsAgentUpdateUrl: MARS_AUTO_UPDATE_URL,
      source: `https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept; ${Source.microsoft365EndpointSets}`,
    },
  };
}
