import { sameResourceId } from "../core/arm-id.js";
import type { DnsRecord, DnsRecordSet, DnsZoneRecords } from "../core/dns/record-set.js";
import { ENTRA_ID_HTTPS, evaluateOutbound } from "../core/guidance/nsg-outbound-analysis.js";
import { HIGHEST_CUSTOM_PRIORITY } from "../core/guidance/nsg-rule-proposal.js";
import type { RecordSet, VirtualNetworkLink } from "../core/inventory.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";
import type { DnsAnswer } from "./dns-resolver.js";
import type { ObservedState } from "./observed-state.js";
import { operationFailed, operationInProgress } from "./operations-in-progress.js";

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
  /** A DNS check: the name asked, as clients ask it. */
  readonly name?: string;
  /** A DNS check: the endpoint's private addresses, any of which is right. */
  readonly expected?: readonly string[];
  /** A DNS check: what came back, e.g. `10.0.0.5 via CNAME <acct>.privatelink.blob.core.windows.net`, `REFUSED`. */
  readonly answer?: string;
}

export type { DnsAnswer } from "./dns-resolver.js";

/**
 * Endpoints of one vault in several VNets share its FQDNs, each with its own addresses; a zone shared by those
 * VNets holds one address per name (the last zone group to write wins), reached from the other VNets through
 * peering. So an answer is right when it is non-empty and every address in it belongs to one of the endpoints.
 */
function withinEndpointAddresses(answer: readonly string[], endpointAddresses: readonly string[]): boolean {
  return answer.length > 0 && answer.every((address) => endpointAddresses.includes(address));
}

/**
 * What a verification covers: `all` (`vaultlink verify`), or only the `privatePath` clients would be left with once
 * public access is denied (endpoints, approvals, names, links, records, resolution): what apply checks before it
 * makes the Deny, so the two never disagree on whether the private path works.
 */
export type VerifyScope = "all" | "privatePath";

