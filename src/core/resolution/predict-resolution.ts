import ipaddr from "ipaddr.js";
import { sameResourceId } from "../arm-id.js";
import type { DnsRecord, DnsRecordSet, DnsZoneRecords } from "../dns/record-set.js";
import type { PrivateDnsZone, RecordSet, VirtualNetwork, VirtualNetworkLink } from "../inventory.js";

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
 * - A VNet with custom DNS servers sends queries there. An address inside a known VNet is taken as a DNS server (a VM
 *   or a DNS Private Resolver inbound endpoint) that forwards to Azure's resolver, which then answers as in that
 *   VNet; an address outside every known VNet cannot be followed (on-premises, most often).
 */

/** Where an answer comes from. */
export type PredictedAnswer =
  | { readonly kind: "private"; readonly addresses: readonly string[]; readonly zoneId: string }
  /** Public DNS answers: a public address for storage, NXDOMAIN for a backup name (it has no public record). */
  | { readonly kind: "public"; readonly gives: "public address" | "NXDOMAIN" }
  /** NXDOMAIN from a private zone that lacks the record (link policy Default). */
  | { readonly kind: "nxdomain"; readonly zoneId: string }
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

/** Everything the prediction reads: the names and their addresses, the VNets ARM shows, the zones. */
export interface ResolutionModel {
  readonly expected: DnsRecordSet;
  /** Every VNet known: the workload VNets, their peers, and any named. */
  readonly virtualNetworks: readonly VirtualNetwork[];
  readonly zones: readonly ZoneView[];
}

const nameOf = (id: string): string => id.split("/").at(-1) ?? id;

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

function linkOf(view: ZoneView, virtualNetworkId: string): VirtualNetworkLink | undefined {
  return view.links.find((l) => sameResourceId(l.virtualNetworkId, virtualNetworkId));
}

/** Azure's resolver in `vnet`, for one name: the linked zone's record, NXDOMAIN, or public DNS. */
function azureDnsIn(
  vnet: VirtualNetwork,
  model: ResolutionModel,
  zone: DnsZoneRecords,
  record: DnsRecord,
  client: string,
): { answer: PredictedAnswer; path: string[]; fix?: string } {
  const publicAnswer: PredictedAnswer = {
    kind: "public",
    gives: zone.service === "backup" ? "NXDOMAIN" : "public address",
  };
  const path: string[] = [];
  if (client !== record.fqdn) path.push(`public DNS CNAMEs ${client} to ${record.fqdn}`);
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

function judge(answer: PredictedAnswer, expected: readonly string[]): NamePrediction["verdict"] {
  if (answer.kind === "unknown") return "unknown";
  return answer.kind === "private" &&
    answer.addresses.length > 0 &&
    answer.addresses.every((a) => expected.includes(a))
    ? "ok"
    : "wrong";
}

/** How a VNet's queries leave it: Azure DNS in some VNet, or a server the prediction cannot follow. */
type Resolver =
  | { readonly kind: "azure"; readonly in: VirtualNetwork; readonly path: readonly string[] }
  | { readonly kind: "opaque"; readonly path: readonly string[]; readonly reason: string };

function resolverOf(vnet: VirtualNetwork, model: ResolutionModel): Resolver {
  if (vnet.dnsServers.length === 0)
    return { kind: "azure", in: vnet, path: [`${vnet.name} uses Azure-provided DNS (168.63.129.16)`] };
  // Clients send to the first server and move on only when it does not answer.
  const first = vnet.dnsServers[0] ?? "";
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
      `${vnet.name} uses DNS server ${first}, in ${holder.name} (a DNS VM or a DNS Private Resolver inbound endpoint), taken to forward to Azure DNS there`,
    ],
  };
}

/** How a VNet's DNS servers read in a report. */
export function describeDnsServers(vnet: VirtualNetwork, model: ResolutionModel): string {
  if (vnet.dnsServers.length === 0) return "Azure-provided (168.63.129.16)";
  return vnet.dnsServers
    .map((ip) => {
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
    const resolver = resolverOf(vnet, model);
    const names = model.expected.zones.flatMap((zone) =>
      zone.records.flatMap((record) =>
        record.clientNames.map((client): NamePrediction => {
          if (resolver.kind === "opaque") {
            return {
              name: client,
              expected: record.addresses,
              answer: { kind: "unknown", reason: resolver.reason },
              verdict: "unknown",
              path: resolver.path,
              fix: `Have that server forward ${zone.service === "backup" ? zone.zone : zone.zone.replace(/^privatelink\./, "")} to a DNS Private Resolver inbound endpoint in a VNet linked to ${zone.zone}, then run \`vaultlink verify PLAN --dns-server ${vnet.dnsServers[0] ?? "IP"}\`.`,
            };
          }
          const step = azureDnsIn(resolver.in, model, zone, record, client);
          const verdict = judge(step.answer, record.addresses);
          return {
            name: client,
            expected: record.addresses,
            answer: step.answer,
            verdict,
            path: [...resolver.path, ...step.path],
            ...(verdict === "ok" || step.fix === undefined ? {} : { fix: step.fix }),
          };
        }),
      ),
    );
    return [
      { virtualNetworkId: vnet.id, name: vnet.name, dnsServers: describeDnsServers(vnet, model), names },
    ];
  });
}
