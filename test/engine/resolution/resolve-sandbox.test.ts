import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../../src/azure/adapter.js";
import { parsePlanText, serializePlan } from "../../../src/core/plan/plan-codec.js";
import type { Plan } from "../../../src/core/plan/plan-schema.js";
import type { VnetPrediction } from "../../../src/core/resolution/predict-resolution.js";
import { SANDBOX_BEARER_TOKEN } from "../../../src/core/sandbox-endpoint.js";
import { createNameResolver } from "../../../src/engine/dns-resolver.js";
import { type RunningSandbox, startSandbox } from "../../../src/sandbox/server.js";
import { runBuiltCli } from "../../cli/run-cli.js";
import { applyFully } from "../../support/apply-fully.js";

const EXAMPLE = "examples/private-zones.plan.json";

interface ResolveJson {
  readonly virtualNetworks: readonly VnetPrediction[];
  readonly findings: readonly { readonly code: string; readonly subject?: string }[];
}

/**
 * `vaultlink resolve` through the built CLI against the sandbox, and the sandbox's own DNS server answering for the
 * same VNet (its per-VNet view answers as Azure's resolver in that VNet: linked zones only; public names REFUSED,
 * since the sandbox has no internet). The prediction must agree with what that server answers.
 */
describe("vaultlink resolve predicts what the sandbox's DNS answers per VNet", () => {
  let sandbox: RunningSandbox;
  let directory: string;
  let planPath: string;
  let plan: Plan;
  let spokeNeu: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    directory = await mkdtemp(join(tmpdir(), "vaultlink-resolve-"));
    const example = parsePlanText(await readFile(EXAMPLE, "utf8"), EXAMPLE);
    if (example.dns.strategy !== "privateZones") throw new Error("the example uses private zones");
    spokeNeu = example.dns.extraLinkedVirtualNetworkIds[0] ?? "";
    // The hub-and-spoke mistake: zones linked to the endpoints' VNets (the hubs), the spoke left out.
    plan = { ...example, dns: { ...example.dns, extraLinkedVirtualNetworkIds: [] } };
    planPath = join(directory, "plan.json");
    await writeFile(planPath, serializePlan(plan));
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    await applyFully(adapter, plan);
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function resolve(...args: string[]): Promise<{ code: number; json: ResolveJson; stderr: string }> {
    const run = await runBuiltCli([
      "resolve",
      planPath,
      "--sandbox",
      sandbox.url,
      "--output",
      "json",
      ...args,
    ]);
    return { code: run.code, json: JSON.parse(run.stdout || "{}") as ResolveJson, stderr: run.stderr };
  }

  /** What the sandbox's DNS server, answering as Azure's resolver in `vnetId`, says for each name. */
  async function sandboxAnswers(vnetId: string, names: readonly string[]): Promise<Map<string, string>> {
    const address = await sandbox.dnsView(vnetId);
    const resolver = createNameResolver(`${address.host}:${address.port}`);
    const answers = new Map<string, string>();
    for (const name of names) {
      const answer = await resolver.resolve(name);
      answers.set(
        name,
        answer.kind === "addresses"
          ? answer.addresses.join(",")
          : answer.kind === "noRecord"
            ? answer.code
            : "unreachable",
      );
    }
    return answers;
  }

  /** A prediction as the sandbox's server can show it: public answers are REFUSED there (no internet). */
  function asSandboxWouldSay(prediction: VnetPrediction["names"][number]): string {
    switch (prediction.answer.kind) {
      case "private":
        return prediction.answer.addresses.join(",");
      case "nxdomain":
        return "NXDOMAIN";
      case "public":
        return "REFUSED";
      case "failure":
        return "SERVFAIL";
      case "unknown":
        return "unknown";
    }
  }

  it("an unlinked spoke on Azure-provided DNS: public answers, a fix to link it, and the peering said not to carry the link", async () => {
    const { code, json } = await resolve("--vnet", spokeNeu);
    expect(code).toBe(1);
    const spoke = json.virtualNetworks.find(
      (v) => v.virtualNetworkId.toLowerCase() === spokeNeu.toLowerCase(),
    );
    if (spoke === undefined) throw new Error(`no prediction for ${spokeNeu}: ${JSON.stringify(json)}`);
    expect(spoke.dnsServers).toBe("Azure-provided (168.63.129.16)");
    expect(spoke.names.length).toBeGreaterThan(0);
    // Backup names have no public record (NXDOMAIN); storage names get the public address.
    for (const name of spoke.names) {
      const gives = name.name.includes(".backup.") ? "NXDOMAIN" : "public address";
      expect([name.name, name.verdict, name.answer]).toEqual([name.name, "wrong", { kind: "public", gives }]);
    }
    expect(spoke.names.every((n) => n.fix?.includes(`to vnet-spoke-app-neu`))).toBe(true);
    expect(
      spoke.names.some((n) => n.path.some((p) => p.includes("zone links do not travel over peerings"))),
    ).toBe(true);
    expect(json.findings.map((f) => f.code)).toContain("zone-link-not-over-peering");
    const text = await runBuiltCli(["resolve", planPath, "--sandbox", sandbox.url, "--vnet", spokeNeu]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("vnet-spoke-app-neu  DNS: Azure-provided (168.63.129.16)");
    expect(text.stdout).toMatch(/✗ \S+\.blob\.core\.windows\.net: a public address from public DNS/);
    expect(text.stdout).toMatch(/✗ \S+-ab-pod01-fc1\.\S+: NXDOMAIN from public DNS/);
    expect(text.stdout).toContain("zone links do not travel over peerings");
    expect(text.stderr).toContain("predicted answers are not the endpoints' private addresses");

    const answers = await sandboxAnswers(
      spokeNeu,
      spoke.names.map((n) => n.name),
    );
    for (const name of spoke.names)
      expect([name.name, answers.get(name.name)]).toEqual([name.name, asSandboxWouldSay(name)]);
  });

  it("the endpoints' VNets, linked to the zones: private answers equal to the sandbox DNS's", async () => {
    const { json } = await resolve();
    expect(json.virtualNetworks.length).toBeGreaterThanOrEqual(3);
    for (const vnet of json.virtualNetworks) {
      expect(
        vnet.names.every((n) => n.verdict === "ok"),
        JSON.stringify(vnet.names.filter((n) => n.verdict !== "ok")),
      ).toBe(true);
      const answers = await sandboxAnswers(
        vnet.virtualNetworkId,
        vnet.names.map((n) => n.name),
      );
      for (const name of vnet.names) {
        expect(
          answers
            .get(name.name)
            ?.split(",")
            .every((a) => name.expected.includes(a)),
        ).toBe(true);
      }
    }
  });

  /** A plain ARM request to the sandbox (privatedns 2024-06-01 unless told), as any HTTP client would send it. */
  async function arm(
    method: "GET" | "PUT" | "DELETE",
    id: string,
    body?: unknown,
    apiVersion = "2024-06-01",
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${sandbox.url}${id}?api-version=${apiVersion}`, {
      method,
      headers: { Authorization: `Bearer ${SANDBOX_BEARER_TOKEN}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${id}`).toBeLessThan(300);
    const text = await response.text();
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  }

  function vnetNamed(json: ResolveJson, name: string): VnetPrediction {
    const found = json.virtualNetworks.find((v) => v.name === name);
    if (found === undefined) throw new Error(`no prediction for ${name}`);
    return found;
  }

  async function expectSandboxAgrees(vnet: VnetPrediction): Promise<void> {
    const answers = await sandboxAnswers(
      vnet.virtualNetworkId,
      vnet.names.map((n) => n.name),
    );
    for (const name of vnet.names) {
      expect([name.name, answers.get(name.name)]).toEqual([name.name, asSandboxWouldSay(name)]);
    }
  }

  const RESOLVER_API = "2022-07-01";
  const NETWORK_API = "2026-01-01";
  const hubWeu = () =>
    plan.endpoints[0]?.subnetId.replace(/\/subnets\/[^/]+$/, "") ?? "no hub in the example";
  const resolverId = () => hubWeu().replace(/virtualNetworks\/vnet-hub-weu$/, "dnsResolvers/dnspr-hub-weu");
  const rulesetId = () =>
    hubWeu().replace(/virtualNetworks\/vnet-hub-weu$/, "dnsForwardingRulesets/dnsfrs-hub-weu");

  async function setDnsServers(vnetId: string, servers: readonly string[]): Promise<void> {
    const vnet = await arm("GET", vnetId, undefined, NETWORK_API);
    await arm(
      "PUT",
      vnetId,
      { ...vnet, properties: { ...(vnet.properties as object), dhcpOptions: { dnsServers: servers } } },
      NETWORK_API,
    );
  }

  /** The hub's DNS Private Resolver with an inbound endpoint at 10.0.1.4 (PUTs: the same state however often). */
  async function ensureResolver(): Promise<void> {
    const hub = hubWeu();
    await arm(
      "PUT",
      resolverId(),
      { location: "westeurope", properties: { virtualNetwork: { id: hub } } },
      RESOLVER_API,
    );
    await arm(
      "PUT",
      `${resolverId()}/inboundEndpoints/in`,
      {
        location: "westeurope",
        properties: {
          ipConfigurations: [
            {
              subnet: { id: `${hub}/subnets/snet-dns-resolver` },
              privateIpAddress: "10.0.1.4",
              privateIpAllocationMethod: "Static",
            },
          ],
        },
      },
      RESOLVER_API,
    );
  }

  it("spokes on a DNS Private Resolver inbound endpoint in the linked hub: private answers, equal to the sandbox DNS's", async () => {
    await ensureResolver();
    await setDnsServers(spokeNeu, ["10.0.1.4", "10.0.1.5"]);
    const { code, json } = await resolve("--vnet", spokeNeu);
    const spoke = vnetNamed(json, "vnet-spoke-app-neu");
    expect(spoke.dnsServers).toContain("10.0.1.4 (inbound endpoint of dnspr-hub-weu in vnet-hub-weu)");
    expect(spoke.names.length).toBeGreaterThan(0);
    expect(spoke.names.filter((n) => n.verdict !== "ok")).toEqual([]);
    expect(spoke.names[0]?.path[0]).toContain("the inbound endpoint of DNS Private Resolver dnspr-hub-weu");
    expect(json.findings.filter((f) => f.subject === spokeNeu)).toEqual([]);
    expect(code).toBe(0);
    await expectSandboxAgrees(spoke);
  });

  it("a ruleset that forwards blob names to the inbound endpoint and is linked to the hub loops: SERVFAIL predicted and answered, and a blocking finding", async () => {
    await ensureResolver();
    await setDnsServers(spokeNeu, ["10.0.1.4", "10.0.1.5"]);
    const hub = hubWeu();
    await arm(
      "PUT",
      `${hub}/subnets/snet-dns-outbound`,
      { properties: { addressPrefix: "10.0.1.16/28" } },
      NETWORK_API,
    );
    await arm(
      "PUT",
      `${resolverId()}/outboundEndpoints/out`,
      { location: "westeurope", properties: { subnet: { id: `${hub}/subnets/snet-dns-outbound` } } },
      RESOLVER_API,
    );
    await arm(
      "PUT",
      rulesetId(),
      {
        location: "westeurope",
        properties: { dnsResolverOutboundEndpoints: [{ id: `${resolverId()}/outboundEndpoints/out` }] },
      },
      RESOLVER_API,
    );
    await arm(
      "PUT",
      `${rulesetId()}/forwardingRules/blob`,
      {
        properties: {
          domainName: "privatelink.blob.core.windows.net.",
          targetDnsServers: [{ ipAddress: "10.0.1.4", port: 53 }],
        },
      },
      RESOLVER_API,
    );
    await arm(
      "PUT",
      `${rulesetId()}/virtualNetworkLinks/hub`,
      { properties: { virtualNetwork: { id: hub } } },
      RESOLVER_API,
    );

    try {
      await expectLoop();
    } finally {
      // Undo, so the scenarios after this one see the hub as planned.
      await arm("DELETE", `${rulesetId()}/virtualNetworkLinks/hub`, undefined, RESOLVER_API);
      await setDnsServers(spokeNeu, []);
    }
  });

  async function expectLoop(): Promise<void> {
    const { code, json } = await resolve("--vnet", spokeNeu);
    expect(code).toBe(1);
    const spoke = vnetNamed(json, "vnet-spoke-app-neu");
    const blob = spoke.names.filter((n) => n.name.includes(".blob."));
    expect(blob.length).toBeGreaterThan(0);
    for (const name of blob) expect([name.name, name.answer.kind]).toEqual([name.name, "failure"]);
    expect(blob[0]?.fix).toContain("Remove vnet-hub-weu's link to ruleset dnsfrs-hub-weu");
    // Backup names match no rule: still private.
    expect(spoke.names.filter((n) => n.name.includes(".backup.")).every((n) => n.verdict === "ok")).toBe(
      true,
    );
    const codes = json.findings.map((f) => f.code);
    expect(codes).toContain("forwarding-loop");
    expect(codes).toContain("rule-shadows-private-zone");
    expect(codes).toContain("single-forwarder-target");
    await expectSandboxAgrees(spoke);

    const text = await runBuiltCli(["resolve", planPath, "--sandbox", sandbox.url, "--vnet", spokeNeu]);
    expect(text.stdout).toMatch(/✗ \S+\.blob\.core\.windows\.net: SERVFAIL: a forwarding loop/);
  }

  it("fallback to internet masks a missing blob record: a public answer, and a finding", async () => {
    const { json: before } = await resolve();
    const hub = vnetNamed(before, "vnet-hub-weu");
    const blob = hub.names.find((n) => /\.blob\.core\.windows\.net$/.test(n.name));
    if (blob === undefined || blob.answer.kind !== "private")
      throw new Error("no private blob name in the hub");
    const zoneId = blob.answer.zoneId;
    const account = blob.name.split(".")[0] ?? "";
    const links = (await arm("GET", `${zoneId}/virtualNetworkLinks`)).value as {
      id: string;
      properties: { virtualNetwork: { id: string } };
    }[];
    const link = links.find(
      (l) => l.properties.virtualNetwork.id.toLowerCase() === hub.virtualNetworkId.toLowerCase(),
    );
    if (link === undefined) throw new Error("the hub is not linked to the blob zone");
    const current = await arm("GET", link.id);
    await arm("PUT", link.id, {
      location: "global",
      properties: { ...(current.properties as object), resolutionPolicy: "NxDomainRedirect" },
    });
    await arm("DELETE", `${zoneId}/A/${account}`);

    const { json } = await resolve();
    const after = vnetNamed(json, "vnet-hub-weu");
    const masked = after.names.find((n) => n.name === blob.name);
    expect(masked).toMatchObject({ verdict: "wrong", answer: { kind: "public" } });
    expect(masked?.path.join(" ")).toContain("NxDomainRedirect falls back to public DNS");
    expect(masked?.fix).toContain(`Add the record ${account}`);
    expect(json.findings).toContainEqual(
      expect.objectContaining({ code: "fallback-masks-missing-record", subject: after.virtualNetworkId }),
    );
    await expectSandboxAgrees(after);
  });

  it("a backup record in another geo's zone: NXDOMAIN from the right zone, and a finding naming the zone", async () => {
    const { json: before } = await resolve();
    const hub = vnetNamed(before, "vnet-hub-weu");
    const fc1 = hub.names.find((n) => n.name.includes("-ab-pod01-fc1.privatelink.we."));
    if (fc1 === undefined || fc1.answer.kind !== "private") throw new Error("no private fc1 name in the hub");
    const [record] = fc1.name.split(".");
    const weZone = fc1.answer.zoneId;
    const ukZone = weZone.replace(/privatelink\.we\./, "privatelink.uks.");
    await arm("PUT", ukZone, { location: "global", properties: {} });
    await arm("PUT", `${ukZone}/A/${record}`, {
      properties: { ttl: 10, aRecords: [{ ipv4Address: fc1.expected[0] }] },
    });
    await arm("DELETE", `${weZone}/A/${record}`);

    const { json } = await resolve();
    const after = vnetNamed(json, "vnet-hub-weu");
    expect(after.names.find((n) => n.name === fc1.name)).toMatchObject({
      verdict: "wrong",
      answer: { kind: "nxdomain" },
    });
    expect(json.findings).toContainEqual(
      expect.objectContaining({ code: "record-in-other-geo-zone", subject: ukZone }),
    );
    await expectSandboxAgrees(after);
  });

  it("refuses a --vnet that is not a VNet id (exit 2), and a plan whose endpoints have no names yet (exit 3)", async () => {
    const bad = await runBuiltCli(["resolve", planPath, "--sandbox", sandbox.url, "--vnet", "vnet-spoke"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--vnet:");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    // The built-in sandbox starts from the demo tenant, where the plan is not applied.
    const unapplied = await runBuiltCli(["resolve", planPath, "--sandbox"]);
    expect(unapplied.code).toBe(3);
    expect(unapplied.stderr).toContain("No DNS records yet");
  });
});
