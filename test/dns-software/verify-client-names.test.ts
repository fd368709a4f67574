import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { VerifyCheck } from "../../src/engine/verify-checks.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runBuiltCli } from "../cli/run-cli.js";
import { applyApproveApply } from "../support/apply-fully.js";
import { dnsTool } from "./dns-tool.js";
import {
  onFreeLoopbackPort,
  type RunningServer,
  startDnsmasq,
  startUnbound,
  unboundMainConf,
} from "./loopback-dns.js";

const PLAN = "examples/custom-dns.plan.json";

/** A public address Azure's public DNS could give a storage account: never one of the endpoint's. */
const PUBLIC_ADDRESS = "20.60.40.4";

interface VerifyJson {
  readonly verdict: string;
  readonly checks: readonly VerifyCheck[];
}

/**
 * The names clients ask, asked of real DNS servers: a server that holds only the privatelink record names answers
 * backup clients (they ask for the privatelink name) but not storage clients, who ask for
 * `<account>.blob|queue.core.windows.net`. verify must fail naming those names, and pass once the server answers
 * them too (the files `vaultlink dns` writes list both).
 */
describe("verify asks dnsmasq and Unbound for the names clients ask", () => {
  let sandbox: RunningSandbox;
  let directory: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    directory = await mkdtemp(join(tmpdir(), "vaultlink-verify-clients-"));
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const plan = parsePlanText(await readFile(PLAN, "utf8"), PLAN);
    await applyApproveApply(adapter, plan);
    for (const format of ["dnsmasq", "unbound"]) {
      const generated = await runBuiltCli([
        "dns",
        PLAN,
        "--sandbox",
        sandbox.url,
        "--format",
        format,
        "--out",
        directory,
      ]);
      expect(generated.code, generated.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function serve(start: (port: number) => Promise<RunningServer>): Promise<RunningServer> {
    const server = await onFreeLoopbackPort(start);
    servers.push(server);
    return server;
  }

  async function verifyVia(server: RunningServer): Promise<{ code: number; json: VerifyJson }> {
    const run = await runBuiltCli([
      "verify",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--dns-server",
      `127.0.0.1:${server.port}`,
      "--output",
      "json",
    ]);
    return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson };
  }

  /** The generated dnsmasq file's names: storage names clients ask (no `privatelink` label), and the rest. */
  async function generatedNames(): Promise<{ lines: string[]; clientStorageNames: string[] }> {
    const text = await readFile(join(directory, "dnsmasq-vaultlink.conf"), "utf8");
    const lines = text.split("\n").filter((line) => line.startsWith("host-record="));
    const clientStorageNames = lines
      .map((line) => line.slice("host-record=".length).split(",")[0] ?? "")
      .filter((name) => !name.includes(".privatelink."));
    return { lines, clientStorageNames };
  }

  /** A stand-in for public DNS: each storage name CNAMEs to its privatelink name, which has a public address. */
  async function publicDns(dnsmasq: string): Promise<RunningServer> {
    const { clientStorageNames } = await generatedNames();
    const conf = join(directory, "public-dns.conf");
    await writeFile(
      conf,
      clientStorageNames
        .flatMap((name) => {
          const privatelink = name.replace(/^([^.]+)\./, "$1.privatelink.");
          return [`host-record=${privatelink},${PUBLIC_ADDRESS}`, `cname=${name},${privatelink}`];
        })
        .join("\n"),
    );
    return serve((port) => startDnsmasq(dnsmasq, conf, port));
  }

  function expectFailsOnClientStorageNames(json: VerifyJson, clientStorageNames: readonly string[]): void {
    expect(json.verdict).toBe("fail");
    const failed = json.checks.filter((c) => c.source === "dns" && c.status !== "pass");
    expect(failed.map((c) => c.name).sort()).toEqual([...clientStorageNames].sort());
    for (const check of failed) expect(check.fix).toContain(`answer ${check.name} ->`);
    // Backup clients ask for the privatelink names, which the server holds.
    expect(json.checks.filter((c) => c.name?.includes(".backup.")).every((c) => c.status === "pass")).toBe(
      true,
    );
  }

  it("dnsmasq holding only the privatelink names refuses the storage names clients ask: verify fails naming them", async (context: TestContext) => {
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const { lines, clientStorageNames } = await generatedNames();
    expect(clientStorageNames.length).toBeGreaterThan(0);
    const conf = join(directory, "privatelink-only.conf");
    await writeFile(conf, `${lines.filter((line) => line.includes(".privatelink.")).join("\n")}\n`);
    const server = await serve((port) => startDnsmasq(dnsmasq, conf, port));

    const { code, json } = await verifyVia(server);
    expect(code).toBe(1);
    expectFailsOnClientStorageNames(json, clientStorageNames);
    expect(json.checks.find((c) => c.name === clientStorageNames[0])?.answer).toBe("REFUSED, no address");

    const human = await runBuiltCli([
      "verify",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--dns-server",
      `127.0.0.1:${server.port}`,
    ]);
    const failures = human.stdout.split("\n").filter((line) => line.includes("✗"));
    expect(failures.join("\n")).toContain(`✗ fail    ${clientStorageNames[0]} resolves privately`);
  });

  it("dnsmasq forwarding the rest to public DNS answers the public CNAME chain: verify fails, showing the chain", async (context: TestContext) => {
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const upstream = await publicDns(dnsmasq);
    const { lines, clientStorageNames } = await generatedNames();
    const conf = join(directory, "privatelink-forwarding.conf");
    await writeFile(
      conf,
      [...lines.filter((line) => line.includes(".privatelink.")), `server=127.0.0.1#${upstream.port}`].join(
        "\n",
      ),
    );
    const server = await serve((port) => startDnsmasq(dnsmasq, conf, port));

    const { json } = await verifyVia(server);
    expectFailsOnClientStorageNames(json, clientStorageNames);
    const first = json.checks.find((c) => c.name === clientStorageNames[0]);
    expect(first?.answer).toMatch(
      new RegExp(`^${PUBLIC_ADDRESS.replaceAll(".", "\\.")} via CNAME \\S+\\.privatelink\\.`),
    );
  });

  it("dnsmasq serving what vaultlink dns wrote (privatelink and client names): verify passes", async (context: TestContext) => {
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const server = await serve((port) =>
      startDnsmasq(dnsmasq, join(directory, "dnsmasq-vaultlink.conf"), port),
    );
    const { code, json } = await verifyVia(server);
    expect(json.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(code).toBe(0);
  });

  async function unboundWith(unbound: string, include: string, upstreamPort: number): Promise<RunningServer> {
    const conf = join(directory, `unbound-main-${include.split("/").at(-1)}`);
    return serve(async (port) => {
      await writeFile(conf, unboundMainConf(directory, include, port, upstreamPort));
      return startUnbound(unbound, conf, port);
    });
  }

  it("Unbound with local data for the privatelink names only answers storage names from public DNS: verify fails naming them", async (context: TestContext) => {
    const unbound = dnsTool(context, "unbound", "unbound");
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const upstream = await publicDns(dnsmasq);
    const { clientStorageNames } = await generatedNames();
    const text = await readFile(join(directory, "unbound-vaultlink.conf"), "utf8");
    const include = join(directory, "unbound-privatelink-only.conf");
    await writeFile(
      include,
      text
        .split("\n")
        .filter((line) => !line.includes("local-data:") || line.includes(".privatelink."))
        .join("\n"),
    );
    const server = await unboundWith(unbound, include, upstream.port);

    const { code, json } = await verifyVia(server);
    expect(code).toBe(1);
    expectFailsOnClientStorageNames(json, clientStorageNames);
  });

  it("Unbound serving what vaultlink dns wrote: verify passes", async (context: TestContext) => {
    const unbound = dnsTool(context, "unbound", "unbound");
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const upstream = await publicDns(dnsmasq);
    const server = await unboundWith(unbound, join(directory, "unbound-vaultlink.conf"), upstream.port);
    const { code, json } = await verifyVia(server);
    expect(json.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(code).toBe(0);
  });
});
