import { sameResourceId } from "../core/arm-id.js";
import type { DnsRecordSet } from "../core/dns/record-set.js";
import { ENTRA_ID_HTTPS, evaluateOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import { HIGHEST_CUSTOM_PRIORITY } from "../core/guidance/nsg-rule-proposal.js";
import type { RecordSet, VirtualNetworkLink } from "../core/inventory.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";

export type CheckStatus = "pass" | "fail" | "unknown";

/** One line of the verification table. */
export interface VerifyCheck {
  /** What answered: Azure Resource Manager, or a DNS server asked for the name. */
  readonly source: "arm" | "dns";
  readonly status: CheckStatus;
  /** What was checked, e.g. `endpoint pe-x is provisioned`. */
  readonly title: string;
  /** What was seen. */
  readonly detail: string;
  /** What to do when it did not pass. */
  readonly fix?: string;
}

/** What a DNS server answered for one name: its A records, or why there are none. */
export type DnsAnswer =
  | { readonly kind: "addresses"; readonly addresses: readonly string[] }
  | { readonly kind: "noRecord"; readonly code: string }
  | { readonly kind: "unreachable"; readonly reason: string };

/**
 * Endpoints of one vault in several VNets share its FQDNs, each with its own addresses; a zone shared by those
 * VNets holds one address per name (the last zone group to write wins), reached from the other VNets through
 * peering. So an answer is right when it is non-empty and every address in it belongs to one of the endpoints.
 */
function withinEndpointAddresses(answer: readonly string[], endpointAddresses: readonly string[]): boolean {
  return answer.length > 0 && answer.every((address) => endpointAddresses.includes(address));
}

/** From ARM: endpoints provisioned and approved, their names known, public access as planned, zones linked. */
export function armChecks(plan: Plan, observed: ObservedState): VerifyCheck[] {
  const desired = desiredStateOf(plan);
  const checks: VerifyCheck[] = [];
  for (const endpoint of desired.endpoints) {
    const name = endpoint.plan.name;
    const found = observed.privateEndpoints.find((e) => sameResourceId(e.id, endpoint.request.id));
    if (found === undefined) {
      checks.push({
        source: "arm",
        status: "fail",
        title: `endpoint ${name} exists`,
        detail: "not found",
        fix: "Run `vaultlink apply PLAN` to create it.",
      });
      continue;
    }
    checks.push(
      found.provisioningState === "Succeeded"
        ? { source: "arm", status: "pass", title: `endpoint ${name} is provisioned`, detail: "Succeeded" }
        : {
            source: "arm",
            status: "fail",
            title: `endpoint ${name} is provisioned`,
            detail: `provisioning state ${found.provisioningState ?? "unknown"}`,
            fix: "Wait for the operation to finish, or run `vaultlink apply PLAN` again if it failed.",
          },
    );
    const status = found.connection?.status;
    checks.push(
      status === "Approved"
        ? { source: "arm", status: "pass", title: `connection of ${name} is approved`, detail: "Approved" }
        : {
            source: "arm",
            status: "fail",
            title: `connection of ${name} is approved`,
            detail: status ?? "no connection state",
            fix:
              status === "Pending"
                ? "The vault's owner must approve it: portal > the vault > Networking > Private access, or `az network private-endpoint-connection approve`."
                : "Recreate the endpoint: a rejected or disconnected connection does not recover.",
          },
    );
    checks.push(
      found.customDnsConfigs.length > 0
        ? {
            source: "arm",
            status: "pass",
            title: `endpoint ${name} has its DNS names`,
            detail: `${found.customDnsConfigs.length} names`,
          }
        : {
            source: "arm",
            status: "unknown",
            title: `endpoint ${name} has its DNS names`,
            detail: "none yet: names appear once the endpoint has finished provisioning",
            fix: "Verify again when the endpoint is Succeeded.",
          },
    );
  }
  for (const link of desired.links) {
    const zoneId = link.id.replace(/\/virtualNetworkLinks\/[^/]+$/i, "");
    const zoneName = zoneId.split("/").at(-1) ?? zoneId;
    const vnetName = link.virtualNetworkId.split("/").at(-1) ?? link.virtualNetworkId;
    const linked = observed.links.some(
      (l: VirtualNetworkLink) =>
        sameResourceId(l.zoneId, zoneId) && sameResourceId(l.virtualNetworkId, link.virtualNetworkId),
    );
    checks.push(
      linked
        ? { source: "arm", status: "pass", title: `${zoneName} is linked to ${vnetName}`, detail: "linked" }
        : {
            source: "arm",
            status: "fail",
            title: `${zoneName} is linked to ${vnetName}`,
            detail: "no link",
            fix: `Without the link, ${vnetName} resolves these names publicly. Run \`vaultlink apply PLAN\`.`,
          },
    );
  }
  if (plan.guidance.entraIdOutbound.mode === "add") {
    for (const nsgId of plan.guidance.entraIdOutbound.networkSecurityGroupIds) {
      checks.push(entraIdRuleCheck(nsgId, observed));
    }
  }
  if (plan.guidance.publicNetworkAccess === "deny" && observed.vault !== undefined) {
    const access = observed.vault.publicNetworkAccess;
    checks.push(
      access === "Disabled"
        ? {
            source: "arm",
            status: "pass",
            title: "vault public network access is denied",
            detail: "Disabled",
          }
        : {
            source: "arm",
            status: "fail",
            title: "vault public network access is denied",
            detail: access,
            fix: "Run `vaultlink apply PLAN`: it turns public access off once the endpoints are in place.",
          },
    );
  }
  return checks;
}

/** The NSG lets workloads reach Microsoft Entra ID on 443 through a rule of its own, as the plan asked. */
function entraIdRuleCheck(nsgId: string, observed: ObservedState): VerifyCheck {
  const nsg = observed.networkSecurityGroups.find((n) => sameResourceId(n.id, nsgId));
  const name = nsgId.split("/").at(-1) ?? nsgId;
  const title = `NSG ${name} allows Microsoft Entra ID (AzureActiveDirectory, TCP 443) outbound`;
  if (nsg === undefined) {
    return {
      source: "arm",
      status: "fail",
      title,
      detail: "NSG not found",
      fix: "Check the NSG id in the plan.",
    };
  }
  const verdict = evaluateOutbound(nsg, ENTRA_ID_HTTPS);
  return verdict.decision === "allowed" && verdict.decidedBy.priority <= HIGHEST_CUSTOM_PRIORITY
    ? {
        source: "arm",
        status: "pass",
        title,
        detail: `rule ${verdict.decidedBy.name} (priority ${verdict.decidedBy.priority})`,
      }
    : {
        source: "arm",
        status: "fail",
        title,
        detail:
          verdict.decision === "blocked"
            ? `blocked by ${verdict.decidedBy.name} (priority ${verdict.decidedBy.priority})`
            : `allowed only by the default rule ${verdict.decidedBy.name}`,
        fix: "Run `vaultlink apply PLAN` to add the allow rule, or `vaultlink check --nsg ID` for the commands to add it by hand.",
      };
}

/** From ARM: every name the endpoints need has an A record with the same addresses in the right zone. */
export function zoneRecordChecks(
  expected: DnsRecordSet,
  zoneRecords: ReadonlyMap<string, readonly RecordSet[]>,
): VerifyCheck[] {
  return expected.zones.flatMap((zone) =>
    zone.records.map((record): VerifyCheck => {
      const held = zoneRecords.get(zone.zone)?.find((r) => r.recordType === "A" && r.name === record.name);
      const title = `record ${record.fqdn}`;
      if (held === undefined || held.recordType !== "A") {
        return {
          source: "arm",
          status: "fail",
          title,
          detail: `missing from zone ${zone.zone}`,
          fix: "A private DNS zone group on the endpoint adds it (`vaultlink apply PLAN`); with policy-managed zone groups, check the policy assignment.",
        };
      }
      return withinEndpointAddresses(held.ipv4Addresses, record.addresses)
        ? { source: "arm", status: "pass", title, detail: held.ipv4Addresses.join(", ") }
        : {
            source: "arm",
            status: "fail",
            title,
            detail: `zone has ${held.ipv4Addresses.join(", ")}, the endpoint has ${record.addresses.join(", ")}`,
            fix: "Let the endpoint's zone group own the record, or correct it to the endpoint's addresses.",
          };
    }),
  );
}

/** From DNS: each name resolves, through the chosen server, to the endpoint's private addresses. */
export function resolutionChecks(
  expected: DnsRecordSet,
  answers: ReadonlyMap<string, DnsAnswer>,
  server: string,
): VerifyCheck[] {
  return expected.zones.flatMap((zone) =>
    zone.records.map((record): VerifyCheck => {
      const title = `${record.fqdn} resolves privately via ${server}`;
      const answer = answers.get(record.fqdn);
      if (answer === undefined || answer.kind === "unreachable") {
        return {
          source: "dns",
          status: "unknown",
          title,
          detail: answer === undefined ? "not asked" : answer.reason,
          fix: "Run verify where the DNS server is reachable (inside the VNet), or give --dns-server.",
        };
      }
      if (answer.kind === "noRecord") {
        return {
          source: "dns",
          status: "fail",
          title,
          detail: `${answer.code}: no A record`,
          fix: `Add ${record.fqdn} -> ${record.addresses.join(", ")} (\`vaultlink dns PLAN\` generates the records), or link zone ${zone.zone} to the VNet the server resolves from.`,
        };
      }
      return withinEndpointAddresses(answer.addresses, record.addresses)
        ? { source: "dns", status: "pass", title, detail: answer.addresses.join(", ") }
        : {
            source: "dns",
            status: "fail",
            title,
            detail: `answered ${answer.addresses.join(", ") || "nothing"}, expected ${record.addresses.join(", ")}`,
            fix: "The server answers from another source (a public address, or stale records): point it at the private zone or the generated records.",
          };
    }),
  );
}