/** From ARM: endpoints provisioned and approved, their names known, public access as planned, zones linked. */
export function armChecks(plan: Plan, observed: ObservedState, scope: VerifyScope = "all"): VerifyCheck[] {
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
  for (const zone of desired.zones) {
    const found = observed.zones.find((z) => sameResourceId(z.id, zone.id));
    // A missing zone shows in its links' and records' checks; only one whose operation has not ended is added here.
    if (found !== undefined) {
      const unfinished = operationCheck(`private DNS zone ${zone.name} is provisioned`, found);
      if (unfinished !== undefined) checks.push(unfinished);
    }
  }
  for (const link of desired.links) {
    const zoneId = link.id.replace(/\/virtualNetworkLinks\/[^/]+$/i, "");
    const zoneName = zoneId.split("/").at(-1) ?? zoneId;
    const vnetName = link.virtualNetworkId.split("/").at(-1) ?? link.virtualNetworkId;
    const title = `${zoneName} is linked to ${vnetName}`;
    const found = observed.links.find(
      (l: VirtualNetworkLink) =>
        sameResourceId(l.zoneId, zoneId) && sameResourceId(l.virtualNetworkId, link.virtualNetworkId),
    );
    checks.push(
      found === undefined
        ? {
            source: "arm",
            status: "fail",
            title,
            detail: "no link",
            fix: `Without the link, ${vnetName} resolves these names publicly. Run \`vaultlink apply PLAN\`.`,
          }
        : (operationCheck(title, found) ?? { source: "arm", status: "pass", title, detail: "linked" }),
    );
  }
  for (const group of desired.zoneGroups) {
    const endpointName = group.privateEndpointId.split("/").at(-1) ?? group.privateEndpointId;
    const title = `DNS zone group of ${endpointName} is provisioned`;
    const found = observed.zoneGroups.find((g) =>
      sameResourceId(g.privateEndpointId, group.privateEndpointId),
    );
    // A missing group (and a missing endpoint) shows in the endpoint's and the records' checks.
    if (found !== undefined)
      checks.push(
        operationCheck(title, found) ?? {
          source: "arm",
          status: "pass",
          title,
          detail: found.provisioningState ?? "Succeeded",
        },
      );
  }
  if (scope === "privatePath") return checks;
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

/**
 * A resource whose last operation has not ended, or ended Failed, is not in working order whatever else it shows:
 * the failing check, or undefined when its operation ended well (plan-actions.ts decides the same way).
 */
function operationCheck(
  title: string,
  found: { readonly provisioningState: string | undefined },
): VerifyCheck | undefined {
  const state = found.provisioningState;
  if (operationInProgress(found))
    return {
      source: "arm",
      status: "fail",
      title,
      detail: `provisioning state ${state}: an operation is still running`,
      fix: "Verify again once it has ended, or run `vaultlink apply PLAN`: it waits for it, then writes again what failed.",
    };
  if (operationFailed(found))
    return {
      source: "arm",
      status: "fail",
      title,
      detail: `provisioning state ${state}`,
      fix: "Its last operation did not succeed: run `vaultlink apply PLAN` again, which sends the write again.",
    };
  return undefined;
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
  missingFix: (record: DnsRecordSet["zones"][number]["records"][number]) => string,
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
          fix: missingFix(record),
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

/** What came back, in a few words: `10.0.0.5 via CNAME x`, `REFUSED`, `20.60.0.1 (from /etc/hosts line 3)`. */
function describeAnswer(answer: DnsAnswer): string {
  if (answer.kind === "unreachable") return answer.reason;
  const via = answer.cnames?.length ? ` via CNAME ${answer.cnames.join(" -> ")}` : "";
  if (answer.kind === "noRecord") return `${answer.code}, no address${via}`;
  const from = answer.from === undefined ? "" : ` (from ${answer.from})`;
  return `${answer.addresses.join(", ")}${via}${from}`;
}

/** What to do when `client` did not resolve to `record`'s addresses through `server`. */
function resolutionFix(
  client: string,
  record: DnsRecord,
  zone: DnsZoneRecords,
  server: string,
  answer: Exclude<DnsAnswer, { kind: "unreachable" }>,
): string {
  const wanted = `${client} -> ${record.addresses.join(", ")}`;
  if (zone.service === "backup") {
    return answer.kind === "noRecord"
      ? `Make ${server} answer ${wanted}: add the record (\`vaultlink dns PLAN\` generates it), or link zone ${zone.zone} to the VNet the server resolves from.`
      : `${server} answers ${client} from another source (stale records, or another zone of the same name): make it answer ${wanted}.`;
  }
  // Storage: clients ask for the public name; public DNS CNAMEs it to <acct>.privatelink.<suffix>. A forwarder or
  // cache answers with what its upstream resolved and does not look in its own privatelink zone for the target
  // (NLnetLabs/unbound issue #1412), so the name clients ask must be held as it is, or resolved by a server that
  // follows the CNAME into a zone it holds (BIND, Azure's resolver in a VNet linked to the zone).
  const followed = answer.cnames?.length
    ? `${server} followed the public CNAME of ${client} and answered ${record.fqdn} from outside zone ${zone.zone}. `
    : `Clients ask for ${client}, not ${record.fqdn}. `;
  return `${followed}Make ${server} answer ${wanted}: hold that name itself (\`vaultlink dns PLAN --format dnsmasq|unbound|hosts\` lists it), or have it follow the CNAME into a ${zone.zone} that holds ${record.fqdn}.`;
}

/**
 * From DNS: each name clients ask for (the backup names as they are; storage as `<acct>.blob.core.windows.net`,
 * `<acct>.queue…`, `<acct>.zNN.blob.storage.azure.net`), asked as a client asks it, resolves to the endpoint's
 * private addresses. Asking the privatelink record names instead would pass a server that answers clients nothing.
 */
export function resolutionChecks(
  expected: DnsRecordSet,
  answers: ReadonlyMap<string, DnsAnswer>,
  server: string,
): VerifyCheck[] {
  return expected.zones.flatMap((zone) =>
    zone.records.flatMap((record) =>
      record.clientNames.map((client): VerifyCheck => {
        const title = `${client} resolves privately via ${server}`;
        const answer = answers.get(client);
        const base = { source: "dns" as const, title, name: client, expected: record.addresses };
        if (answer === undefined || answer.kind === "unreachable") {
          return {
            ...base,
            status: "unknown",
            detail: answer === undefined ? "not asked" : answer.reason,
            answer: answer === undefined ? "not asked" : answer.reason,
            fix: "Run verify where the DNS server can be asked (inside the network), or give --dns-server IP (a hosts file: --hosts-file PATH).",
          };
        }
        const said = describeAnswer(answer);
        if (answer.kind === "addresses" && withinEndpointAddresses(answer.addresses, record.addresses)) {
          return { ...base, status: "pass", detail: said, answer: said };
        }
        return {
          ...base,
          status: "fail",
          detail: `answered ${said}, expected ${record.addresses.join(", ")}`,
          answer: said,
          fix: resolutionFix(client, record, zone, server, answer),
        };
      }),
    ),
  );
}
