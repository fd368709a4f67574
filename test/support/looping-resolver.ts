/** A PUT against the sandbox that the caller checks succeeded (`api-version` 2022-07-01 unless given). */
export type SandboxPut = (id: string, body: unknown, apiVersion?: string) => Promise<unknown>;

/**
 * A DNS private resolver in the hub VNet (`dnspr-hub-weu`, inbound endpoint `in` at 10.0.1.4, outbound `out`) and a
 * forwarding ruleset (`dnsfrs-hub-weu`) linked to the hub, whose rule sends queue.core.windows.net. to that same
 * inbound endpoint: a forwarding loop for the queue names. Callers link further VNets to the ruleset as they need.
 */
export async function putLoopingResolver(
  put: SandboxPut,
  hubVnetId: string,
): Promise<{ readonly resolverId: string; readonly rulesetId: string }> {
  const resolverId = hubVnetId.replace(/virtualNetworks\/vnet-hub-weu$/, "dnsResolvers/dnspr-hub-weu");
  const rulesetId = hubVnetId.replace(
    /virtualNetworks\/vnet-hub-weu$/,
    "dnsForwardingRulesets/dnsfrs-hub-weu",
  );
  await put(
    `${hubVnetId}/subnets/snet-dns-outbound`,
    { properties: { addressPrefix: "10.0.1.16/28" } },
    "2026-01-01",
  );
  await put(resolverId, { location: "westeurope", properties: { virtualNetwork: { id: hubVnetId } } });
  await put(`${resolverId}/inboundEndpoints/in`, {
    location: "westeurope",
    properties: { ipConfigurations: [{ subnet: { id: `${hubVnetId}/subnets/snet-dns-resolver` } }] },
  });
  await put(`${resolverId}/outboundEndpoints/out`, {
    location: "westeurope",
    properties: { subnet: { id: `${hubVnetId}/subnets/snet-dns-outbound` } },
  });
  await put(rulesetId, {
    location: "westeurope",
    properties: { dnsResolverOutboundEndpoints: [{ id: `${resolverId}/outboundEndpoints/out` }] },
  });
  await put(`${rulesetId}/forwardingRules/queue`, {
    properties: {
      domainName: "queue.core.windows.net.",
      targetDnsServers: [{ ipAddress: "10.0.1.4", port: 53 }],
    },
  });
  await put(`${rulesetId}/virtualNetworkLinks/hub`, { properties: { virtualNetwork: { id: hubVnetId } } });
  return { resolverId, rulesetId };
}
