import ipaddr from "ipaddr.js";
import { sameResourceId } from "../arm-id.js";
import type { DnsRecord, DnsRecordSet, DnsZoneRecords } from "../dns/record-set.js";
import type { PrivateDnsZone, RecordSet, VirtualNetwork, VirtualNetworkLink } from "../inventory.js";
import {
  canonicalDomain,
  type DnsForwardingRule,
  type DnsForwardingRuleset,
  type DnsPrivateResolver,
  NO_RESOLVERS,
  type ResolverView,
} from "./dns-resolvers.js";

/*
 * What a workload VNet resolves for each name a backup client asks, predicted from ARM's view alone (no VM):
 * - A VNet with no DNS servers uses Azure's resolver, 168.63.129.16, which answers from the private DNS zones linked
 *   to that VNet, and from public DNS for everything else
 *   (https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links).
 * - Zone links do not travel over peerings: a spoke peered with a linked hub does not see the hub's zones
 *   (https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration, "virtual network workloads
 *   without custom DNS server": each VNet must be linked).
 * - A link whose resolutionPolicy is NxDomainRedirect sends a name the zone lacks to public DNS instead of NXDOMAIN
 *   (privatedns 2024-06-01, VirtualNetworkLinkProperties.resolutionPolicy).
 * - Storage clients ask for `<account>.blob.core.windows.net`, which public DNS CNAMEs to
 *   `<account>.privatelink.blob.core.windows.net` for accounts with private endpoints; backup names have no such
 *   alias (azure-docs PR #69607, issue #69061).
 * - A VNet with custom DNS servers sends queries to the first (clients move on only when it does not answer). A DNS
 *   Private Resolver inbound endpoint answers with Azure DNS in the resolver's VNet
 *   (https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets#inbound-endpoints). Another address
 *   inside a known VNet is taken as a DNS VM that forwards to Azure DNS there (said in the path: ARM cannot show its
 *   forwarders); an address outside every known VNet cannot be followed (on-premises, most often).
 * - Azure DNS in a VNet first applies the forwarding rules of the rulesets linked to that VNet, the longest matching
 *   domain among enabled rules (https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets#rules),
 *   then the private zones linked to it. A rule whose target is an inbound endpoint answers as Azure DNS in that
 *   endpoint's VNet; a query that comes back to a VNet it passed loops until it times out (SERVFAIL).
 */

/** Where an answer comes from. */
export type PredictedAnswer =
  | { readonly kind: "private"; readonly addresses: readonly string[]; readonly zoneId: string }
  /** Public DNS answers: a public address for storage, NXDOMAIN for a backup name (it has no public record). */
  | { readonly kind: "public"; readonly gives: "public address" | "NXDOMAIN" }
  /** NXDOMAIN from a private zone that lacks the record (link policy Default). */
  | { readonly kind: "nxdomain"; readonly zoneId: string }
  /** No answer but SERVFAIL: the query is forwarded in a loop. */
  | { readonly kind: "failure"; readonly reason: string }
  /** The path leaves what ARM shows (a DNS server outside Azure): the prediction stops there. */
  | { readonly kind: "unknown"; readonly reason: string };

export interface NamePrediction {
  /** The name as clients ask it. */
  readonly name: string;
  /** The endpoint's private addresses, any of which is right. */
  readonly expected: readonly string[];
  readonly answer: PredictedAnswer;
  /** `ok` when the answer is one of the expected addresses. */
  readonly verdict: "ok" | "wrong" | "unknown";
  /** The steps the query takes, in order. */
  readonly path: readonly string[];
  readonly fix?: string;
}

export interface VnetPrediction {
  readonly virtualNetworkId: string;
  readonly name: string;
  /** `Azure-provided (168.63.129.16)` or the custom servers, each classified. */
  readonly dnsServers: string;
  readonly names: readonly NamePrediction[];
}

/** A private DNS zone as the prediction needs it: its links and record sets. */
export interface ZoneView {
  readonly zone: PrivateDnsZone;
  readonly links: readonly VirtualNetworkLink[];
  readonly recordSets: readonly RecordSet[];
}

