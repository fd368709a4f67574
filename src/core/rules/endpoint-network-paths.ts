import ipaddr from "ipaddr.js";
import { parseResourceId, sameResourceId } from "../arm-id.js";
import type { Finding } from "../findings.js";
import { portMatch, type RuleMatch, rulesInOrder, weakest } from "../guidance/nsg-outbound-analysis.js";
import { freePriorityBelow, HIGHEST_CUSTOM_PRIORITY } from "../guidance/nsg-rule-proposal.js";
import type { NetworkSecurityGroup, RouteTable, SecurityRule, Subnet } from "../inventory.js";
import { shellWord } from "../shell-quote.js";
import { Source } from "./sources.js";

/**
 * The network between the workloads and their backup endpoints, evaluated instead of advised:
 * - with private endpoint network policies on for NSGs (`Enabled`, `NetworkSecurityGroupEnabled`), the endpoint
 *   subnet's NSG filters inbound traffic to the endpoints: its inbound rules are read in priority order for TCP 443
 *   from each workload subnet;
 * - with them on for route tables (`Enabled`, `RouteTableEnabled`), a workload subnet's user-defined route that
 *   covers the endpoint VNet's whole address space (0.0.0.0/0 does not count) overrides the endpoints' /32 routes,
 *   so the traffic goes through the route's appliance;
 * - whatever the policies, a workload subnet that sends 0.0.0.0/0 or Microsoft Entra ID's ranges to a firewall
 *   reaches Entra ID through it: the endpoints do not carry that traffic, so the firewall must allow it.
 * (https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy)
 */

export interface EndpointNetworkFacts {
  /** The subnets that get planned endpoints. */
  readonly endpointSubnets: readonly Subnet[];
  /** Subnets whose machines use the endpoints: the endpoint VNets' and their peered VNets' other subnets. */
  readonly workloadSubnets: readonly Subnet[];
  /** The NSGs of the endpoint subnets that could be read. */
  readonly securityGroups: readonly NetworkSecurityGroup[];
  /** The route tables of the endpoint and workload subnets that could be read. */
  readonly routeTables: readonly RouteTable[];
  /** Each endpoint VNet's address space, by lower-cased VNet id (its subnet's prefixes stand in when unknown). */
  readonly endpointAddressSpaces: ReadonlyMap<string, readonly string[]>;
}

/**
 * Microsoft Entra ID's IPv4 ranges of Microsoft 365 endpoint set 56 (login.microsoftonline.com and others), the ones a
 * route can send to a firewall (https://learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges, ID 56).
 */
const ENTRA_ID_RANGES = ["20.20.32.0/19", "20.190.128.0/18", "20.231.128.0/19", "40.126.0.0/18"];

/** Next hops that put a device of the customer's in the path. */
const APPLIANCE_HOPS = new Set(["virtualappliance", "virtualnetworkgateway"]);

const label = (subnet: Subnet) => `${parseResourceId(subnet.virtualNetworkId).name}/${subnet.name}`;

function cidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const trimmed = text.trim();
  if (ipaddr.isValidCIDR(trimmed)) return ipaddr.parseCIDR(trimmed);
  if (ipaddr.isValid(trimmed)) {
    const address = ipaddr.parse(trimmed);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  }
  return undefined;
}

/** `outer` holds all of `inner`: both CIDRs of one family. */
function covers(outer: string, inner: string): boolean {
  const a = cidr(outer);
  const b = cidr(inner);
  if (a === undefined || b === undefined || a[0].kind() !== b[0].kind()) return false;
  return a[1] <= b[1] && b[0].match(a as [ipaddr.IPv4, number]);
}

/** The two CIDRs share an address. */
function overlaps(x: string, y: string): boolean {
  return covers(x, y) || covers(y, x);
}

/** How surely an address prefix of a rule holds every address of the subnet prefixes. */
function prefixMatch(rulePrefixes: readonly string[], subnetPrefixes: readonly string[]): RuleMatch {
  if (rulePrefixes.length === 0) return "mayMatch"; // an application security group: members unknown
  let best: RuleMatch = "noMatch";
  for (const raw of rulePrefixes) {
    const prefix = raw.trim();
    const lower = prefix.toLowerCase();
    // VirtualNetwork holds the VNet's own and its peered VNets' address spaces (virtual-network-service-tags).
    if (lower === "*" || lower === "virtualnetwork") return "matches";
    if (cidr(prefix) === undefined) {
      if (lower !== "internet" && lower !== "azureloadbalancer") best = "mayMatch";
      continue;
    }
    if (subnetPrefixes.every((p) => covers(prefix, p))) return "matches";
    if (subnetPrefixes.some((p) => overlaps(prefix, p))) best = "mayMatch";
  }
  return best;
}

