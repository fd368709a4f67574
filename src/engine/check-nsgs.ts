import { type AzureAdapter, unlessNotFound } from "../azure/adapter.js";
import { parseResourceIdOfType, ResourceType } from "../core/arm-id.js";
import { type Finding, sortFindings } from "../core/findings.js";
import { checkEntraIdOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import { UserError } from "../core/user-error.js";
import { type EntraIdRuleGuidance, entraIdRuleGuidance } from "./entra-id-rule-guidance.js";
import { uniqueIds } from "./read-vault-facts.js";

/** A workload subnet's NSG, checked for outbound 443 to Microsoft Entra ID, with the rule to add by hand. */
export interface NsgCheck {
  readonly nsgId: string;
  readonly name: string;
  readonly findings: readonly Finding[];
  readonly guidance: EntraIdRuleGuidance;
}

/**
 * Reads the NSGs `vaultlink check --nsg` names and says whether each lets workloads reach Entra ID, naming the
 * rule that blocks it; the same analysis a plan's dry run runs on the plan's NSGs. Reads only.
 * @throws UserError when an id is not an NSG id, or no NSG has it.
 */
export async function checkNetworkSecurityGroups(
  adapter: AzureAdapter,
  nsgIds: readonly string[],
): Promise<NsgCheck[]> {
  const ids = uniqueIds(nsgIds.map((id) => parseResourceIdOfType(id, ResourceType.networkSecurityGroup).id));
  const nsgs = await Promise.all(ids.map((id) => unlessNotFound(adapter.getNetworkSecurityGroup(id))));
  return nsgs.map((nsg, index) => {
    if (nsg === undefined) {
      throw new UserError(`--nsg: network security group ${ids[index]} was not found.`, {
        hint: "Check the id (`az network nsg list -o table` lists them) and that the signed-in identity may read it.",
      });
    }
    return {
      nsgId: nsg.id,
      name: nsg.name,
      findings: sortFindings(checkEntraIdOutbound(nsg)),
      guidance: entraIdRuleGuidance(nsg),
    };
  });
}
