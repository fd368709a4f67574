import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, NETWORK, PRIVATE_DNS, PROD_SPOKE, SUB_CONNECTIVITY, VAULTS_RG } from "./arm-requests.js";

const DNS_RG = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network`;
const ZONE = `${DNS_RG}/privateDnsZones/privatelink.we.backup.windowsazure.com`;

async function untilDone(sandbox: RunningSandbox, url: string) {
  let answer = await arm(sandbox, "GET", url);
  while (answer.status === 202 || answer.body?.status === "InProgress")
    answer = await arm(sandbox, "GET", url);
  return answer;
}

describe("private DNS in the sandbox", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it("creates a zone with 202, an operation status to poll and a Location that returns the zone", async () => {
    const put = await arm(sandbox, "PUT", ZONE, { apiVersion: PRIVATE_DNS, body: { location: "global" } });
    expect(put.status).toBe(202);
    expect(put.body).toEqual({});
    const status = await untilDone(sandbox, put.headers.get("azure-asyncoperation") ?? "");
    expect(status.body.status).toBe("Succeeded");
    const result = await untilDone(sandbox, put.headers.get("location") ?? "");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ name: "privatelink.we.backup.windowsazure.com", location: "global" });
    expect(result.body.properties).toMatchObject({ provisioningState: "Succeeded", numberOfRecordSets: 1 });
  });

  it("refuses a location other than global", async () => {
    const put = await arm(sandbox, "PUT", ZONE, {
      apiVersion: PRIVATE_DNS,
      body: { location: "westeurope" },
    });
    expect(put.status).toBe(400);
  });

  it("links a VNet through the same 202 flow and refuses a second link of that VNet", async () => {
    const zone = await arm(sandbox, "PUT", ZONE, { apiVersion: PRIVATE_DNS, body: { location: "global" } });
    await untilDone(sandbox, zone.headers.get("azure-asyncoperation") ?? "");
    const vnet = { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu` };
    const body = { location: "global", properties: { virtualNetwork: vnet, registrationEnabled: false } };
    const link = await arm(sandbox, "PUT", `${ZONE}/virtualNetworkLinks/link-spoke`, {
      apiVersion: PRIVATE_DNS,
      body,
    });
    expect(link.status).toBe(202);
    const done = await untilDone(sandbox, link.headers.get("location") ?? "");
    expect(done.body.properties).toMatchObject({
      provisioningState: "Succeeded",
      virtualNetworkLinkState: "Completed",
    });
    const again = await arm(sandbox, "PUT", `${ZONE}/virtualNetworkLinks/link-spoke-2`, {
      apiVersion: PRIVATE_DNS,
      body,
    });
    expect(again.status).toBe(409);
  });

  it("writes record sets synchronously, with names lower-cased", async () => {
    const zone = `${DNS_RG}/privateDnsZones/privatelink.blob.core.windows.net`;
    const put = await arm(sandbox, "PUT", `${zone}/A/MyAccount`, {
      apiVersion: PRIVATE_DNS,
      body: { properties: { ttl: 10, aRecords: [{ ipv4Address: "10.0.2.9" }] } },
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ name: "myaccount", type: "Microsoft.Network/privateDnsZones/A" });
    expect(put.body.properties.fqdn).toBe("myaccount.privatelink.blob.core.windows.net.");
    const get = await arm(sandbox, "GET", `${zone}/A/MYACCOUNT`, { apiVersion: PRIVATE_DNS });
    expect(get.body.properties.aRecords).toEqual([{ ipv4Address: "10.0.2.9" }]);
  });

  it("fills the zones of a private DNS zone group with the endpoint's A records, and none in a wrongly named zone", async () => {
    const zone = await arm(sandbox, "PUT", ZONE, { apiVersion: PRIVATE_DNS, body: { location: "global" } });
    await untilDone(sandbox, zone.headers.get("azure-asyncoperation") ?? "");
    const pe = `${PROD_SPOKE}/privateEndpoints/pe-dns`;
    const created = await arm(sandbox, "PUT", pe, {
      apiVersion: NETWORK,
      body: {
        location: "westeurope",
        properties: {
          subnet: { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints` },
          privateLinkServiceConnections: [
            {
              name: "c",
              properties: { privateLinkServiceId: `${VAULTS_RG}/rsv-prod-weu`, groupIds: ["AzureBackup"] },
            },
          ],
        },
      },
    });
    await untilDone(sandbox, created.headers.get("azure-asyncoperation") ?? "");
    const wrong = `${DNS_RG}/privateDnsZones/privatelink.westeurope.backup.windowsazure.com`;
    const group = await arm(sandbox, "PUT", `${pe}/privateDnsZoneGroups/default`, {
      apiVersion: NETWORK,
      body: {
        properties: {
          privateDnsZoneConfigs: [
            { name: "backup", properties: { privateDnsZoneId: ZONE } },
            { name: "wrong", properties: { privateDnsZoneId: wrong } },
            {
              name: "blob",
              properties: { privateDnsZoneId: `${DNS_RG}/privateDnsZones/privatelink.blob.core.windows.net` },
            },
          ],
        },
      },
    });
    expect(group.status).toBe(201);
    expect((await untilDone(sandbox, group.headers.get("azure-asyncoperation") ?? "")).body.status).toBe(
      "Succeeded",
    );
    const backupRecords = await arm(sandbox, "GET", `${ZONE}/A`, { apiVersion: PRIVATE_DNS });
    expect(backupRecords.body.value).toHaveLength(8);
    expect(backupRecords.body.value[0].name).toMatch(/^\d{19}-ab-pod01-fc1$/);
    const wrongRecords = await arm(sandbox, "GET", `${wrong}/A`, { apiVersion: PRIVATE_DNS });
    expect(wrongRecords.body.value).toHaveLength(0);
    const saved = await arm(sandbox, "GET", `${pe}/privateDnsZoneGroups/default`, { apiVersion: NETWORK });
    expect(saved.body.properties.privateDnsZoneConfigs[2].properties.recordSets).toHaveLength(1);
    // As the service answers (az network private-endpoint dns-zone-group list): the group's type, and each config's
    // id under the group, the group's etag and a type of its own, which the spec does not declare.
    expect(saved.body.type).toBe("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
    expect(saved.body.properties.privateDnsZoneConfigs[0]).toMatchObject({
      name: "backup",
      id: `${pe}/privateDnsZoneGroups/default/privateDnsZoneConfigs/backup`,
      etag: saved.body.etag,
      type: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/privateDnsZoneConfigs",
    });
    expect(saved.body.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
  });
});