/** Azure's default inbound rules, for an NSG read without them (they are on every NSG). */
const DEFAULT_INBOUND: readonly SecurityRule[] = [
  inboundRule("AllowVnetInBound", 65000, "Allow", "VirtualNetwork"),
  inboundRule("AllowAzureLoadBalancerInBound", 65001, "Allow", "AzureLoadBalancer"),
  inboundRule("DenyAllInBound", 65500, "Deny", "*"),
];

function inboundRule(name: string, priority: number, access: "Allow" | "Deny", source: string): SecurityRule {
  return {
    name,
    priority,
    direction: "Inbound",
    access,
    protocol: "*",
    sourceAddressPrefixes: [source],
    sourcePortRanges: ["*"],
    destinationAddressPrefixes: [source === "*" ? "*" : "VirtualNetwork"],
    destinationPortRanges: ["*"],
    description: undefined,
  };
}

interface InboundVerdict {
  readonly workload: Subnet;
  readonly decision: "allowed" | "blocked";
  readonly decidedBy: SecurityRule;
  readonly uncertainBefore: readonly SecurityRule[];
}

/** TCP 443 from a workload subnet to the endpoint subnet, as Azure evaluates inbound rules: first match decides. */
function evaluateInbound(nsg: NetworkSecurityGroup, workload: Subnet, endpoint: Subnet): InboundVerdict {
  const uncertain: SecurityRule[] = [];
  for (const rule of rulesInOrder(nsg, "Inbound", DEFAULT_INBOUND)) {
    const protocol = rule.protocol.toLowerCase();
    if (protocol !== "*" && protocol !== "tcp") continue;
    const match = weakest(
      prefixMatch(rule.sourceAddressPrefixes, workload.addressPrefixes),
      prefixMatch(rule.destinationAddressPrefixes, endpoint.addressPrefixes),
      portMatch(rule.destinationPortRanges, 443),
      rule.sourcePortRanges.some((r) => r.trim() === "*") ? "matches" : "mayMatch",
    );
    if (match === "mayMatch") uncertain.push(rule);
    if (match === "matches")
      return {
        workload,
        decision: rule.access === "Allow" ? "allowed" : "blocked",
        decidedBy: rule,
        uncertainBefore: uncertain,
      };
  }
  throw new Error(`NSG ${nsg.id}: no inbound rule decided the traffic, not even DenyAllInBound`);
}

const describeRule = (rule: SecurityRule) => `${rule.name} (priority ${rule.priority}, ${rule.access})`;

function resourceGroupOf(id: string): string {
  const parsed = parseResourceId(id);
  return parsed.kind === "resource" ? (parsed.resourceGroup ?? "") : "";
}

/** The inbound Allow the endpoint subnet's NSG needs, as an `az` command, ahead of the deny. */
function allowCommand(
  nsg: NetworkSecurityGroup,
  deny: SecurityRule,
  sources: readonly string[],
  endpoint: Subnet,
) {
  const taken = new Set(nsg.securityRules.filter((r) => r.direction === "Inbound").map((r) => r.priority));
  const priority = freePriorityBelow(Math.min(deny.priority, HIGHEST_CUSTOM_PRIORITY + 1) - 1, taken);
  if (priority === undefined)
    return `Rule ${deny.name} sits at priority ${deny.priority} with no free number ahead of it: move it to a higher number (az network nsg rule update --priority), then add an inbound Allow for TCP 443 from ${sources.join(", ")} to ${endpoint.addressPrefixes.join(", ")}.`;
  return [
    "az network nsg rule create",
    `--resource-group ${shellWord(resourceGroupOf(nsg.id))}`,
    `--nsg-name ${shellWord(nsg.name)}`,
    "--name vaultlink-allow-backup-endpoints-443-in",
    `--priority ${priority}`,
    "--direction Inbound --access Allow --protocol Tcp",
    `--source-address-prefixes ${sources.map(shellWord).join(" ")}`,
    `--destination-address-prefixes ${endpoint.addressPrefixes.map(shellWord).join(" ")}`,
    "--destination-port-ranges 443",
  ].join(" ");
}

