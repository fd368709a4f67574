import { describe, expect, it } from "vitest";
import { type RecordedExchange, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import {
  arm,
  BACKUP,
  NETWORK,
  PRIVATE_DNS,
  PROD_SPOKE,
  SUB_CONNECTIVITY,
  SUB_PROD,
  VAULTS,
  VAULTS_RG,
} from "./arm-requests.js";

const DNS_RG = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network`;

async function follow(sandbox: { url: string }, url: string | null): Promise<void> {
  if (url === null) return;
  let answer = await arm(sandbox.url, "GET", url);
  while (answer.status === 202 || answer.body?.status === "InProgress")
    answer = await arm(sandbox.url, "GET", url);
}

describe("the sandbox's answers conform to the vendored specs", () => {
  it("validates every exchange of a full wizard-like session", async () => {
    const exchanges: RecordedExchange[] = [];
    // `follow` polls as fast as it can, which ARM's read buckets would throttle: this test is about shapes.
    const sandbox = await startSandbox({
      onExchange: (e) => exchanges.push(e),
      pageSize: 3,
      throttling: false,
    });
    try {
      await arm(sandbox, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
      await arm(sandbox, "GET", `/subscriptions/${SUB_PROD}`, { apiVersion: "2022-12-01" });
      await arm(sandbox, "GET", `/subscriptions/${SUB_PROD}/resourcegroups`, { apiVersion: "2024-03-01" });
      await arm(sandbox, "GET", `/subscriptions/${SUB_PROD}/resourcegroups/rg-backup-weu`, {
        apiVersion: "2024-03-01",
      });
      const vaults = await arm(
        sandbox,
        "GET",
        `/subscriptions/${SUB_PROD}/providers/Microsoft.RecoveryServices/vaults`,
        { apiVersion: VAULTS },
      );
      await arm(sandbox, "GET", vaults.body.nextLink);
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-shared-weu`, { apiVersion: VAULTS });
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-cmk-weu`, { apiVersion: VAULTS });
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu/privateLinkResources`, { apiVersion: VAULTS });
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-sql-weu/backupProtectedItems`, { apiVersion: BACKUP });
      await arm(sandbox, "GET", `/subscriptions/${SUB_PROD}/providers/Microsoft.Network/virtualNetworks`, {
        apiVersion: NETWORK,
      });
      await arm(sandbox, "GET", `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets`, {
        apiVersion: NETWORK,
      });
      await arm(sandbox, "GET", `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-sql-weu`, {
        apiVersion: NETWORK,
      });
      await arm(sandbox, "GET", `${PROD_SPOKE}/privateEndpoints`, { apiVersion: NETWORK });
      await arm(sandbox, "GET", `${DNS_RG}/privateDnsZones`, { apiVersion: PRIVATE_DNS });
      await arm(sandbox, "GET", `${DNS_RG}/privateDnsZones/privatelink.blob.core.windows.net/ALL`, {
        apiVersion: PRIVATE_DNS,
      });

      const zone = `${DNS_RG}/privateDnsZones/privatelink.we.backup.windowsazure.com`;
      const zonePut = await arm(sandbox, "PUT", zone, {
        apiVersion: PRIVATE_DNS,
        body: { location: "global" },
      });
      await follow(sandbox, zonePut.headers.get("azure-asyncoperation"));
      await follow(sandbox, zonePut.headers.get("location"));
      const link = await arm(sandbox, "PUT", `${zone}/virtualNetworkLinks/link-spoke`, {
        apiVersion: PRIVATE_DNS,
        body: {
          location: "global",
          properties: {
            virtualNetwork: { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu` },
            registrationEnabled: false,
          },
        },
      });
      await follow(sandbox, link.headers.get("location"));

      const pe = `${PROD_SPOKE}/privateEndpoints/pe-rsv-lrs-weu`;
      const peBody = {
        location: "westeurope",
        properties: {
          subnet: { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints` },
          manualPrivateLinkServiceConnections: [
            {
              name: "c",
              properties: {
                privateLinkServiceId: `${VAULTS_RG}/rsv-lrs-weu`,
                groupIds: ["AzureBackup"],
                requestMessage: "please",
              },
            },
          ],
        },
      };
      const created = await arm(sandbox, "PUT", pe, { apiVersion: NETWORK, body: peBody });
      await follow(sandbox, created.headers.get("azure-asyncoperation"));
      const vault = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-lrs-weu`, { apiVersion: VAULTS });
      const pec = `${VAULTS_RG}/rsv-lrs-weu/privateEndpointConnections/${vault.body.properties.privateEndpointConnections[0].name}`;
      const approve = await arm(sandbox, "PUT", pec, {
        apiVersion: BACKUP,
        body: {
          properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } },
        },
      });
      await follow(sandbox, approve.headers.get("azure-asyncoperation"));
      await arm(sandbox, "GET", pec, { apiVersion: BACKUP });
      const group = await arm(sandbox, "PUT", `${pe}/privateDnsZoneGroups/default`, {
        apiVersion: NETWORK,
        body: {
          properties: { privateDnsZoneConfigs: [{ name: "backup", properties: { privateDnsZoneId: zone } }] },
        },
      });
      await follow(sandbox, group.headers.get("azure-asyncoperation"));
      sandbox.simulate({ kind: "firstRegistration", vaultId: `${VAULTS_RG}/rsv-lrs-weu` });
      sandbox.simulate({ kind: "firstBackup", vaultId: `${VAULTS_RG}/rsv-lrs-weu` });
      const peDone = await arm(sandbox, "GET", pe, { apiVersion: NETWORK });
      await arm(sandbox, "PUT", pe, { apiVersion: NETWORK, body: peBody });
      await arm(sandbox, "PUT", pe, {
        apiVersion: NETWORK,
        body: {
          ...peBody,
          properties: {
            ...peBody.properties,
            subnet: { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-pe-shared` },
          },
        },
      });
      await arm(sandbox, "DELETE", `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-app-weu`, {
        apiVersion: NETWORK,
      });
      await arm(sandbox, "GET", peDone.body.properties.networkInterfaces[0].id, { apiVersion: NETWORK });
      await arm(sandbox, "GET", `${zone}/A`, { apiVersion: PRIVATE_DNS });
      await arm(sandbox, "PUT", `${zone}/A/extra`, {
        apiVersion: PRIVATE_DNS,
        body: { properties: { ttl: 10, aRecords: [{ ipv4Address: "10.1.0.99" }] } },
      });

      const patch = await arm(sandbox, "PATCH", `${VAULTS_RG}/rsv-lrs-weu`, {
        apiVersion: VAULTS,
        body: { properties: { publicNetworkAccess: "Disabled" } },
      });
      await follow(sandbox, patch.headers.get("azure-asyncoperation"));
      await follow(sandbox, patch.headers.get("location"));

      const vnet = `${PROD_SPOKE}/virtualNetworks/vnet-new`;
      const vnetPut = await arm(sandbox, "PUT", vnet, {
        apiVersion: NETWORK,
        body: {
          location: "westeurope",
          properties: {
            addressSpace: { addressPrefixes: ["10.9.0.0/24"] },
            subnets: [{ name: "a", properties: { addressPrefix: "10.9.0.0/25" } }],
          },
        },
      });
      await follow(sandbox, vnetPut.headers.get("azure-asyncoperation"));
      const subnetPut = await arm(sandbox, "PUT", `${vnet}/subnets/b`, {
        apiVersion: NETWORK,
        body: { properties: { addressPrefix: "10.9.0.128/25" } },
      });
      await follow(sandbox, subnetPut.headers.get("azure-asyncoperation"));
      const peering = await arm(sandbox, "PUT", `${vnet}/virtualNetworkPeerings/to-spoke`, {
        apiVersion: NETWORK,
        body: {
          properties: { remoteVirtualNetwork: { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu` } },
        },
      });
      await follow(sandbox, peering.headers.get("azure-asyncoperation"));
      const rule = await arm(
        sandbox,
        "PUT",
        `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-sql-weu/securityRules/Allow-AAD`,
        {
          apiVersion: NETWORK,
          body: {
            properties: {
              protocol: "Tcp",
              access: "Allow",
              direction: "Outbound",
              priority: 90,
              sourceAddressPrefix: "*",
              sourcePortRange: "*",
              destinationAddressPrefix: "AzureActiveDirectory",
              destinationPortRange: "443",
            },
          },
        },
      );
      await follow(sandbox, rule.headers.get("azure-asyncoperation"));
      await arm(sandbox, "GET", `${vnet}`, { apiVersion: NETWORK });
      const removal = await arm(sandbox, "DELETE", `${PROD_SPOKE}/privateEndpoints/pe-rsv-shared-weu-02`, {
        apiVersion: NETWORK,
      });
      await follow(sandbox, removal.headers.get("location"));
      await arm(sandbox, "GET", `${PROD_SPOKE}/virtualNetworks/nope`, { apiVersion: NETWORK });
      await arm(sandbox, "PUT", `${PROD_SPOKE}/privateEndpoints/pe-full`, {
        apiVersion: NETWORK,
        body: {
          location: "westeurope",
          properties: {
            subnet: { id: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-app` },
            privateLinkServiceConnections: [
              {
                name: "c",
                properties: { privateLinkServiceId: `${VAULTS_RG}/rsv-prod-weu`, groupIds: ["AzureBackup"] },
              },
            ],
          },
        },
      });
    } finally {
      await sandbox.close();
    }
    const violations = await checkExchanges(exchanges);
    expect(describeViolations(violations)).toBe("");
  });
});
