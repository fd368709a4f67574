import type {
  InboundEndpoint as ArmInboundEndpoint,
  DnsResolver as ArmResolver,
  DnsForwardingRuleset as ArmRuleset,
} from "@azure/arm-dnsresolver";
import { ResourceType } from "../core/arm-id.js";
import {
  canonicalDomain,
  type DnsForwardingRule,
  type DnsForwardingRuleset,
  type DnsPrivateResolver,
} from "../core/resolution/dns-resolvers.js";
import { armPages } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { requiredField } from "./required-field.js";
import { locate } from "./resource-location.js";

async function all<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const found: T[] = [];
  for await (const page of pages) found.push(...page);
  return found;
}

/** A resolver without its inbound addresses, as DnsResolvers_List (or a Resource Graph row, flattened) has it. */
export type ResolverOnly = Omit<DnsPrivateResolver, "inboundAddresses">;

export function toResolver(resolver: ArmResolver): ResolverOnly {
  const id = requiredField(resolver.id, "id", "a DNS private resolver");
  return {
    id,
    name: requiredField(resolver.name, "name", `DNS private resolver ${id}`),
    virtualNetworkId: requiredField(
      resolver.virtualNetwork?.id,
      "virtualNetwork.id",
      `DNS private resolver ${id}`,
    ),
  };
}

/** An inbound endpoint: its id (its resolver's id is its prefix) and its private addresses. */
export function toInboundEndpoint(endpoint: ArmInboundEndpoint): {
  readonly id: string;
  readonly addresses: readonly string[];
} {
  return {
    id: requiredField(endpoint.id, "id", "an inbound endpoint"),
    addresses: (endpoint.ipConfigurations ?? []).flatMap((c) =>
      c.privateIpAddress ? [c.privateIpAddress] : [],
    ),
  };
}

/** A ruleset without its rules and links, as DnsForwardingRulesets_List (or a Resource Graph row) has it. */
export type RulesetOnly = Pick<DnsForwardingRuleset, "id" | "name">;

export function toRuleset(ruleset: ArmRuleset): RulesetOnly {
  const id = requiredField(ruleset.id, "id", "a DNS forwarding ruleset");
  return { id, name: requiredField(ruleset.name, "name", `DNS forwarding ruleset ${id}`) };
}

/** Inbound endpoints in id order, so the addresses come in the same order whoever listed them. */
export function inboundAddressesInOrder(
  endpoints: readonly { readonly id: string; readonly addresses: readonly string[] }[],
): string[] {
  return [...endpoints]
    .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
    .flatMap((e) => e.addresses);
}

/**
 * The DNS Private Resolvers of a subscription with their inbound endpoints' addresses (DnsResolvers_List,
 * InboundEndpoints_List; @azure/arm-dnsresolver 1.1.0 sends dnsresolver 2022-07-01).
 */
export async function listDnsResolvers(
  clients: AzureClients,
  subscriptionId: string,
): Promise<DnsPrivateResolver[]> {
  const client = await clients.dnsResolver(subscriptionId);
  const resolvers = await all(
    armPages(
      { verb: "list the DNS private resolvers of", kind: "subscription", id: subscriptionId },
      client.dnsResolvers.list().byPage(),
      toResolver,
    ),
  );
  return Promise.all(
    resolvers.map(async (resolver) => {
      const at = locate(resolver.id, ResourceType.dnsResolver);
      const endpoints = await all(
        armPages(
          { verb: "list the inbound endpoints of", kind: "DNS private resolver", id: resolver.id },
          client.inboundEndpoints.list(at.resourceGroup, at.names[0]).byPage(),
          toInboundEndpoint,
        ),
      );
      return { ...resolver, inboundAddresses: inboundAddressesInOrder(endpoints) };
    }),
  );
}

/**
 * A ruleset's forwarding rules and VNet links (ForwardingRules_List, VirtualNetworkLinks_List): ARM only, Resource
 * Graph keeps neither (its `resources` table has the rulesets, not these children).
 * https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources#resources
 */
export async function readRulesetContents(
  clients: AzureClients,
  ruleset: RulesetOnly,
): Promise<DnsForwardingRuleset> {
  const at = locate(ruleset.id, ResourceType.dnsForwardingRuleset);
  const client = await clients.dnsResolver(at.subscriptionId);
  const [rules, links] = await Promise.all([
    all(
      armPages(
        { verb: "list the forwarding rules of", kind: "DNS forwarding ruleset", id: ruleset.id },
        client.forwardingRules.list(at.resourceGroup, at.names[0]).byPage(),
        (rule): DnsForwardingRule => ({
          name: requiredField(rule.name, "name", `a forwarding rule of ${ruleset.id}`),
          domain: canonicalDomain(
            requiredField(rule.domainName, "domainName", `a forwarding rule of ${ruleset.id}`),
          ),
          targets: (rule.targetDnsServers ?? []).map((t) => ({
            ipAddress: t.ipAddress,
            port: t.port ?? 53,
          })),
          enabled: rule.forwardingRuleState !== "Disabled",
        }),
      ),
    ),
    all(
      armPages(
        { verb: "list the virtual network links of", kind: "DNS forwarding ruleset", id: ruleset.id },
        client.virtualNetworkLinks.list(at.resourceGroup, at.names[0]).byPage(),
        (link) =>
          requiredField(
            link.virtualNetwork?.id,
            "virtualNetwork.id",
            `a virtual network link of ${ruleset.id}`,
          ),
      ),
    ),
  ]);
  return { ...ruleset, rules, virtualNetworkIds: links };
}

/** The DNS forwarding rulesets of a subscription with their rules and VNet links (DnsForwardingRulesets_List, …). */
export async function listDnsForwardingRulesets(
  clients: AzureClients,
  subscriptionId: string,
): Promise<DnsForwardingRuleset[]> {
  const client = await clients.dnsResolver(subscriptionId);
  const rulesets = await all(
    armPages(
      { verb: "list the DNS forwarding rulesets of", kind: "subscription", id: subscriptionId },
      client.dnsForwardingRulesets.list().byPage(),
      toRuleset,
    ),
  );
  return Promise.all(rulesets.map((ruleset) => readRulesetContents(clients, ruleset)));
}
