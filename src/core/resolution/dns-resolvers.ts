/**
 * Azure DNS Private Resolver as the resolution prediction reads it (Microsoft.Network dnsresolver 2022-07-01;
 * https://learn.microsoft.com/azure/dns/dns-private-resolver-overview): a resolver lives in one VNet; its inbound
 * endpoints take queries at private addresses and answer them with Azure DNS in that VNet; forwarding rulesets,
 * linked to VNets, send the queries of their domains from Azure DNS in a linked VNet to target DNS servers.
 */
export interface DnsPrivateResolver {
  readonly id: string;
  readonly name: string;
  readonly virtualNetworkId: string;
  /** The private addresses of its inbound endpoints. */
  readonly inboundAddresses: readonly string[];
}

export interface DnsForwardingRule {
  readonly name: string;
  /** Lower case, without the trailing dot ARM keeps (`contoso.com.` is `contoso.com`); `` for the root. */
  readonly domain: string;
  readonly targets: readonly { readonly ipAddress: string; readonly port: number }[];
  readonly enabled: boolean;
}

export interface DnsForwardingRuleset {
  readonly id: string;
  readonly name: string;
  readonly rules: readonly DnsForwardingRule[];
  /** The VNets linked to the ruleset: Azure DNS in each applies its rules. */
  readonly virtualNetworkIds: readonly string[];
}

/** Everything the prediction knows of the tenant's DNS Private Resolvers. */
export interface ResolverView {
  readonly resolvers: readonly DnsPrivateResolver[];
  readonly rulesets: readonly DnsForwardingRuleset[];
}

export const NO_RESOLVERS: ResolverView = { resolvers: [], rulesets: [] };

/** `contoso.com.` → `contoso.com`, as names are compared. */
export function canonicalDomain(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