function nsgFindings(endpoint: Subnet, facts: EndpointNetworkFacts): Finding[] {
  const state = endpoint.privateEndpointNetworkPolicies;
  if (state !== "Enabled" && state !== "NetworkSecurityGroupEnabled") return [];
  const nsgId = endpoint.networkSecurityGroupId;
  if (nsgId === undefined) return [];
  const nsg = facts.securityGroups.find((g) => sameResourceId(g.id, nsgId));
  const source = `${Source.endpointNetworkPolicies}; ${Source.nsgRules}`;
  const workloads = facts.workloadSubnets.filter((w) => !sameResourceId(w.id, endpoint.id));
  if (nsg === undefined || workloads.length === 0) {
    return [
      {
        severity: "info",
        code: "endpoint-network-policies-on",
        message: `Subnet ${label(endpoint)} has privateEndpointNetworkPolicies ${state}: its NSG's rules apply to the backup private endpoints too, and vaultlink could not ${nsg === undefined ? "read the NSG" : "find workload subnets in the endpoint's VNet or the VNets peered with it"}.`,
        fix: "Make sure the NSG allows inbound TCP 443 from the workload subnets (SQL/HANA VMs, MARS, DPM/MABS servers) to the endpoint subnet.",
        source,
        subject: endpoint.id,
      },
    ];
  }
  const verdicts = workloads.map((w) => evaluateInbound(nsg, w, endpoint));
  const blocked = verdicts.filter((v) => v.decision === "blocked");
  const findings: Finding[] = [];
  if (blocked.length > 0) {
    const deny = blocked.map((v) => v.decidedBy).sort((a, b) => a.priority - b.priority)[0] as SecurityRule;
    const sources = blocked.flatMap((v) => v.workload.addressPrefixes);
    findings.push({
      severity: "warn",
      code: "nsg-blocks-endpoint-inbound",
      message: `NSG ${nsg.name} on endpoint subnet ${label(endpoint)} (privateEndpointNetworkPolicies ${state}) denies inbound TCP 443 from ${blocked.map((v) => `${label(v.workload)} (${v.workload.addressPrefixes.join(", ")}) by ${describeRule(v.decidedBy)}`).join("; ")}: backups and restores from there cannot reach the endpoints.`,
      fix: `Allow inbound TCP 443 from those subnets to ${endpoint.addressPrefixes.join(", ")} ahead of ${deny.name}: ${allowCommand(nsg, deny, sources, endpoint)}`,
      source,
      subject: nsg.id,
    });
  }
  const uncertain = verdicts.filter((v) => v.decision === "allowed" && v.uncertainBefore.length > 0);
  if (uncertain.length > 0) {
    findings.push({
      severity: "warn",
      code: "nsg-may-block-endpoint-inbound",
      message: `NSG ${nsg.name} on endpoint subnet ${label(endpoint)} allows inbound TCP 443 from ${uncertain.map((v) => label(v.workload)).join(", ")}, but earlier rules may match first depending on members vaultlink cannot resolve: ${[...new Set(uncertain.flatMap((v) => v.uncertainBefore.map(describeRule)))].join("; ")}.`,
      fix: "Check those rules against the workload subnets' addresses, or add an explicit inbound Allow for TCP 443 from them ahead of the rules.",
      source,
      subject: nsg.id,
    });
  }
  const allowed = verdicts.filter((v) => v.decision === "allowed" && v.uncertainBefore.length === 0);
  if (blocked.length === 0 && uncertain.length === 0) {
    const rules = [...new Set(allowed.map((v) => describeRule(v.decidedBy)))];
    findings.push({
      severity: "info",
      code: "nsg-allows-endpoint-inbound",
      message: `NSG ${nsg.name} on endpoint subnet ${label(endpoint)} (privateEndpointNetworkPolicies ${state}) allows inbound TCP 443 from every workload subnet vaultlink found (${allowed.map((v) => label(v.workload)).join(", ")}) through ${rules.join(", ")}.`,
      fix: "Nothing to do. A deny added to this NSG later applies to the backup endpoints too.",
      source,
      subject: nsg.id,
    });
  }
  return findings;
}

function routeTableOf(subnet: Subnet, facts: EndpointNetworkFacts): RouteTable | undefined {
  const id = subnet.routeTableId;
  return id === undefined ? undefined : facts.routeTables.find((t) => sameResourceId(t.id, id));
}

const hop = (route: RouteTable["routes"][number]) =>
  route.nextHopType.toLowerCase() === "virtualappliance"
    ? `the appliance at ${route.nextHopIpAddress ?? "(no address)"}`
    : `the ${route.nextHopType}`;

