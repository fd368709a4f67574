import { Resolver } from "node:dns/promises";
import { connect } from "node:net";
import dnsPacket, { type Packet } from "dns-packet";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DnsAddress } from "../../src/sandbox/dns/dns-server.js";
import { SandboxInputError } from "../../src/sandbox/sandbox-error.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { dnsTool } from "../dns-software/dns-tool.js";
import { runTool } from "../dns-software/run-tool.js";
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
const HUB = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
const SPOKE = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`;
/** The demo's blob zone holds this record and is linked to the hub VNet only. */
const DEMO_RECORD = "contosoweustorage01.privatelink.blob.core.windows.net";

function resolverAt(address: DnsAddress): Resolver {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`${address.host}:${address.port}`]);
  return resolver;
}

async function failureCode(lookup: Promise<unknown>): Promise<string> {
  try {
    await lookup;
    return "answered";
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code);
  }
}

/** One query over TCP (RFC 1035 4.2.2: a two-byte length before each message), encoded by dns-packet. */
function queryOverTcp(
  address: DnsAddress,
  name: string,
  type: "A" | "SOA",
): Promise<Packet & { rcode?: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(address.port, address.host, () => {
      socket.write(
        dnsPacket.streamEncode({
          type: "query",
          id: 4242,
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ name, type, class: "IN" }],
        }),
      );
    });
    let received = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) {
        socket.end();
        resolve(dnsPacket.streamDecode(received));
      }
    });
    socket.on("error", reject);
  });
}

describe("the sandbox's DNS server", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it("answers A records from the private zones over UDP, and storage names through their privatelink CNAME", async () => {
    const resolver = resolverAt(sandbox.dnsAddress);
    expect(sandbox.dnsAddress.host).toBe("127.0.0.1");
    expect(await resolver.resolve4(DEMO_RECORD)).toEqual(["10.0.2.4"]);
    expect(await resolver.resolve4("ContosoWeuStorage01.blob.core.windows.net")).toEqual(["10.0.2.4"]);
    expect(await resolver.resolveCname("contosoweustorage01.blob.core.windows.net")).toEqual([DEMO_RECORD]);
  });

  it("says NXDOMAIN for a name a zone lacks, gives the zone's SOA, and refuses names outside every zone", async () => {
    const resolver = resolverAt(sandbox.dnsAddress);
    expect(await failureCode(resolver.resolve4("missing.privatelink.blob.core.windows.net"))).toBe(
      "ENOTFOUND",
    );
    expect(await resolver.resolveSoa("privatelink.blob.core.windows.net")).toMatchObject({
      nsname: "azureprivatedns.net",
      hostmaster: "azureprivatedns-host.microsoft.com",
      minttl: 10,
    });
    // No internet behind the sandbox: public names are refused, not invented.
    expect(await failureCode(resolver.resolve4("www.example.com"))).toBe("EREFUSED");
  });

  it("answers over TCP too, with the zone's SOA in the authority section of a negative answer", async () => {
    const found = await queryOverTcp(sandbox.dnsAddress, DEMO_RECORD, "A");
    expect(found.id).toBe(4242);
    expect(found.rcode).toBe("NOERROR");
    expect(found.answers).toEqual([
      expect.objectContaining({ type: "A", name: DEMO_RECORD, data: "10.0.2.4", ttl: 10 }),
    ]);
    const missing = await queryOverTcp(sandbox.dnsAddress, "nope.privatelink.blob.core.windows.net", "A");
    expect(missing.rcode).toBe("NXDOMAIN");
    expect(missing.authorities?.[0]).toMatchObject({
      type: "SOA",
      name: "privatelink.blob.core.windows.net",
    });
  });

  it("sees only the zones linked to the VNet it answers for: linked to the hub, not to the workloads' spoke", async () => {
    expect(await resolverAt(await sandbox.dnsView(HUB)).resolve4(DEMO_RECORD)).toEqual(["10.0.2.4"]);
    const spoke = resolverAt(await sandbox.dnsView(SPOKE));
    expect(await failureCode(spoke.resolve4(DEMO_RECORD))).toBe("EREFUSED");
    await expect(sandbox.dnsView(`${PROD_SPOKE}/virtualNetworks/vnet-nowhere`)).rejects.toThrow(
      /not a virtual network/,
    );
  });

  it("falls back to public resolution (refused here) on a link with resolutionPolicy NxDomainRedirect", async () => {
    const link = await arm(sandbox, "PUT", `${BLOB_ZONE}/virtualNetworkLinks/link-spoke`, {
      apiVersion: PRIVATE_DNS,
      body: {
        location: "global",
        properties: {
          virtualNetwork: { id: SPOKE },
          registrationEnabled: false,
          resolutionPolicy: "NxDomainRedirect",
        },
      },
    });
    expect(await pollAsync(sandbox, link.headers.get("azure-asyncoperation") ?? "")).toBe("Succeeded");
    const spoke = resolverAt(await sandbox.dnsView(SPOKE));
    expect(await spoke.resolve4(DEMO_RECORD)).toEqual(["10.0.2.4"]);
    expect(await failureCode(spoke.resolve4("missing.privatelink.blob.core.windows.net"))).toBe("EREFUSED");
    const hub = resolverAt(await sandbox.dnsView(HUB));
    expect(await failureCode(hub.resolve4("missing.privatelink.blob.core.windows.net"))).toBe("ENOTFOUND");
  });

  it("resolves the storage FQDN an endpoint gains on its first registration, through its zone group", async () => {
    const pe = `${PROD_SPOKE}/privateEndpoints/pe-rsv-prod-weu`;
    const subnet = `${SPOKE}/subnets/snet-privateendpoints`;
    expect(await createEndpoint(sandbox, pe, endpointBody("rsv-prod-weu", subnet))).toBe("Succeeded");
    const group = await arm(sandbox, "PUT", `${pe}/privateDnsZoneGroups/default`, {
      apiVersion: NETWORK,
      body: {
        properties: {
          privateDnsZoneConfigs: [{ name: "blob", properties: { privateDnsZoneId: BLOB_ZONE } }],
        },
      },
    });
    expect(await pollAsync(sandbox, group.headers.get("azure-asyncoperation") ?? "")).toBe("Succeeded");
    const [growth] = sandbox.simulate({ kind: "firstRegistration", vaultId: `${VAULTS_RG}/rsv-prod-weu` });
    const blob = growth?.added.find((a) => a.fqdn.includes(".blob."));
    expect(blob).toBeDefined();
    expect(await resolverAt(sandbox.dnsAddress).resolve4(blob?.fqdn ?? "")).toEqual([blob?.ipAddress]);
  });

  it("answers as from the VNet given at start, and refuses to start for a VNet the tenant lacks", async () => {
    const spokeOnly = await startSandbox({ dns: { virtualNetworkId: SPOKE } });
    try {
      expect(await failureCode(resolverAt(spokeOnly.dnsAddress).resolve4(DEMO_RECORD))).toBe("EREFUSED");
    } finally {
      await spokeOnly.close();
    }
    await expect(startSandbox({ dns: { virtualNetworkId: `${SPOKE}-gone` } })).rejects.toThrow(
      SandboxInputError,
    );
  });

  it("serves the port it is asked for", async () => {
    const fixed = await startSandbox({ dns: { port: sandbox.dnsAddress.port + 1 } }).catch(() => undefined);
    // The next port may be taken by something else on this machine; when it was free, it is the one served.
    if (fixed === undefined) return;
    try {
      expect(fixed.dnsAddress.port).toBe(sandbox.dnsAddress.port + 1);
      expect(await resolverAt(fixed.dnsAddress).resolve4(DEMO_RECORD)).toEqual(["10.0.2.4"]);
    } finally {
      await fixed.close();
    }
  });
});

describe("the sandbox's DNS server through dig", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it("answers dig over UDP and TCP", async (context) => {
    const dig = dnsTool(context, "dig", "bind9-dnsutils");
    const port = String(sandbox.dnsAddress.port);
    for (const transport of ["+notcp", "+tcp"]) {
      const run = await runTool(dig, [
        "@127.0.0.1",
        "-p",
        port,
        transport,
        "+short",
        "+tries=1",
        "+time=2",
        DEMO_RECORD,
      ]);
      expect(run).toEqual({ code: 0, output: "10.0.2.4\n" });
    }
    const refused = await runTool(dig, ["@127.0.0.1", "-p", port, "+tries=1", "+time=2", "www.example.com"]);
    expect(refused.output).toContain("status: REFUSED");
  });
});
