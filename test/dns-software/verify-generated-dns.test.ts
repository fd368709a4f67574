import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runBuiltCli } from "../cli/run-cli.js";
import { applyApproveApply } from "../support/apply-fully.js";
import { dnsTool } from "./dns-tool.js";
import { onFreeLoopbackPort, type RunningServer, startDnsmasq } from "./loopback-dns.js";

const PLAN = "examples/custom-dns.plan.json";

/**
 * The custom-DNS story end to end with the built CLI: apply, approve, `vaultlink dns --format dnsmasq --out DIR`,
 * dnsmasq serving that file on loopback, and `vaultlink verify --dns-server` resolving through it.
 */
describe("verify resolves through dnsmasq serving what vaultlink dns generated", () => {
  let sandbox: RunningSandbox;
  let directory: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    directory = await mkdtemp(join(tmpdir(), "vaultlink-verify-dns-"));
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const plan = parsePlanText(await readFile(PLAN, "utf8"), PLAN);
    await applyApproveApply(adapter, plan);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("passes with every record, and fails naming the FQDN whose record was removed", async (context) => {
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const generated = await runBuiltCli([
      "dns",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--format",
      "dnsmasq",
      "--out",
      directory,
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    const conf = join(directory, "dnsmasq-vaultlink.conf");
    const server = await onFreeLoopbackPort((port) => startDnsmasq(dnsmasq, conf, port));
    servers.push(server);

    const verified = await runBuiltCli([
      "verify",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--dns-server",
      `127.0.0.1:${server.port}`,
    ]);
    expect(verified.code, `${verified.stdout}${verified.stderr}`).toBe(0);

    const text = await readFile(conf, "utf8");
    const removed = /^host-record=(\d+-ab-pod01-fc1\.[^,]+),/m.exec(text)?.[1];
    if (removed === undefined) throw new Error(`no fc1 record in\n${text}`);
    const partialConf = join(directory, "partial.conf");
    // Without the record, dnsmasq has no upstream to ask and refuses the name (verify: "unknown"). Public DNS answers
    // NXDOMAIN for a privatelink backup name (it has no public record), which `local=` reproduces here.
    const zone = removed.slice(removed.indexOf(".") + 1);
    const withoutRecord = text.replace(
      new RegExp(`^host-record=${removed.replaceAll(".", "\\.")},.*\\n`, "m"),
      "",
    );
    expect(withoutRecord).not.toContain(`host-record=${removed},`);
    await writeFile(partialConf, `${withoutRecord}local=/${zone}/\n`);
    const partial = await onFreeLoopbackPort((port) => startDnsmasq(dnsmasq, partialConf, port));
    servers.push(partial);

    const failed = await runBuiltCli([
      "verify",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--dns-server",
      `127.0.0.1:${partial.port}`,
    ]);
    expect(failed.code).toBe(1);
    const failures = `${failed.stdout}${failed.stderr}`.split("\n").filter((line) => line.includes("✗"));
    expect(failures.join("\n")).toContain(removed);
    expect(failures).toHaveLength(1);
    const escaped = removed.replaceAll(".", "\\.");
    expect(failed.stdout).toMatch(new RegExp(`✗.*${escaped}.*\\n\\s+fix: \\S`));
  });
});
