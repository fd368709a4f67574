import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
