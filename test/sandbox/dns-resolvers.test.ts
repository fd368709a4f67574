import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { createNameResolver } from "../../src/engine/dns-resolver.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, NETWORK, PRIVATE_DNS, SUB_CONNECTIVITY, SUB_PROD } from "./arm-requests.js";

/** What @azure/arm-dnsresolver 1.1.0 sends. */
const RESOLVER_API = "2022-07-01";
const HUB_RG = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu`;
const HUB = `${HUB_RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
const SPOKE = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu`;
const RESOLVER = `${HUB_RG}/providers/Microsoft.Network/dnsResolvers/dnspr-hub-weu`;
const RULESET = `${HUB_RG}/providers/Microsoft.Network/dnsForwardingRulesets/dnsfrs-hub-weu`;
const ZONE = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.contoso.example`;

/**
 * DNS Private Resolver in the sandbox: its resources answer in the dnsresolver 2022-07-01 shapes (read back through the
 * official SDK), and its DNS server's per-VNet view follows a VNet's DNS servers to a resolver inbound endpoint and a
 * ruleset's rules, as Azure's resolver does.
 */
describe("the sandbox's DNS Private Resolvers", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const put = async (id: string, body: unknown, apiVersion = RESOLVER_API) => {
      const answer = await arm(sandbox, "PUT", id, { apiVersion, body });
      expect([id, answer.status, answer.body?.error]).toEqual([id, answer.status, undefined]);
      return answer;
    };
    await put(`${HUB}/subnets/snet-dns-outbound`, { properties: { addressPrefix: "10.0.1.16/28" } }, NETWORK);
    await put(RESOLVER, { location: "westeurope", properties: { virtualNetwork: { id: HUB } } });
    await put(`${RESOLVER}/inboundEndpoints/in`, {
      location: "westeurope",
      properties: { ipConfigurations: [{ subnet: { id: `${HUB}/subnets/snet-dns-resolver` } }] },
    });
    await put(`${RESOLVER}/outboundEndpoints/out`, {
      location: "westeurope",
      properties: { subnet: { id: `${HUB}/subnets/snet-dns-outbound` } },
    });
    await put(RULESET, {
      location: "westeurope",
      properties: { dnsResolverOutboundEndpoints: [{ id: `${RESOLVER}/outboundEndpoints/out` }] },
    });
    // A private zone linked to the hub only, with one record.
    await put(ZONE, { location: "global", properties: {} }, PRIVATE_DNS);
    await put(
      `${ZONE}/virtualNetworkLinks/hub`,
      { location: "global", properties: { virtualNetwork: { id: HUB }, registrationEnabled: false } },
      PRIVATE_DNS,
    );
    await put(
      `${ZONE}/A/app`,
      { properties: { ttl: 10, aRecords: [{ ipv4Address: "10.0.2.7" }] } },
      PRIVATE_DNS,
    );
  });
  afterAll(() => sandbox.close());

  async function ask(vnetId: string, name: string): Promise<string> {
    const address = await sandbox.dnsView(vnetId);
    const answer = await createNameResolver(`${address.host}:${address.port}`).resolve(name);
    return answer.kind === "addresses"
      ? answer.addresses.join(",")
      : answer.kind === "noRecord"
        ? answer.code
        : "unreachable";
  }

  async function setDnsServers(vnetId: string, servers: readonly string[]): Promise<void> {
    const vnet = (await arm(sandbox, "GET", vnetId, { apiVersion: NETWORK })).body;
    const answer = await arm(sandbox, "PUT", vnetId, {
      apiVersion: NETWORK,
      body: { ...vnet, properties: { ...vnet.properties, dhcpOptions: { dnsServers: servers } } },
    });
    expect(answer.status).toBeLessThan(300);
  }

  it("gives a dynamic inbound endpoint the subnet's fifth address, and answers in the spec's shapes", async () => {
    const inbound = await arm(sandbox, "GET", `${RESOLVER}/inboundEndpoints/in`, {
      apiVersion: RESOLVER_API,
    });
    expect(inbound.body.properties).toMatchObject({
      ipConfigurations: [
        {
          subnet: { id: `${HUB}/subnets/snet-dns-resolver` },
          privateIpAddress: "10.0.1.4",
          privateIpAllocationMethod: "Dynamic",
        },
      ],
      provisioningState: "Succeeded",
    });
    const resolver = await arm(sandbox, "GET", RESOLVER, { apiVersion: RESOLVER_API });
    expect(resolver.body.properties).toMatchObject({
      virtualNetwork: { id: HUB },
      dnsResolverState: "Connected",
    });
    const list = await arm(
      sandbox,
      "GET",
      `/subscriptions/${SUB_CONNECTIVITY}/providers/Microsoft.Network/dnsResolvers`,
      {
        apiVersion: RESOLVER_API,
      },
    );
    expect(list.body.value.map((r: { id: string }) => r.id)).toEqual([RESOLVER]);
  });

  it("refuses a rule without the trailing dot and a link to a VNet that does not exist, as ARM does", async () => {
    const rule = await arm(sandbox, "PUT", `${RULESET}/forwardingRules/bad`, {
      apiVersion: RESOLVER_API,
      body: { properties: { domainName: "contoso.example", targetDnsServers: [{ ipAddress: "10.0.1.4" }] } },
    });
    expect([rule.status, rule.body.error.code]).toEqual([400, "InvalidRequestContent"]);
    const link = await arm(sandbox, "PUT", `${RULESET}/virtualNetworkLinks/nowhere`, {
      apiVersion: RESOLVER_API,
      body: { properties: { virtualNetwork: { id: `${HUB}-missing` } } },
    });
    expect([link.status, link.body.error.code]).toEqual([400, "InvalidResourceReference"]);
  });

  it("answers a spoke on the hub's inbound endpoint from the hub's linked zones; on Azure-provided DNS the spoke sees none", async () => {
    expect(await ask(SPOKE, "app.privatelink.contoso.example")).toBe("REFUSED");
    await setDnsServers(SPOKE, ["10.0.1.4"]);
    expect(await ask(SPOKE, "app.privatelink.contoso.example")).toBe("10.0.2.7");
    // Azure DNS set by hand answers as in the VNet itself: the hub, where the zone is linked.
    await setDnsServers(HUB, ["168.63.129.16"]);
    expect(await ask(HUB, "app.privatelink.contoso.example")).toBe("10.0.2.7");
    await setDnsServers(HUB, []);
    await setDnsServers(SPOKE, ["192.0.2.53"]);
    // A DNS server the sandbox does not run (on-premises, a DNS VM): it says so rather than invent an answer.
    expect(await ask(SPOKE, "app.privatelink.contoso.example")).toBe("REFUSED");
    await setDnsServers(SPOKE, []);
  });

  it("follows a ruleset linked to the spoke to the inbound endpoint, and fails a ruleset linked to the endpoint's own VNet", async () => {
    const put = (id: string, body: unknown) => arm(sandbox, "PUT", id, { apiVersion: RESOLVER_API, body });
    await put(`${RULESET}/forwardingRules/contoso`, {
      properties: {
        domainName: "privatelink.contoso.example.",
        targetDnsServers: [{ ipAddress: "10.0.1.4", port: 53 }],
      },
    });
    await put(`${RULESET}/virtualNetworkLinks/spoke`, { properties: { virtualNetwork: { id: SPOKE } } });
    expect(await ask(SPOKE, "app.privatelink.contoso.example")).toBe("10.0.2.7");
    await put(`${RULESET}/virtualNetworkLinks/hub`, { properties: { virtualNetwork: { id: HUB } } });
    expect(await ask(SPOKE, "app.privatelink.contoso.example")).toBe("SERVFAIL");
    expect(await ask(HUB, "app.privatelink.contoso.example")).toBe("SERVFAIL");
    await arm(sandbox, "DELETE", `${RULESET}/virtualNetworkLinks/hub`, { apiVersion: RESOLVER_API });
    expect(await ask(HUB, "app.privatelink.contoso.example")).toBe("10.0.2.7");
  });

  it("is read by the product the same through Resource Graph and through @azure/arm-dnsresolver's lists: resolvers with inbound addresses, rulesets with rules and links", async () => {
    const read = async (inventory: "auto" | "armLists") => {
      const adapter = await createAzureAdapter({ kind: "sandbox", url: new URL(sandbox.url) }, { inventory });
      const before = sandbox.requestLog().length;
      const resolvers = await adapter.inventory.dnsResolvers([SUB_CONNECTIVITY]);
      const rulesets = await adapter.inventory.dnsForwardingRulesets([SUB_CONNECTIVITY]);
      const paths = sandbox
        .requestLog()
        .slice(before)
        .map((e) => e.path);
      return { resolvers, rulesets, paths, notice: adapter.inventory.fallbackNotice() };
    };
    const expected = {
      resolvers: [
        { id: RESOLVER, name: "dnspr-hub-weu", virtualNetworkId: HUB, inboundAddresses: ["10.0.1.4"] },
      ],
      rulesets: [
        {
          id: RULESET,
          name: RULESET.split("/").at(-1),
          rules: [
            {
              name: "contoso",
              domain: "privatelink.contoso.example",
              targets: [{ ipAddress: "10.0.1.4", port: 53 }],
              enabled: true,
            },
          ],
          virtualNetworkIds: [SPOKE],
        },
      ],
    };
    const graph = await read("auto");
    expect(graph).toMatchObject(expected);
    expect(graph.notice).toBeUndefined();
    // Resource Graph has the resolvers, their inbound endpoints and the rulesets; the rules and links only ARM has.
    expect(graph.paths.filter((p) => p.endsWith("/Microsoft.ResourceGraph/resources"))).toHaveLength(3);
    expect(
      graph.paths.filter((p) => /\/(dnsResolvers|dnsForwardingRulesets|inboundEndpoints)$/i.test(p)),
    ).toEqual([]);
    const lists = await read("armLists");
    expect(lists).toMatchObject(expected);
    expect(lists.paths.some((p) => p.endsWith("/Microsoft.ResourceGraph/resources"))).toBe(false);
  });
});
