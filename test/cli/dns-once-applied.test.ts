import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VnetPrediction } from "../../src/core/resolution/predict-resolution.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm } from "../sandbox/arm-requests.js";
import { putLoopingResolver } from "../support/looping-resolver.js";
import { runBuiltCli } from "./run-cli.js";

const PLAN = "examples/private-zones.plan.json";
const HUB =
  "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu";
const SPOKE_NEU =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-neu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-neu";
const RULESET = HUB.replace(/virtualNetworks\/vnet-hub-weu$/, "dnsForwardingRulesets/dnsfrs-hub-weu");

interface DryRunJson {
  readonly resolution: {
    readonly virtualNetworks: readonly VnetPrediction[];
    readonly findings: readonly { readonly code: string }[];
  };
}

/**
 * The dry run predicts DNS once applied: the plan's zones and links on today's VNets, their DNS servers, resolvers
 * and rulesets. A spoke the plan links, but whose DNS server is the hub resolver's inbound endpoint behind a looping
 * ruleset, shows it before anything is written.
 */
describe("apply --dry-run shows what each workload VNet resolves once applied", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const put = async (id: string, body: unknown, apiVersion = "2022-07-01") =>
      expect((await arm(sandbox, "PUT", id, { apiVersion, body })).status).toBeLessThan(300);
    await putLoopingResolver(put, HUB);
    const spoke = (await arm(sandbox, "GET", SPOKE_NEU, { apiVersion: "2026-01-01" })).body;
    await put(
      SPOKE_NEU,
      { ...spoke, properties: { ...spoke.properties, dhcpOptions: { dnsServers: ["10.0.1.4"] } } },
      "2026-01-01",
    );
  });
  afterAll(() => sandbox.close());

  it("as JSON (`resolution`), text and markdown: the looping queue names, the resolver path, and the findings", async () => {
    const json = await runBuiltCli(["apply", PLAN, "--dry-run", "--sandbox", sandbox.url, "-o", "json"]);
    expect(json.code).toBe(0);
    const { resolution } = JSON.parse(json.stdout) as DryRunJson;
    const spoke = resolution.virtualNetworks.find((v) => v.name === "vnet-spoke-app-neu");
    expect(spoke?.dnsServers).toBe("10.0.1.4 (inbound endpoint of dnspr-hub-weu in vnet-hub-weu)");
    const queue = spoke?.names.find((n) => n.name.endsWith(".queue.core.windows.net"));
    expect(queue?.answer.kind).toBe("failure");
    expect(spoke?.names.filter((n) => n.verdict === "ok").map((n) => n.name)).toHaveLength(3);
    const codes = resolution.findings.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "forwarding-loop",
        "forwards-public-domain",
        "single-forwarder-target",
        "single-dns-server",
      ]),
    );

    const text = await runBuiltCli(["apply", PLAN, "--dry-run", "--sandbox", sandbox.url]);
    expect(text.stdout).toContain("DNS once applied");
    expect(text.stdout).toMatch(/✗ vault-names\.queue\.core\.windows\.net: SERVFAIL: a forwarding loop/);
    expect(text.stdout).toContain("forwarding-loop");

    const markdown = await runBuiltCli([
      "apply",
      PLAN,
      "--dry-run",
      "--sandbox",
      sandbox.url,
      "-o",
      "markdown",
    ]);
    expect(markdown.stdout).toContain("#### DNS once applied");
    expect(markdown.stdout).toContain("`forwards-public-domain`");
  });

  it("vaultlink check audits the same resolvers and rulesets without a plan: the loop blocks (exit 3)", async () => {
    // An eligible vault alone, so the exit code is the DNS finding's.
    const vault =
      "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu";
    const json = await runBuiltCli(["check", vault, "--sandbox", sandbox.url, "-o", "json"]);
    expect(json.code).toBe(3);
    const { dns } = JSON.parse(json.stdout) as { dns: { code: string; subject?: string }[] };
    expect(dns).toContainEqual(expect.objectContaining({ code: "forwarding-loop", subject: RULESET }));
    expect(dns.map((f) => f.code)).toContain("forwards-public-domain");
    const text = await runBuiltCli(["check", vault, "--sandbox", sandbox.url]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain("DNS paths to the vaults' names");
    expect(text.stderr).toContain("blocking DNS finding");
  });
});
