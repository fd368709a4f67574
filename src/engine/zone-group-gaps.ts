import { sameResourceId } from "../core/arm-id.js";
import type { DnsRecord } from "../core/dns/record-set.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { BACKUP_DNS_POLICY_DEFINITION_ID, policyCoverage } from "../core/rules/backup-dns-policy.js";
import { desiredStateOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";

const POLICY_ID = BACKUP_DNS_POLICY_DEFINITION_ID.split("/").at(-1);

/**
 * What `vaultlink verify` says to do about a record missing from its zone: which zone group should have written it
 * and why it did not. With policy-managed zone groups that is the policy's gap, named (a secondary endpoint the
 * policy never matches, no assignment over the endpoint, an assignment for another region's zones, one not yet
 * remediated), not "check the assignment".
 */
export function missingRecordFix(plan: Plan, observed: ObservedState): (record: DnsRecord) => string {
  const desired = desiredStateOf(plan);
  const ours = "A private DNS zone group on the endpoint adds it: run `vaultlink apply PLAN`.";
  if (plan.dns.strategy !== "privateZones" || plan.dns.zoneGroups !== "policyManaged") return () => ours;
  return (record) => {
    const endpoints = desired.endpoints.filter((e) => record.endpoints.includes(e.plan.name));
    const reasons = endpoints.map((endpoint) => {
      const name = endpoint.plan.name;
      if (desired.zoneGroups.some((g) => sameResourceId(g.privateEndpointId, endpoint.request.id)))
        return `${name} is a secondary endpoint: the built-in policy matches group id AzureBackup only, so vaultlink adds its zone group; run \`vaultlink apply PLAN\`.`;
      const group = observed.zoneGroups.find((g) => sameResourceId(g.privateEndpointId, endpoint.request.id));
      if (group !== undefined)
        return `${name}'s zone group ${group.name} points at ${group.zones.map((z) => z.privateDnsZoneId.split("/").at(-1)).join(", ")}, not at this record's zone: the policy assignment that made it names other zones; correct its privateDnsZone-* parameters (or the zone group).`;
      if (observed.policyAssignments === undefined)
        return `${name} has no zone group, and vaultlink could not read the policy assignments to say why; set dns.zoneGroups to create and run \`vaultlink apply PLAN\` to add it.`;
      const coverage = policyCoverage(
        { name, id: endpoint.request.id, groupId: endpoint.plan.groupId, zoneNames: endpoint.zoneNames },
        observed.policyAssignments,
      );
      if (coverage.kind === "notCovered")
        return `${name} has no zone group because Azure Policy will not add it: ${coverage.reason}. Assign the built-in policy ${POLICY_ID} with this region's zones over it (\`vaultlink apply PLAN --dry-run\` prints the command), or set dns.zoneGroups to create and run \`vaultlink apply PLAN\`.`;
      return `${name} is covered by policy assignment ${coverage.assignment.name} but has no zone group yet: DeployIfNotExists acts some minutes after an endpoint is created, and not at all on endpoints created before the assignment; start a remediation task: az policy remediation create --name ${name}-dns --policy-assignment ${coverage.assignment.id}.`;
    });
    return reasons.length === 0 ? ours : reasons.join(" ");
  };
}
