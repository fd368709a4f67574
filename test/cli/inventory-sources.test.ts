import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arm } from "../sandbox/arm-requests.js";
import { putLoopingResolver } from "../support/looping-resolver.js";
import { HUB_VNET, policyManagedPlan, policyTenant, SPOKE_VNET, writeJson } from "./network-tenant.js";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

const RULESET = HUB_VNET.replace(/virtualNetworks\/vnet-hub-weu$/, "dnsForwardingRulesets/dnsfrs-hub-weu");
const GRAPH = "/providers/Microsoft.ResourceGraph/resources";
/** The ARM lists, one per subscription, that Resource Graph answers for all subscriptions at once. */
const PER_SUBSCRIPTION_LISTS =
  /^\/subscriptions\/[^/]+\/providers\/Microsoft\.(Authorization\/policyAssignments|Network\/dnsResolvers|Network\/dnsForwardingRulesets|RecoveryServices\/vaults)$/i;

interface Logged {
  readonly method: string;
  readonly path: string;
}

/**
 * Given the demo tenant locked down with the built-in backup DNS policy assigned in the hub's and the spoke's
 * resource groups, and a hub DNS Private Resolver whose ruleset forwards queue names back to its own inbound
 * endpoint: `check` and `apply --dry-run` answer the same whether the lists across subscriptions come from Azure
 * Resource Graph (the default) or from ARM's lists per subscription (`--inventory arm`), and each run really used
 * the source it names.
 */
describe("--inventory graph and --inventory arm: the same findings, from different requests", () => {
  let directory: string;
  let logFile: string;
  let sandbox: ServedSandbox;
  let plan: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-inventory-"));
    logFile = join(directory, "requests.jsonl");
    const state = await writeJson(directory, "state.json", policyTenant());
    plan = await writeJson(directory, "plan.json", policyManagedPlan());
    sandbox = await serveSandbox(logFile, ["--state", state]);
    const put = async (id: string, body: unknown, apiVersion = "2022-07-01") =>
      expect((await arm(sandbox.url, "PUT", id, { apiVersion, body })).status).toBeLessThan(300);
    await putLoopingResolver(put, HUB_VNET);
    await put(`${RULESET}/virtualNetworkLinks/spoke`, { properties: { virtualNetwork: { id: SPOKE_VNET } } });
  });

  afterAll(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  async function logged(): Promise<Logged[]> {
    const text = await readFile(logFile, "utf8").catch(() => "");
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Logged);
  }

  /** Runs the built CLI with each source; the output of each, and the requests each run sent. */
  async function both(args: readonly string[]) {
    const run = async (source: "graph" | "arm") => {
      const before = (await logged()).length;
      const result = await runBuiltCli([...args, "--sandbox", sandbox.url, "--inventory", source]);
      // The sandbox logs a request once it has answered it, and each run waits for every answer it reads.
      const requests = (await logged()).slice(before);
      return { ...result, requests };
    };
    return { graph: await run("graph"), arm: await run("arm") };
  }

  it("check -o json: the same vaults, verdicts, policy notes and DNS findings", async () => {
    const { graph, arm: lists } = await both(["check", "-o", "json"]);
    expect(graph.code).toBe(lists.code);
    expect(graph.stderr).not.toContain("Resource Graph did not answer");
    const json = JSON.parse(graph.stdout) as {
      vaults: { name: string; findings: { code: string }[] }[];
      dns: { code: string }[];
    };
    // What the comparison is worth: the policy assignments and the resolver's loop are there to be found.
    const codes = json.vaults.flatMap((v) => v.findings.map((f) => f.code));
    expect(codes).toContain("backup-dns-policy-assigned");
    expect(json.dns.map((f) => f.code)).toContain("forwarding-loop");
    expect(JSON.parse(lists.stdout)).toEqual(json);

    expect(graph.requests.filter((r) => r.path === GRAPH).length).toBeGreaterThanOrEqual(5);
    expect(graph.requests.filter((r) => PER_SUBSCRIPTION_LISTS.test(r.path))).toEqual([]);
    expect(lists.requests.filter((r) => r.path === GRAPH)).toEqual([]);
    const listed = new Set(
      lists.requests.filter((r) => PER_SUBSCRIPTION_LISTS.test(r.path)).map((r) => r.path.split("/").at(-1)),
    );
    expect([...listed].sort()).toEqual([
      "dnsForwardingRulesets",
      "dnsResolvers",
      "policyAssignments",
      "vaults",
    ]);
  });

  it("check as text: the same lines", async () => {
    const { graph, arm: lists } = await both(["check"]);
    expect(graph.code).toBe(lists.code);
    expect(graph.stdout).toContain("forwarding-loop");
    expect(lists.stdout).toBe(graph.stdout);
  });

  it("apply --dry-run, as JSON and as text: the same actions, findings and DNS once applied", async () => {
    const json = await both(["apply", plan, "--dry-run", "-o", "json"]);
    expect(json.graph.code).toBe(0);
    const dryRun = JSON.parse(json.graph.stdout) as { resolution: { findings: { code: string }[] } };
    expect(dryRun.resolution.findings.map((f) => f.code)).toContain("forwarding-loop");
    expect(JSON.parse(json.arm.stdout)).toEqual(dryRun);
    expect(json.graph.requests.some((r) => r.path === GRAPH)).toBe(true);
    expect(json.arm.requests.filter((r) => r.path === GRAPH)).toEqual([]);

    const text = await both(["apply", plan, "--dry-run"]);
    expect(text.graph.code).toBe(0);
    expect(text.graph.stdout).toContain("DNS once applied");
    expect(text.arm.stdout).toBe(text.graph.stdout);
  });

  it("an unknown source is bad input, named with its choices (exit 2)", async () => {
    const run = await runBuiltCli(["check", "--sandbox", sandbox.url, "--inventory", "cache"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--inventory.*cache.*graph, arm/s);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
