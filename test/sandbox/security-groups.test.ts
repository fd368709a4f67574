import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, NETWORK, PROD_SPOKE, SUB_PROD } from "./arm-requests.js";

const NSG_APP = `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-app-weu`;
const VNET = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`;

async function settle(sandbox: RunningSandbox, asyncUrl: string | null): Promise<void> {
  while ((await arm(sandbox, "GET", asyncUrl ?? "")).body.status === "InProgress");
}

describe("network security groups and the subnets that use them", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it("lists on the NSG the subnets that use it, as ARM returns properties.subnets", async () => {
    const nsg = await arm(sandbox, "GET", NSG_APP, { apiVersion: NETWORK });
    expect(nsg.body.properties.subnets).toEqual([{ id: `${VNET}/subnets/snet-app` }]);
    const listed = await arm(
      sandbox,
      "GET",
      `/subscriptions/${SUB_PROD}/providers/Microsoft.Network/networkSecurityGroups`,
      {
        apiVersion: NETWORK,
      },
    );
    const sql = listed.body.value.find((n: { name: string }) => n.name === "nsg-snet-sql-weu");
    expect(sql.properties.subnets).toEqual([{ id: `${VNET}/subnets/snet-sql` }]);
  });

  it("follows a subnet that starts using an NSG, and refuses an NSG that does not exist", async () => {
    const put = await arm(sandbox, "PUT", `${VNET}/subnets/snet-tiny`, {
      apiVersion: NETWORK,
      body: { properties: { addressPrefix: "10.1.2.0/28", networkSecurityGroup: { id: NSG_APP } } },
    });
    expect(put.status).toBe(200);
    expect(put.body.properties.networkSecurityGroup).toEqual({ id: NSG_APP });
    await settle(sandbox, put.headers.get("azure-asyncoperation"));
    const nsg = await arm(sandbox, "GET", NSG_APP, { apiVersion: NETWORK });
    expect(nsg.body.properties.subnets.map((s: { id: string }) => s.id)).toEqual([
      `${VNET}/subnets/snet-app`,
      `${VNET}/subnets/snet-tiny`,
    ]);
    const missing = await arm(sandbox, "PUT", `${VNET}/subnets/snet-tiny`, {
      apiVersion: NETWORK,
      body: {
        properties: {
          addressPrefix: "10.1.2.0/28",
          networkSecurityGroup: { id: `${PROD_SPOKE}/networkSecurityGroups/nsg-nowhere` },
        },
      },
    });
    expect([missing.status, missing.body.error.code]).toEqual([400, "InvalidResourceReference"]);
  });

  it("refuses to delete an NSG a subnet uses, naming the subnet", async () => {
    const deleted = await arm(sandbox, "DELETE", NSG_APP, { apiVersion: NETWORK });
    expect([deleted.status, deleted.body.error.code]).toEqual([
      400,
      "InUseNetworkSecurityGroupCannotBeDeleted",
    ]);
    expect(deleted.body.error.message).toContain(`${VNET}/subnets/snet-app`);
  });

  it("serves security rules and peerings inside their parents: get, list, and delete as a long-running operation", async () => {
    const rule = `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-sql-weu/securityRules/Deny-HTTPS-Outbound`;
    expect((await arm(sandbox, "GET", rule, { apiVersion: NETWORK })).body.properties.access).toBe("Deny");
    const deleted = await arm(sandbox, "DELETE", rule, { apiVersion: NETWORK });
    expect(deleted.status).toBe(202);
    await settle(sandbox, deleted.headers.get("azure-asyncoperation"));
    expect((await arm(sandbox, "GET", rule, { apiVersion: NETWORK })).status).toBe(404);
    const rules = await arm(
      sandbox,
      "GET",
      `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-sql-weu/securityRules`,
      {
        apiVersion: NETWORK,
      },
    );
    expect(rules.body.value).toEqual([]);
    const peerings = await arm(sandbox, "GET", `${VNET}/virtualNetworkPeerings`, { apiVersion: NETWORK });
    expect(peerings.body.value.map((x: { name: string }) => x.name)).toEqual([
      "peer-vnet-spoke-app-weu-to-vnet-hub-weu",
    ]);
    const peering = `${VNET}/virtualNetworkPeerings/peer-vnet-spoke-app-weu-to-vnet-hub-weu`;
    await settle(
      sandbox,
      (await arm(sandbox, "DELETE", peering, { apiVersion: NETWORK })).headers.get("azure-asyncoperation"),
    );
    expect((await arm(sandbox, "GET", peering, { apiVersion: NETWORK })).body.error.code).toBe(
      "ResourceNotFound",
    );
  });
});
