import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import {
  arm,
  BACKUP,
  endpointBody,
  NETWORK,
  PROD_SPOKE,
  pollAsync,
  SUB_PROD,
  VAULTS,
  VAULTS_RG,
} from "./arm-requests.js";

const SPOKE_NEU = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-neu/providers/Microsoft.Network`;
const subnet = (name: string) => `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/${name}`;

describe("backup private endpoints in the sandbox", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it("creates an endpoint through Azure-AsyncOperation; names and NIC IPs appear once it has succeeded", async () => {
    const pe = `${PROD_SPOKE}/privateEndpoints/pe-rsv-prod-weu`;
    const created = await arm(sandbox, "PUT", pe, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-prod-weu", subnet("snet-privateendpoints")),
    });
    expect(created.status).toBe(201);
    expect(created.body.properties.provisioningState).toBe("Updating");
    expect(created.body.properties.customDnsConfigs).toEqual([]);
    // The NIC is named when the PUT is accepted; it exists, with the addresses, once provisioning succeeds.
    const [reservedNic] = created.body.properties.networkInterfaces;
    expect(reservedNic.id).toMatch(/\/networkInterfaces\/pe-rsv-prod-weu\.nic\.[0-9a-f-]{36}$/);
    // The connections are child elements of the endpoint and carry its etag (the Network RP's one etag per resource).
    expect(created.body.properties.privateLinkServiceConnections[0].etag).toBe(created.body.etag);
    const asyncUrl = created.headers.get("azure-asyncoperation") ?? "";
    expect(
      asyncUrl.startsWith(
        `${sandbox.url}/subscriptions/${SUB_PROD}/providers/Microsoft.Network/locations/westeurope/operations/`,
      ),
    ).toBe(true);
    expect(await pollAsync(sandbox, asyncUrl)).toBe("Succeeded");

    const done = await arm(sandbox, "GET", pe, { apiVersion: NETWORK });
    expect(done.body.properties.provisioningState).toBe("Succeeded");
    expect(done.body.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    expect(done.body.etag).not.toBe(created.body.etag);
    expect(done.body.properties.privateLinkServiceConnections[0].etag).toBe(done.body.etag);
    const dns = done.body.properties.customDnsConfigs as Array<{ fqdn: string; ipAddresses: string[] }>;
    expect(dns).toHaveLength(10);
    expect(
      dns.filter((d) =>
        /^\d{19}-ab-pod01-[a-z0-9]+\.privatelink\.we\.backup\.windowsazure\.com$/.test(d.fqdn),
      ),
    ).toHaveLength(8);
    expect(dns.some((d) => d.fqdn.endsWith(".blob.core.windows.net"))).toBe(true);
    expect(dns.some((d) => d.fqdn.endsWith(".queue.core.windows.net"))).toBe(true);
    const ips = dns.flatMap((d) => d.ipAddresses);
    expect(new Set(ips).size).toBe(10);
    for (const ip of ips) expect(ip).toMatch(/^10\.1\.0\.(\d+)$/);
    expect(ips).not.toContain("10.1.0.0");

    const nicId = done.body.properties.networkInterfaces[0].id as string;
    expect(nicId).toBe(reservedNic.id);
    const nic = await arm(sandbox, "GET", nicId, { apiVersion: NETWORK });
    expect(nicId).toMatch(/\/networkInterfaces\/pe-rsv-prod-weu\.nic\.[0-9a-f-]{36}$/);
    expect(nic.body.properties.resourceGuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      nic.body.properties.ipConfigurations
        .map((c: { properties: { privateIPAddress: string } }) => c.properties.privateIPAddress)
        .sort(),
    ).toEqual([...ips].sort());

    const vault = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu`, { apiVersion: VAULTS });
    expect(vault.body.properties.privateEndpointStateForBackup).toBe("Enabled");
    const [connection] = vault.body.properties.privateEndpointConnections;
    expect(connection.name).toMatch(/^pe-rsv-prod-weu\.\d{19}\.backup\.[0-9a-f-]{36}$/);
    expect(connection.properties.privateLinkServiceConnectionState.status).toBe("Approved");
  });

  it("uses the paired region's geo code for an AzureBackup_secondary endpoint", async () => {
    const pe = `${SPOKE_NEU}/privateEndpoints/pe-rsv-prod-weu-secondary`;
    const body = {
      ...endpointBody(
        "rsv-prod-weu",
        `${SPOKE_NEU}/virtualNetworks/vnet-spoke-app-neu/subnets/snet-privateendpoints`,
        { group: "AzureBackup_secondary" },
      ),
      location: "northeurope",
    };
    const created = await arm(sandbox, "PUT", pe, { apiVersion: NETWORK, body });
    expect(created.status).toBe(201);
    await pollAsync(sandbox, created.headers.get("azure-asyncoperation") ?? "");
    const done = await arm(sandbox, "GET", pe, { apiVersion: NETWORK });
    expect(done.body.properties.customDnsConfigs[0].fqdn).toMatch(
      /\.privatelink\.ne\.backup\.windowsazure\.com$/,
    );
  });

  it("keeps a manual request Pending until the backup RP approves it", async () => {
    const pe = `${PROD_SPOKE}/privateEndpoints/pe-manual`;
    const created = await arm(sandbox, "PUT", pe, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-lrs-weu", subnet("snet-privateendpoints"), { manual: true }),
    });
    await pollAsync(sandbox, created.headers.get("azure-asyncoperation") ?? "");
    const pending = await arm(sandbox, "GET", pe, { apiVersion: NETWORK });
    expect(
      pending.body.properties.manualPrivateLinkServiceConnections[0].properties
        .privateLinkServiceConnectionState.status,
    ).toBe("Pending");
    expect(pending.body.properties.customDnsConfigs).toEqual([]);

    const vault = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-lrs-weu`, { apiVersion: VAULTS });
    const name = vault.body.properties.privateEndpointConnections[0].name as string;
    const pec = `${VAULTS_RG}/rsv-lrs-weu/privateEndpointConnections/${name}`;
    const approve = await arm(sandbox, "PUT", pec, {
      apiVersion: BACKUP,
      body: { properties: { privateLinkServiceConnectionState: { status: "Approved", description: "ok" } } },
    });
    expect(approve.status).toBe(200);
    const statusUrl = approve.headers.get("azure-asyncoperation") ?? "";
    expect(statusUrl).toContain(`/privateEndpointConnections/${name}/operationsStatus/`);
    expect(await pollAsync(sandbox, statusUrl)).toBe("Succeeded");
    const approved = await arm(sandbox, "GET", pec, { apiVersion: BACKUP });
    expect(approved.body.properties.privateLinkServiceConnectionState.status).toBe("Approved");
    const after = await arm(sandbox, "GET", pe, { apiVersion: NETWORK });
    expect(after.body.properties.customDnsConfigs).toHaveLength(10);
  });

  it("allows a 12th endpoint on a vault with 11 and refuses the 13th", async () => {
    const twelfth = await arm(sandbox, "PUT", `${PROD_SPOKE}/privateEndpoints/pe-rsv-shared-weu-12`, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-shared-weu", subnet("snet-privateendpoints")),
    });
    expect(twelfth.status).toBe(201);
    const thirteenth = await arm(sandbox, "PUT", `${PROD_SPOKE}/privateEndpoints/pe-rsv-shared-weu-13`, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-shared-weu", subnet("snet-privateendpoints")),
    });
    expect(thirteenth.status).toBe(400);
    expect(thirteenth.body.error.message).toContain("at most 12");
  });

  it("refuses a second endpoint of the same name for one vault", async () => {
    const otherRg = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-neu/providers/Microsoft.Network/privateEndpoints/pe-rsv-shared-weu-01`;
    const duplicate = await arm(sandbox, "PUT", otherRg, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-shared-weu", subnet("snet-privateendpoints")),
    });
    expect(duplicate.status).toBe(409);
  });

  it("refuses a subnet without 10 free addresses: nearly full and too small", async () => {
    for (const name of ["snet-app", "snet-tiny"]) {
      const answer = await arm(sandbox, "PUT", `${PROD_SPOKE}/privateEndpoints/pe-in-${name}`, {
        apiVersion: NETWORK,
        body: endpointBody("rsv-prod-weu", subnet(name)),
      });
      expect([answer.status, answer.body.error.code]).toEqual([400, "SubnetIsFull"]);
    }
  });

  it("refuses a primary backup endpoint on a vault with protected items, and static IPs", async () => {
    const items = await arm(sandbox, "PUT", `${PROD_SPOKE}/privateEndpoints/pe-sql`, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-sql-weu", subnet("snet-privateendpoints")),
    });
    expect(items.status).toBe(400);
    expect(items.body.error.message).toContain("protected items");
    const staticIp = await arm(sandbox, "PUT", `${PROD_SPOKE}/privateEndpoints/pe-static`, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-prod-weu", subnet("snet-privateendpoints"), { staticIp: "10.1.0.50" }),
    });
    expect(staticIp.status).toBe(400);
    expect(staticIp.body.error.message).toContain("static IPs");
  });

  it("lists the vault's private link resources with 8 members and 3 zone names per group", async () => {
    const answer = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu/privateLinkResources`, {
      apiVersion: VAULTS,
    });
    const groups = answer.body.value as Array<{
      name: string;
      properties: { requiredMembers: string[]; requiredZoneNames: string[] };
    }>;
    expect(groups.map((g) => g.name)).toEqual(["AzureBackup", "AzureBackup_secondary"]);
    expect(groups[0]?.properties.requiredMembers).toHaveLength(8);
    expect(groups[0]?.properties.requiredZoneNames).toContain("privatelink.we.backup.windowsazure.com");
    expect(groups[1]?.properties.requiredZoneNames).toContain("privatelink.ne.backup.windowsazure.com");
  });

  it("deletes an endpoint with its NIC and its vault connection (LRO with Location)", async () => {
    const pe = `${PROD_SPOKE}/privateEndpoints/pe-rsv-shared-weu-01`;
    const before = await arm(sandbox, "GET", pe, { apiVersion: NETWORK });
    const deleted = await arm(sandbox, "DELETE", pe, { apiVersion: NETWORK });
    expect(deleted.status).toBe(202);
    const location = deleted.headers.get("location") ?? "";
    let result = await arm(sandbox, "GET", location);
    while (result.status === 202) result = await arm(sandbox, "GET", location);
    expect(result.status).toBe(204);
    expect((await arm(sandbox, "GET", pe, { apiVersion: NETWORK })).status).toBe(404);
    expect(
      (await arm(sandbox, "GET", before.body.properties.networkInterfaces[0].id, { apiVersion: NETWORK }))
        .status,
    ).toBe(404);
    const vault = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-shared-weu`, { apiVersion: VAULTS });
    expect(vault.body.properties.privateEndpointConnections).toHaveLength(10);
  });
});
