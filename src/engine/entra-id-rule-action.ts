import { parseResourceId } from "../core/arm-id.js";
import { ENTRA_ID_HTTPS, evaluateOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import { HIGHEST_CUSTOM_PRIORITY, proposeOutboundAllowRules } from "../core/guidance/nsg-rule-proposal.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { type Action, SOURCE_ENGINE } from "./action.js";
import { type ObservedState, ResourceIndex } from "./observed-state.js";

/** The explicit outbound Allow to Microsoft Entra ID the plan asks for on each named NSG. */
export function entraIdRuleActions(plan: Plan, observed: ObservedState): Action[] {
  if (plan.guidance.entraIdOutbound.mode !== "add") return [];
  return plan.guidance.entraIdOutbound.networkSecurityGroupIds.map((nsgId): Action => {
    const nsg = new ResourceIndex(observed.networkSecurityGroups).get(nsgId);
    const nsgName = parseResourceId(nsgId).name;
    const description = `NSG rule allowing Microsoft Entra ID (AzureActiveDirectory, TCP 443) out of ${nsgName}`;
    if (nsg === undefined) {
      return {
        id: nsgId,
        resource: "securityRule",
        description,
        dependsOn: [],
        kind: "blocked",
        findings: [
          {
            severity: "block",
            code: "nsg-not-found",
            message: `Network security group ${nsgId} does not exist (or you may not read it).`,
            fix: "Check the NSG id in the plan, or switch guidance.entraIdOutbound to print.",
            source: SOURCE_ENGINE,
            subject: nsgId,
          },
        ],
      };
    }
    const verdict = evaluateOutbound(nsg, ENTRA_ID_HTTPS);
    // An allow among the NSG's own rules (priorities up to 4096) decides it already: nothing to add. The default
    // AllowInternetOutBound does not count: a later broad deny would silently cut Entra ID off.
    if (verdict.decision === "allowed" && verdict.decidedBy.priority <= HIGHEST_CUSTOM_PRIORITY) {
      return {
        id: `${nsg.id}/securityRules/${verdict.decidedBy.name}`,
        resource: "securityRule",
        description,
        dependsOn: [],
        kind: "noChange",
        // The rule as it is: `export --all` keeps the allow the plan relies on, whoever made it.
        write: {
          resource: "securityRule",
          request: { networkSecurityGroupId: nsg.id, rule: verdict.decidedBy },
        },
      };
    }
    const [proposal] = proposeOutboundAllowRules(nsg, ["AzureActiveDirectory"]);
    if (proposal === undefined) throw new Error("proposeOutboundAllowRules returned no proposal for one tag");
    if (proposal.kind === "noFreePriority") {
      return {
        id: nsg.id,
        resource: "securityRule",
        description,
        dependsOn: [],
        kind: "blocked",
        findings: [
          {
            severity: "block",
            code: "nsg-no-free-priority",
            message: proposal.explanation,
            fix: "Free a priority ahead of that rule yourself; vaultlink never changes existing rules.",
            source: SOURCE_ENGINE,
            subject: nsg.id,
          },
        ],
      };
    }
    return {
      id: `${nsg.id}/securityRules/${proposal.request.rule.name}`,
      resource: "securityRule",
      description: `${description} at priority ${proposal.request.rule.priority}`,
      dependsOn: [],
      kind: "create",
      write: { resource: "securityRule", request: proposal.request },
    };
  });
}
