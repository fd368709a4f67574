import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import { createNameResolver, type NameResolver } from "../../src/engine/dns-resolver.js";
import { hostsFileResolver } from "../../src/engine/verify-hosts-file.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";

const ZONE =
  "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/contoso.internal";

/**
 * The stub resolver verify asks through, against the sandbox's DNS server (Azure's resolver as seen from a VNet linked
 * to every zone): CNAME chains followed within an answer, and asked again when the server stops at an alias.
 */
describe("the stub resolver", () => {
  let sandbox: RunningSandbox;
  let resolver: NameResolver;
  let directory: string;

  async function put(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${sandbox.url}${path}?api-version=2024-06-01`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${SANDBOX_BEARER_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).toBeLessThan(300);
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    directory = await mkdtemp(join(tmpdir(), "vaultlink-resolver-"));
    await put(ZONE, { location: "global", properties: {} });
    await put(`${ZONE}/A/host`, { properties: { ttl: 60, aRecords: [{ ipv4Address: "10.9.9.9" }] } });
    await put(`${ZONE}/CNAME/alias`, {
      properties: { ttl: 60, cnameRecord: { cname: "host.contoso.internal" } },
    });
    // The target is in no private zone: the sandbox answers the alias alone (it has no public DNS to ask).
    await put(`${ZONE}/CNAME/away`, {
      properties: { ttl: 60, cnameRecord: { cname: "target.example.org" } },
    });
    resolver = createNameResolver(`${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`);
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("follows a CNAME chain the server answers whole", async () => {
    expect(await resolver.resolve("alias.contoso.internal")).toEqual({
      kind: "addresses",
      addresses: ["10.9.9.9"],
      cnames: ["host.contoso.internal"],
    });
  });

  it("asks again for the target when the server answers only the alias, and reports what that gave", async () => {
    // Without asking again this would be NODATA (an alias, no address); the target's own answer is REFUSED.
    expect(await resolver.resolve("away.contoso.internal")).toEqual({
      kind: "noRecord",
      code: "REFUSED",
      cnames: ["target.example.org"],
    });
  });

  it("reports NXDOMAIN from a zone that lacks the name", async () => {
    expect(await resolver.resolve("missing.contoso.internal")).toEqual({
      kind: "noRecord",
      code: "NXDOMAIN",
      cnames: [],
    });
  });

  it("reads a hosts file first: every line of a name on Linux, the first on Windows, DNS for names it lacks", async () => {
    const hosts = join(directory, "hosts");
    await writeFile(
      hosts,
      "# old entry left behind\n10.0.0.99 alias.contoso.internal\n10.9.9.9  alias.contoso.internal # current\n",
    );
    expect(await hostsFileResolver(hosts, "linux", resolver).resolve("ALIAS.contoso.internal.")).toEqual({
      kind: "addresses",
      addresses: ["10.0.0.99", "10.9.9.9"],
      from: `${hosts} lines 2, 3`,
    });
    expect(await hostsFileResolver(hosts, "windows", resolver).resolve("alias.contoso.internal")).toEqual({
      kind: "addresses",
      addresses: ["10.0.0.99"],
      from: `${hosts} line 2`,
    });
    expect(await hostsFileResolver(hosts, "linux", resolver).resolve("host.contoso.internal")).toMatchObject({
      kind: "addresses",
      addresses: ["10.9.9.9"],
    });
    expect(
      await hostsFileResolver(join(directory, "absent"), "linux", resolver).resolve("host.contoso.internal"),
    ).toMatchObject({
      kind: "unreachable",
      reason: expect.stringContaining("cannot read"),
    });
  });
});