/** Everything the prediction reads: the names and their addresses, the VNets ARM shows, the zones, the resolvers. */
export interface ResolutionModel {
  readonly expected: DnsRecordSet;
  /** Every VNet known: the workload VNets, their peers, and any named. */
  readonly virtualNetworks: readonly VirtualNetwork[];
  readonly zones: readonly ZoneView[];
  /** The DNS Private Resolvers and forwarding rulesets of the subscriptions read (none when undefined). */
  readonly resolvers?: ResolverView;
  /**
   * Where the plan's conditional forwarders send the privatelink zones (`dns.forwardTo`): a DNS server outside what
   * ARM shows is taken to run them (`vaultlink dns PLAN --format forwarders-…`).
   */
  readonly plannedForwarders?: readonly string[];
}

const nameOf = (id: string): string => id.split("/").at(-1) ?? id;

/** Azure's recursive resolver, reachable from inside every VNet (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16). */
const AZURE_DNS = "168.63.129.16";

/** The known VNet whose address space holds `address`, if any. */
export function virtualNetworkHolding(
  address: string,
  virtualNetworks: readonly VirtualNetwork[],
): VirtualNetwork | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return undefined;
  const ip = ipaddr.IPv4.parse(address);
  return virtualNetworks.find((vnet) =>
    vnet.addressSpace.some((prefix) => {
      try {
        const [range, bits] = ipaddr.IPv4.parseCIDR(prefix);
        return ip.match(range, bits);
      } catch {
        return false;
      }
    }),
  );
}

/** The resolver whose inbound endpoint has `address`. */
export function resolverAt(address: string, view: ResolverView): DnsPrivateResolver | undefined {
  return view.resolvers.find((r) => r.inboundAddresses.includes(address));
}

/** A forwarding rule with the ruleset it belongs to. */
export interface MatchedRule {
  readonly ruleset: DnsForwardingRuleset;
  readonly rule: DnsForwardingRule;
}

/** The enabled rule with the longest domain matching `name`, of the rulesets linked to `virtualNetworkId`. */
export function forwardingRuleFor(
  view: ResolverView,
  virtualNetworkId: string,
  name: string,
): MatchedRule | undefined {
  const asked = canonicalDomain(name);
  let best: MatchedRule | undefined;
  for (const ruleset of view.rulesets) {
    if (!ruleset.virtualNetworkIds.some((id) => sameResourceId(id, virtualNetworkId))) continue;
    for (const rule of ruleset.rules) {
      if (!rule.enabled) continue;
      const matches = rule.domain === "" || asked === rule.domain || asked.endsWith(`.${rule.domain}`);
      if (matches && (best === undefined || rule.domain.length > best.rule.domain.length))
        best = { ruleset, rule };
    }
  }
  return best;
}

/** A VNet as the walk needs it: one ARM read, or only an id a resolver named. */
type VnetRef = Pick<VirtualNetwork, "id" | "name" | "peerings">;

function vnetRef(id: string, model: ResolutionModel): VnetRef {
  return (
    model.virtualNetworks.find((v) => sameResourceId(v.id, id)) ?? { id, name: nameOf(id), peerings: [] }
  );
}

function linkOf(view: ZoneView, virtualNetworkId: string): VirtualNetworkLink | undefined {
  return view.links.find((l) => sameResourceId(l.virtualNetworkId, virtualNetworkId));
}

interface Step {
  readonly answer: PredictedAnswer;
  readonly path: string[];
  readonly fix?: string;
}

