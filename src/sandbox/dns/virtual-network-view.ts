import type { Answer } from "dns-packet";
import { arrayAt, objectAt } from "../arm-resource.js";
import { INBOUND_TYPE, RULE_TYPE, RULESET_LINK_TYPE } from "../handlers/dns-resolvers.js";
import { publicCnameOf } from "../private-zones.js";
import { sameResourceId } from "../resource-ids.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";
import { type DnsQuestion, type Resolution, resolvePrivately } from "./private-resolver.js";

/**
 * What a VM in a virtual network is answered, following the path a query takes in Azure:
 * - The VNet's DNS servers (`dhcpOptions.dnsServers`): none means Azure-provided DNS (168.63.129.16) in that VNet.
 *   A server that is a DNS Private Resolver inbound endpoint answers with Azure DNS in the resolver's VNet
 *   ("DNS queries sent to the inbound endpoint are resolved using Azure DNS. Private DNS zones that are linked to the
 *   virtual network where the inbound endpoint is provisioned are resolved by the inbound endpoint",
 *   https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets#inbound-endpoints). Clients ask the
 *   first server and move on only when it does not answer, so the first decides.
 *   Any other address is a DNS server the sandbox does not run (a DNS VM, on-premises): REFUSED.
 * - Azure DNS in a VNet first applies the forwarding rules of the rulesets linked to that VNet (the longest domain
 *   that matches, enabled rules only; https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets#rules):
 *   a rule's first target that is an inbound endpoint answers as Azure DNS in that endpoint's VNet; a target the
 *   sandbox does not run is REFUSED. A query that comes back to a VNet it already passed is a forwarding loop
 *   (a ruleset linked to the inbound endpoint's own VNet, forwarding to it): SERVFAIL, as the loop ends in a timeout.
 * - Otherwise the private zones linked to the VNet answer (private-resolver.ts), and storage names reach their
 *   privatelink names through the public CNAME, which is itself resolved along the same path.
 */
const SERVFAIL: Resolution = { rcode: "SERVFAIL", answers: [], authorities: [] };
const REFUSED: Resolution = { rcode: "REFUSED", answers: [], authorities: [] };

/** How many hops (forwards and CNAMEs) one question may take before the sandbox gives up with SERVFAIL. */
const MAX_HOPS = 8;

const canonical = (name: string) => name.toLowerCase().replace(/\.$/, "");

function inboundEndpointAt(store: ResourceStore, address: string): ArmResource | undefined {
  return store
    .listAllOfType(INBOUND_TYPE)
    .find((endpoint) =>
      arrayAt(objectAt(endpoint.properties).ipConfigurations).some((c) => c.privateIpAddress === address),
    );
}

/** The VNet of the resolver an inbound endpoint belongs to. */
function resolverVirtualNetwork(store: ResourceStore, endpoint: ArmResource): string | undefined {
  const resolverId = endpoint.id.slice(0, endpoint.id.toLowerCase().lastIndexOf("/inboundendpoints/"));
  const id = objectAt(objectAt(store.get(resolverId)?.properties).virtualNetwork).id;
  return typeof id === "string" ? id : undefined;
}

interface MatchedRule {
  readonly domain: string;
  readonly targets: readonly string[];
}

/** The enabled forwarding rule, of the rulesets linked to `virtualNetworkId`, with the longest domain matching. */
function forwardingRuleFor(
  store: ResourceStore,
  virtualNetworkId: string,
  name: string,
): MatchedRule | undefined {
  let best: MatchedRule | undefined;
  for (const link of store.listAllOfType(RULESET_LINK_TYPE)) {
    const linked = objectAt(objectAt(link.properties).virtualNetwork).id;
    if (typeof linked !== "string" || !sameResourceId(linked, virtualNetworkId)) continue;
    const rulesetId = link.id.slice(0, link.id.toLowerCase().lastIndexOf("/virtualnetworklinks/"));
    for (const rule of store.childrenOf(rulesetId, RULE_TYPE)) {
      const props = objectAt(rule.properties);
      if (props.forwardingRuleState === "Disabled") continue;
      const domain = canonical(String(props.domainName ?? ""));
      const matches = domain === "" || name === domain || name.endsWith(`.${domain}`);
      if (!matches || (best !== undefined && best.domain.length >= domain.length)) continue;
      best = { domain, targets: arrayAt(props.targetDnsServers).map((t) => String(t.ipAddress ?? "")) };
    }
  }
  return best;
}

function azureDnsIn(
  store: ResourceStore,
  virtualNetworkId: string,
  question: DnsQuestion,
  passed: readonly string[],
  hops: number,
): Resolution {
  if (hops >= MAX_HOPS) return SERVFAIL;
  const name = canonical(question.name);
  const rule = forwardingRuleFor(store, virtualNetworkId, name);
  if (rule !== undefined) {
    const target = rule.targets[0] ?? "";
    const endpoint = inboundEndpointAt(store, target);
    const next = endpoint === undefined ? undefined : resolverVirtualNetwork(store, endpoint);
    if (next === undefined) return REFUSED;
    if (passed.some((id) => sameResourceId(id, next)) || sameResourceId(next, virtualNetworkId))
      return SERVFAIL;
    return azureDnsIn(store, next, question, [...passed, virtualNetworkId], hops + 1);
  }
  // Public DNS answers a storage name with a CNAME to its privatelink name, which Azure DNS in this VNet then
  // resolves from the start: the rulesets linked here see the privatelink name too.
  const target = publicCnameOf(name);
  if (target === undefined) return resolvePrivately(store, question, virtualNetworkId);
  const next = azureDnsIn(store, virtualNetworkId, { name: target, type: question.type }, passed, hops + 1);
  if (next.rcode === "REFUSED") return next;
  const alias: Answer = { name, type: "CNAME", ttl: 60, class: "IN", data: target };
  return { ...next, answers: [alias, ...next.answers] };
}

/** Answers `question` as a VM in `virtualNetworkId` is answered through its VNet's DNS servers. */
export function resolveInVirtualNetwork(
  store: ResourceStore,
  question: DnsQuestion,
  virtualNetworkId: string,
): Resolution {
  const vnet = store.get(virtualNetworkId);
  const servers = objectAt(objectAt(vnet?.properties).dhcpOptions).dnsServers;
  const first = Array.isArray(servers) && servers.length > 0 ? String(servers[0]) : undefined;
  // 168.63.129.16 set by hand is Azure DNS itself, answering in the VNet as when no server is set.
  if (first === undefined || first === "168.63.129.16")
    return azureDnsIn(store, virtualNetworkId, question, [], 0);
  const endpoint = inboundEndpointAt(store, first);
  const next = endpoint === undefined ? undefined : resolverVirtualNetwork(store, endpoint);
  return next === undefined ? REFUSED : azureDnsIn(store, next, question, [], 0);
}
