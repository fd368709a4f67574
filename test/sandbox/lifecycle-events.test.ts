import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SandboxInputError } from "../../src/sandbox/sandbox-error.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import {
  arm,
  createEndpoint,
  endpointBody,
  NETWORK,
  PRIVATE_DNS,
  PROD_SPOKE,
  pollAsync,
  SUB_CONNECTIVITY,
  VAULTS_RG,
} from "./arm-requests.js";

const DNS_RG = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network`;
const BLOB_ZONE = `${DNS_RG}/privateDnsZones/privatelink.blob.core.windows.net`;
const QUEUE_ZONE = `${DNS_RG}/privateDnsZones/privatelink.queue.core.windows.net`;
const PE = `${PROD_SPOKE}/privateEndpoints/pe-rsv-prod-weu`;
const VAULT = `${VAULTS_RG}/rsv-prod-weu`;
const SUBNET = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints`;

type DnsConfig = { fqdn: string; ipAddresses: string[] };

async function dnsConfigs(sandbox: RunningSandbox): Promise<DnsConfig[]> {
  return (await arm(sandbox, "GET", PE, { apiVersion: NETWORK })).body.properties.customDnsConfigs;
}

async function aRecord(sandbox: RunningSandbox, zone: string, name: string): Promise<string[] | undefined> {
  const answer = await arm(sandbox, "GET", `${zone}/A/${name}`, { apiVersion: PRIVATE_DNS });
  if (answer.status === 404) return undefined;
  return answer.body.properties.aRecords.map((r: { ipv4Address: string }) => r.ipv4Address);
}

describe("simulated first registration and first backup", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
    expect(await createEndpoint(sandbox, PE, endpointBody("rsv-prod-weu", SUBNET))).toBe("Succeeded");
    const group = await arm(sandbox, "PUT", `${PE}/privateDnsZoneGroups/default`, {
      apiVersion: NETWORK,
      body: {
        properties: {
          privateDnsZoneConfigs: [
            { name: "blob", properties: { privateDnsZoneId: BLOB_ZONE } },
            { name: "queue", properties: { privateDnsZoneId: QUEUE_ZONE } },
          ],
        },
      },
    });
    expect(await pollAsync(sandbox, group.headers.get("azure-asyncoperation") ?? "")).toBe("Succeeded");
  });
  afterEach(() => sandbox.close());

  it("gives the endpoint a queue and a blob FQDN on new IPs, and the zone group their A records", async () => {
    const before = await dnsConfigs(sandbox);
    const [growth, ...others] = sandbox.simulate({ kind: "firstRegistration", vaultId: VAULT.toUpperCase() });
    expect(others).toEqual([]);
    expect(growth?.endpointId.toLowerCase()).toBe(PE.toLowerCase());
    const added = growth?.added ?? [];
    expect(added.map((a) => a.fqdn.replace(/^[a-z0-9]+\./, "*."))).toEqual([
      "*.queue.core.windows.net",
      "*.blob.core.windows.net",
    ]);
    const usedBefore = new Set(before.flatMap((d) => d.ipAddresses));
    for (const { ipAddress } of added) {
      expect(ipAddress).toMatch(/^10\.1\.0\.\d+$/);
      expect(usedBefore.has(ipAddress)).toBe(false);
    }
    expect(await dnsConfigs(sandbox)).toEqual([
      ...before,
      ...added.map((a) => ({ fqdn: a.fqdn, ipAddresses: [a.ipAddress] })),
    ]);
    const [queue, blob] = added;
    const account = (fqdn: string | undefined) => fqdn?.split(".")[0] ?? "";
    expect(await aRecord(sandbox, QUEUE_ZONE, account(queue?.fqdn))).toEqual([queue?.ipAddress]);
    expect(await aRecord(sandbox, BLOB_ZONE, account(blob?.fqdn))).toEqual([blob?.ipAddress]);
  });

  it("adds a data blob on the first backup, and nothing when an event happens again", async () => {
    sandbox.simulate({ kind: "firstRegistration", vaultId: VAULT });
    expect(sandbox.simulate({ kind: "firstRegistration", vaultId: VAULT })).toEqual([
      { endpointId: expect.stringMatching(/pe-rsv-prod-weu$/), added: [] },
    ]);
    const [growth] = sandbox.simulate({ kind: "firstBackup", vaultId: VAULT });
    expect(growth?.added).toHaveLength(1);
    expect(growth?.added[0]?.fqdn).toMatch(/^webkp[0-9a-f]{10}\.blob\.core\.windows\.net$/);
    expect(await dnsConfigs(sandbox)).toHaveLength(13);
    const nicId = (await arm(sandbox, "GET", PE, { apiVersion: NETWORK })).body.properties
      .networkInterfaces[0].id;
    const nic = await arm(sandbox, "GET", nicId, { apiVersion: NETWORK });
    expect(nic.body.properties.ipConfigurations).toHaveLength(13);
  });

  it("leaves a vault without approved endpoints alone and refuses an id that is no vault", () => {
    expect(sandbox.simulate({ kind: "firstBackup", vaultId: `${VAULTS_RG}/rsv-lrs-weu` })).toEqual([]);
    expect(() => sandbox.simulate({ kind: "firstBackup", vaultId: `${VAULTS_RG}/rsv-missing` })).toThrow(
      SandboxInputError,
    );
  });
});