/** Workload routes that, with route policies on, take the endpoints' traffic through an appliance or drop it. */
function routeFindings(endpoint: Subnet, facts: EndpointNetworkFacts): Finding[] {
  const state = endpoint.privateEndpointNetworkPolicies;
  if (state !== "Enabled" && state !== "RouteTableEnabled") return [];
  const findings: Finding[] = [];
  for (const workload of facts.workloadSubnets) {
    if (sameResourceId(workload.id, endpoint.id)) continue;
    const table = routeTableOf(workload, facts);
    if (table === undefined) continue;
    // Only a route that holds the endpoint VNet's whole address space overrides the endpoints' /32 routes, and
    // never 0.0.0.0/0 (disable-private-endpoint-network-policy, "Important"); the longest such prefix decides.
    const space =
      facts.endpointAddressSpaces.get(endpoint.virtualNetworkId.toLowerCase()) ?? endpoint.addressPrefixes;
    const route = table.routes
      .filter((r) => (cidr(r.addressPrefix)?.[1] ?? 0) > 0 && space.every((p) => covers(r.addressPrefix, p)))
      .sort((a, b) => (cidr(b.addressPrefix)?.[1] ?? 0) - (cidr(a.addressPrefix)?.[1] ?? 0))[0];
    if (route === undefined) continue;
    const kind = route.nextHopType.toLowerCase();
    if (kind === "none") {
      findings.push({
        severity: "warn",
        code: "workload-route-drops-endpoint-traffic",
        message: `Route ${route.name} (${route.addressPrefix}, next hop None) of route table ${table.name} on workload subnet ${label(workload)} drops traffic to the backup endpoints in ${label(endpoint)}: with privateEndpointNetworkPolicies ${state}, a route covering the endpoint VNet's address space overrides the endpoints' /32 routes.`,
        fix: `Add a route for ${endpoint.addressPrefixes.join(", ")} with next hop VnetLocal (or through your firewall) to ${table.name}, or turn route table policies off on ${label(endpoint)}.`,
        source: Source.endpointNetworkPolicies,
        subject: table.id,
      });
    } else if (APPLIANCE_HOPS.has(kind)) {
      findings.push({
        severity: "warn",
        code: "workload-route-to-endpoint-via-appliance",
        message: `Traffic from workload subnet ${label(workload)} to the backup endpoints in ${label(endpoint)} goes through ${hop(route)} (route ${route.name}, ${route.addressPrefix}, of route table ${table.name}): with privateEndpointNetworkPolicies ${state}, a route covering the endpoint VNet's address space overrides the endpoints' /32 routes.`,
        fix: `Allow TCP 443 from ${workload.addressPrefixes.join(", ")} to ${endpoint.addressPrefixes.join(", ")} on that appliance and make the return path go through it too (a route on ${label(endpoint)} back to the workloads), or add a route for ${endpoint.addressPrefixes.join(", ")} with next hop VnetLocal to ${table.name}.`,
        source: Source.endpointNetworkPolicies,
        subject: table.id,
      });
    }
  }
  return findings;
}

/** Whether a route sends Microsoft Entra ID's traffic somewhere: a default route, the tag, or one of its ranges. */
function routesEntraId(prefix: string): boolean {
  const text = prefix.trim();
  if (text.toLowerCase() === "azureactivedirectory") return true;
  return ENTRA_ID_RANGES.some((range) => overlaps(text, range));
}

/** Workload subnets whose Entra ID traffic goes through a firewall: it must allow Entra ID (one finding per table). */
function firewallFindings(facts: EndpointNetworkFacts): Finding[] {
  const byTable = new Map<
    string,
    { table: RouteTable; route: RouteTable["routes"][number]; subnets: Subnet[] }
  >();
  for (const workload of facts.workloadSubnets) {
    const table = routeTableOf(workload, facts);
    if (table === undefined) continue;
    const route = table.routes.find(
      (r) => APPLIANCE_HOPS.has(r.nextHopType.toLowerCase()) && routesEntraId(r.addressPrefix),
    );
    if (route === undefined) continue;
    const entry = byTable.get(table.id.toLowerCase()) ?? { table, route, subnets: [] };
    entry.subnets.push(workload);
    byTable.set(table.id.toLowerCase(), entry);
  }
  return [...byTable.values()].map(({ table, route, subnets }) => ({
    severity: "warn",
    code: "firewall-must-allow-entra-id",
    message: `Workload subnet${subnets.length === 1 ? "" : "s"} ${subnets.map(label).join(", ")} send${subnets.length === 1 ? "s" : ""} ${route.addressPrefix} to ${hop(route)} (route ${route.name} of route table ${table.name}): SQL Server / SAP HANA workload extensions and the MARS agent reach Microsoft Entra ID on TCP 443 through it, which the backup private endpoints do not carry.`,
    fix: "Allow Microsoft Entra ID (the FQDNs of Microsoft 365 endpoint sets 56 and 59) and, for MARS updates, download.microsoft.com on that firewall: `vaultlink guidance PLAN --format azure-firewall` prints the Azure Firewall policy rules, `--format fqdn-list` the names for any other firewall.",
    source: `${Source.seedBeforeYouStart}; ${Source.microsoft365EndpointSets}`,
    subject: table.id,
  }));
}

/** The NSG and route findings for the planned endpoint subnets and the workloads that use them. */
export function checkEndpointNetworkPaths(facts: EndpointNetworkFacts): Finding[] {
  return [
    ...facts.endpointSubnets.flatMap((endpoint) => [
      ...nsgFindings(endpoint, facts),
      ...routeFindings(endpoint, facts),
    ]),
    ...firewallFindings(facts),
  ];
}