/** The private zones linked to `vnet`, for one record: the record, NXDOMAIN, or public DNS. */
function linkedZonesIn(vnet: VnetRef, model: ResolutionModel, zone: DnsZoneRecords, record: DnsRecord): Step {
  const publicAnswer: PredictedAnswer = {
    kind: "public",
    gives: zone.service === "backup" ? "NXDOMAIN" : "public address",
  };
  const path: string[] = [];
  const sameName = model.zones.filter((v) => v.zone.name.toLowerCase() === zone.zone);
  const linked = sameName.find((v) => linkOf(v, vnet.id) !== undefined);
  if (linked === undefined) {
    path.push(`no private DNS zone ${zone.zone} is linked to ${vnet.name}: Azure DNS asks public DNS`);
    const peers = vnet.peerings.flatMap((p) => (p.remoteVirtualNetworkId ? [p.remoteVirtualNetworkId] : []));
    const peerLinked = peers.filter((peer) => sameName.some((v) => linkOf(v, peer) !== undefined));
    if (peerLinked.length > 0) {
      path.push(
        `the zone is linked to peered ${peerLinked.map(nameOf).join(", ")}, but zone links do not travel over peerings`,
      );
    }
    const where = sameName[0]?.zone.id ?? `a private DNS zone ${zone.zone}`;
    return {
      answer: publicAnswer,
      path,
      fix: `Link ${where} to ${vnet.name}, or set ${vnet.name}'s DNS servers to a DNS Private Resolver inbound endpoint in a VNet linked to it.`,
    };
  }
  const link = linkOf(linked, vnet.id);
  const set = linked.recordSets.find((r) => r.recordType === "A" && r.name.toLowerCase() === record.name);
  if (set !== undefined && set.recordType === "A") {
    path.push(`zone ${linked.zone.id} is linked to ${vnet.name}: A ${set.ipv4Addresses.join(", ")}`);
    return {
      answer: { kind: "private", addresses: set.ipv4Addresses, zoneId: linked.zone.id },
      path,
      fix: `The record holds ${set.ipv4Addresses.join(", ")}, the endpoint ${record.addresses.join(", ")}: let the endpoint's private DNS zone group own ${record.name} in ${linked.zone.id}.`,
    };
  }
  const redirect = link?.resolutionPolicy === "NxDomainRedirect";
  path.push(
    `zone ${linked.zone.id} is linked to ${vnet.name} but has no record ${record.name}${redirect ? ": the link's NxDomainRedirect falls back to public DNS" : ""}`,
  );
  const fix = `Add the record ${record.name} -> ${record.addresses.join(", ")} to ${linked.zone.id} (a private DNS zone group on the endpoint keeps it: \`vaultlink apply PLAN\`).`;
  return redirect
    ? { answer: publicAnswer, path, fix }
    : { answer: { kind: "nxdomain", zoneId: linked.zone.id }, path, fix };
}

/** A rule's forward: Azure DNS in the target inbound endpoint's VNet, a loop, or a server ARM cannot show. */
function forward(
  from: VnetRef,
  matched: MatchedRule,
  model: ResolutionModel,
  zone: DnsZoneRecords,
  record: DnsRecord,
  asked: string,
  passed: readonly string[],
): Step {
  const view = model.resolvers ?? NO_RESOLVERS;
  const target = matched.rule.targets[0]?.ipAddress ?? "";
  const domain = matched.rule.domain === "" ? "." : matched.rule.domain;
  const step = `ruleset ${matched.ruleset.name} (linked to ${from.name}) forwards ${domain} to ${target}`;
  const resolver = resolverAt(target, view);
  if (resolver === undefined) {
    return {
      answer: {
        kind: "unknown",
        reason: `${target} is not a DNS Private Resolver inbound endpoint ARM shows; what it answers depends on its own forwarders`,
      },
      path: [step],
      fix: `Have ${target} forward ${zone.zone} to a DNS Private Resolver inbound endpoint in a VNet linked to ${zone.zone}, then run \`vaultlink verify PLAN --dns-server ${target}\`.`,
    };
  }
  const next = vnetRef(resolver.virtualNetworkId, model);
  const hop = `${step}, the inbound endpoint of ${resolver.name} in ${next.name}`;
  if (sameResourceId(next.id, from.id) || passed.some((id) => sameResourceId(id, next.id))) {
    return {
      answer: {
        kind: "failure",
        reason: `a forwarding loop: ${next.name} is linked to ruleset ${matched.ruleset.name}, which forwards ${domain} back to ${target}`,
      },
      path: [
        hop,
        `Azure DNS in ${next.name} applies the same rule again: the query loops until it times out (SERVFAIL)`,
      ],
      fix: `Remove ${next.name}'s link to ruleset ${matched.ruleset.name} (a ruleset that forwards to an inbound endpoint must not be linked to that endpoint's VNet), and link ${zone.zone} to ${next.name}.`,
    };
  }
  const rest = azureDnsIn(next, model, zone, record, asked, [...passed, from.id]);
  return { ...rest, path: [hop, ...rest.path] };
}

