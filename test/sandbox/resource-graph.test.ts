import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { arm, SUB_CONNECTIVITY, SUB_PROD } from "./arm-requests.js";

const GRAPH = "/providers/Microsoft.ResourceGraph/resources";
const VERSION = "2024-04-01";

describe("the sandbox's Resource Graph", () => {
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  const query = (body: unknown) => arm(sandbox, "POST", GRAPH, { apiVersion: VERSION, body });

  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ onExchange: (e) => exchanges.push(e) });
  });
  afterEach(async () => {
    await sandbox.close();
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });

  it("answers a where/project query in pages joined by $skipToken, with the quota headers", async () => {
    const text =
      "resources | where type =~ 'Microsoft.RecoveryServices/vaults' | project id, name, resourceGroup, subscriptionId";
    const first = await query({ query: text, options: { $top: 5 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ totalRecords: 9, count: 5, resultTruncated: "false" });
    expect(first.body.data[0]).toEqual({
      id: expect.stringMatching(/\/providers\/Microsoft\.RecoveryServices\/vaults\//),
      name: expect.any(String),
      resourceGroup: expect.stringMatching(/^[a-z0-9-]+$/),
      subscriptionId: expect.any(String),
    });
    expect(first.headers.get("x-ms-user-quota-remaining")).toBe("14");
    expect(first.headers.get("x-ms-user-quota-resets-after")).toMatch(/^00:00:0[1-5]$/);
    const second = await query({ query: text, options: { $top: 5, $skipToken: first.body.$skipToken } });
    expect(second.body.count).toBe(4);
    expect(second.body.$skipToken).toBeUndefined();
    const names = [...first.body.data, ...second.body.data].map((r: { name: string }) => r.name);
    expect(new Set(names).size).toBe(9);
  });

  it("scopes a query to the subscriptions named in the request", async () => {
    const text = "resources | where type =~ 'microsoft.network/virtualnetworks' | project subscriptionId";
    const all = await query({ query: text });
    const connectivity = await query({ query: text, subscriptions: [SUB_CONNECTIVITY] });
    expect(connectivity.body.count).toBeGreaterThan(0);
    expect(connectivity.body.count).toBeLessThan(all.body.count);
    expect(new Set(connectivity.body.data.map((r: { subscriptionId: string }) => r.subscriptionId))).toEqual(
      new Set([SUB_CONNECTIVITY]),
    );
  });

  it("expands subnets with mv-expand and joins DNS zone links to their zones", async () => {
    const subnets = await query({
      query:
        "resources | where type =~ 'microsoft.network/virtualnetworks' | mv-expand subnet = properties.subnets " +
        "| extend ipConfigurations = array_length(subnet.properties.ipConfigurations) " +
        "| where ipConfigurations > 0 | project vnet = name, subnet = tostring(subnet.name), ipConfigurations",
      subscriptions: [SUB_CONNECTIVITY, SUB_PROD],
    });
    expect(subnets.body.data).toContainEqual({
      vnet: "vnet-hub-weu",
      subnet: "snet-privateendpoints",
      ipConfigurations: expect.any(Number),
    });
    const links = await query({
      query:
        "resources | where type =~ 'microsoft.network/privatednszones/virtualnetworklinks' " +
        "| extend zoneId = tolower(tostring(split(id, '/virtualNetworkLinks/')[0])) | project zoneId, link = name " +
        "| join kind=inner (resources | where type =~ 'microsoft.network/privatednszones' " +
        "| project zoneId = tolower(id), zone = name) on zoneId | project zone, link",
    });
    expect(links.body.data).toContainEqual({
      zone: "privatelink.westeurope.backup.windowsazure.com",
      link: "link-vnet-hub-weu",
    });
  });

  it("keeps each type in its documented table: policy assignments in policyresources, subscriptions in resourcecontainers, ruleset rules and links nowhere", async () => {
    const group = `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu`;
    const assignment = `${group}/providers/Microsoft.Authorization/policyAssignments/backup-dns`;
    const ruleset = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/dnsForwardingRulesets/dnsfrs`;
    const hub = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
    const resolver = ruleset.replace(/dnsForwardingRulesets\/dnsfrs$/, "dnsResolvers/dnspr");
    const put = async (id: string, body: unknown, apiVersion: string) =>
      expect((await arm(sandbox, "PUT", id, { apiVersion, body })).status).toBeLessThan(300);
    // ARM's policy assignments are only listed by the sandbox: the assignment comes with the tenant's state.
    await sandbox.close();
    const state = demoTenant();
    state.resources.push({
      id: assignment,
      name: "backup-dns",
      type: "Microsoft.Authorization/policyAssignments",
      properties: {
        displayName: "Backup private DNS zones",
        policyDefinitionId:
          "/providers/Microsoft.Authorization/policyDefinitions/af783da1-4ad1-42be-800d-d19c70038820",
      },
    });
    sandbox = await startSandbox({ state, onExchange: (e) => exchanges.push(e) });
    await put(
      `${hub}/subnets/snet-dns-outbound`,
      { properties: { addressPrefix: "10.0.1.16/28" } },
      "2026-01-01",
    );
    await put(
      resolver,
      { location: "westeurope", properties: { virtualNetwork: { id: hub } } },
      "2022-07-01",
    );
    await put(
      `${resolver}/outboundEndpoints/out`,
      { location: "westeurope", properties: { subnet: { id: `${hub}/subnets/snet-dns-outbound` } } },
      "2022-07-01",
    );
    await put(
      ruleset,
      {
        location: "westeurope",
        properties: { dnsResolverOutboundEndpoints: [{ id: `${resolver}/outboundEndpoints/out` }] },
      },
      "2022-07-01",
    );
    await put(
      `${ruleset}/forwardingRules/corp`,
      {
        properties: { domainName: "corp.example.", targetDnsServers: [{ ipAddress: "10.9.0.4", port: 53 }] },
      },
      "2022-07-01",
    );
    await put(
      `${ruleset}/virtualNetworkLinks/hub`,
      { properties: { virtualNetwork: { id: hub } } },
      "2022-07-01",
    );

    const policy = await query({
      query:
        "policyresources | where type =~ 'microsoft.authorization/policyassignments' | project id, subscriptionId, properties",
      subscriptions: [SUB_PROD],
      options: { authorizationScopeFilter: "AtScopeAboveAndBelow" },
    });
    expect(policy.status).toBe(200);
    expect(policy.body.data).toEqual([
      {
        id: assignment,
        subscriptionId: SUB_PROD,
        properties: expect.objectContaining({ scope: group, enforcementMode: "Default", notScopes: [] }),
      },
    ]);
    const inResources = await query({
      query:
        "resources | where type startswith 'microsoft.authorization/' or id contains '/dnsforwardingrulesets/' | project id, type",
    });
    expect(inResources.body.data).toEqual([{ id: ruleset, type: "microsoft.network/dnsforwardingrulesets" }]);
    const containers = await query({
      query:
        "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project subscriptionId, properties",
      subscriptions: [SUB_PROD],
    });
    expect(containers.body.data).toEqual([
      {
        subscriptionId: SUB_PROD,
        properties: expect.objectContaining({
          managementGroupAncestorsChain: [expect.objectContaining({ name: expect.any(String) })],
        }),
      },
    ]);
  });

  it("answers a query it cannot run with the documented error shape, naming where it stopped", async () => {
    const answer = await query({ query: "resources | summarize count() by type" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("BadRequest");
    expect(answer.body.error.details).toContainEqual(
      expect.objectContaining({ code: "UnsupportedQuery", line: 1, characterPositionInLine: 12 }),
    );
    const unknownColumn = await query({ query: "resources | project nosuchcolumn" });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.error.details[0].code).toBe("InvalidQuery");
  });

  it("answers 429 once the user's quota for the window is used up", async () => {
    let last = await query({ query: "resources | take 1" });
    for (let i = 0; i < 15 && last.status === 200; i++) last = await query({ query: "resources | take 1" });
    expect(last.status).toBe(429);
    expect(last.headers.get("x-ms-user-quota-remaining")).toBe("0");
    expect(last.body.error.code).toBe("RateLimiting");
  });
});