/** Azure DNS in `vnet` answering `asked` (a client name, or the privatelink name public DNS CNAMEd it to). */
function azureDnsIn(
  vnet: VnetRef,
  model: ResolutionModel,
  zone: DnsZoneRecords,
  record: DnsRecord,
  asked: string,
  passed: readonly string[],
): Step {
  const view = model.resolvers ?? NO_RESOLVERS;
  const rule = forwardingRuleFor(view, vnet.id, asked);
  if (rule !== undefined) return forward(vnet, rule, model, zone, record, asked, passed);
  if (asked !== record.fqdn) {
    const rest = azureDnsIn(vnet, model, zone, record, record.fqdn, passed);
    return { ...rest, path: [`public DNS CNAMEs ${asked} to ${record.fqdn}`, ...rest.path] };
  }
  return linkedZonesIn(vnet, model, zone, record);
}

function judge(answer: PredictedAnswer, expected: readonly string[]): NamePrediction["verdict"] {
  if (answer.kind === "unknown") return "unknown";
  return answer.kind === "private" &&
    answer.addresses.length > 0 &&
    answer.addresses.every((a) => expected.includes(a))
    ? "ok"
    : "wrong";
}

/** How a VNet's queries leave it: Azure DNS in some VNet, or a server the prediction cannot follow. */
type Entry =
  | { readonly kind: "azure"; readonly in: VnetRef; readonly path: readonly string[] }
  | { readonly kind: "opaque"; readonly path: readonly string[]; readonly reason: string };

function entryOf(vnet: VirtualNetwork, model: ResolutionModel): Entry {
  if (vnet.dnsServers.length === 0)
    return { kind: "azure", in: vnet, path: [`${vnet.name} uses Azure-provided DNS (168.63.129.16)`] };
  // Clients send to the first server and move on only when it does not answer.
  const first = vnet.dnsServers[0] ?? "";
  // Azure's own resolver set by hand answers as Azure-provided DNS does, in the VNet itself.
  if (first === AZURE_DNS)
    return { kind: "azure", in: vnet, path: [`${vnet.name} uses DNS server ${AZURE_DNS}, Azure DNS itself`] };
  const resolver = resolverAt(first, model.resolvers ?? NO_RESOLVERS);
  if (resolver !== undefined) {
    const home = vnetRef(resolver.virtualNetworkId, model);
    return {
      kind: "azure",
      in: home,
      path: [
        `${vnet.name} uses DNS server ${first}, the inbound endpoint of DNS Private Resolver ${resolver.name}: Azure DNS in ${home.name} answers`,
      ],
    };
  }
  const holder = virtualNetworkHolding(first, model.virtualNetworks);
  if (holder === undefined) {
    return {
      kind: "opaque",
      path: [`${vnet.name} uses DNS server ${first}, outside every VNet vaultlink read (on-premises?)`],
      reason: `${first} is not in Azure as far as ARM shows; what it answers depends on its forwarders`,
    };
  }
  return {
    kind: "azure",
    in: holder,
    path: [
      `${vnet.name} uses DNS server ${first}, in ${holder.name} (a DNS VM, not a resolver inbound endpoint), taken to forward to Azure DNS there`,
    ],
  };
}

/**
 * A DNS server outside what ARM shows, running the plan's conditional forwarders: the client name resolves publicly
 * to its privatelink name (storage) or is one (backup), and the privatelink zone goes to the plan's first target.
 */
function plannedForward(
  vnet: VirtualNetwork,
  model: ResolutionModel,
  zone: DnsZoneRecords,
  record: DnsRecord,
  client: string,
): Step | undefined {
  const target = model.plannedForwarders?.[0];
  if (target === undefined) return undefined;
  const server = vnet.dnsServers[0] ?? "";
  const path = [
    ...(client === record.fqdn ? [] : [`public DNS CNAMEs ${client} to ${record.fqdn}`]),
    `${server} forwards ${zone.zone} to ${target}, as the plan's conditional forwarders say (\`vaultlink dns PLAN --format forwarders-…\` writes them)`,
  ];
  const resolver = resolverAt(target, model.resolvers ?? NO_RESOLVERS);
  if (resolver === undefined) {
    return {
      answer: {
        kind: "unknown",
        reason:
          target === "168.63.129.16"
            ? "168.63.129.16 answers only from inside Azure, not from a server outside it"
            : `${target} is not a DNS Private Resolver inbound endpoint ARM shows`,
      },
      path,
      fix: `Forward ${zone.zone} to a DNS Private Resolver inbound endpoint in a VNet linked to it (the plan's forwardTo).`,
    };
  }
  const home = vnetRef(resolver.virtualNetworkId, model);
  const rest = azureDnsIn(home, model, zone, record, record.fqdn, []);
  return {
    ...rest,
    path: [
      ...path,
      `${target} is the inbound endpoint of ${resolver.name}: Azure DNS in ${home.name} answers`,
      ...rest.path,
    ],
  };
}

/** How a VNet's DNS servers read in a report. */
export function describeDnsServers(vnet: VirtualNetwork, model: ResolutionModel): string {
  if (vnet.dnsServers.length === 0) return "Azure-provided (168.63.129.16)";
  return vnet.dnsServers
    .map((ip) => {
      if (ip === AZURE_DNS) return `${ip} (Azure DNS)`;
      const resolver = resolverAt(ip, model.resolvers ?? NO_RESOLVERS);
      if (resolver !== undefined)
        return `${ip} (inbound endpoint of ${resolver.name} in ${vnetRef(resolver.virtualNetworkId, model).name})`;
      const holder = virtualNetworkHolding(ip, model.virtualNetworks);
      return holder === undefined ? `${ip} (outside Azure as far as ARM shows)` : `${ip} (in ${holder.name})`;
    })
    .join(", ");
}

/** The predicted answer of every name clients ask, in each VNet. */
export function predictResolution(
  model: ResolutionModel,
  virtualNetworkIds: readonly string[],
): VnetPrediction[] {
  return virtualNetworkIds.flatMap((id) => {
    const vnet = model.virtualNetworks.find((v) => sameResourceId(v.id, id));
    if (vnet === undefined) return [];
    const entry = entryOf(vnet, model);
    const names = model.expected.zones.flatMap((zone) =>
      zone.records.flatMap((record) =>
        record.clientNames.map((client): NamePrediction => {
          const forwarded =
            entry.kind === "opaque" ? plannedForward(vnet, model, zone, record, client) : undefined;
          const predicted = (step: Pick<NamePrediction, "answer" | "path" | "fix">): NamePrediction => {
            const verdict = judge(step.answer, record.addresses);
            return {
              name: client,
              expected: record.addresses,
              answer: step.answer,
              verdict,
              path: [...entry.path, ...step.path],
              ...(verdict === "ok" || step.fix === undefined ? {} : { fix: step.fix }),
            };
          };
          if (forwarded !== undefined) return predicted(forwarded);
          if (entry.kind === "opaque") {
            return {
              name: client,
              expected: record.addresses,
              answer: { kind: "unknown", reason: entry.reason },
              verdict: "unknown",
              path: entry.path,
              fix: `Have that server forward ${zone.service === "backup" ? zone.zone : zone.zone.replace(/^privatelink\./, "")} to a DNS Private Resolver inbound endpoint in a VNet linked to ${zone.zone}, then run \`vaultlink verify PLAN --dns-server ${vnet.dnsServers[0] ?? "IP"}\`.`,
            };
          }
          return predicted(azureDnsIn(entry.in, model, zone, record, client, []));
        }),
      ),
    );
    return [
      { virtualNetworkId: vnet.id, name: vnet.name, dnsServers: describeDnsServers(vnet, model), names },
    ];
  });
}
