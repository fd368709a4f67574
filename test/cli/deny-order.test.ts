import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CURRENT_API_VERSION } from "../../src/sandbox/api-versions.js";
import { dnsTool } from "../dns-software/dns-tool.js";
import { onFreeLoopbackPort, type RunningServer, startDnsmasq } from "../dns-software/loopback-dns.js";
import { changesTenant } from "../support/tenant-writes.js";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/** Manual approval and public access Deny. */
const MANUAL = "examples/custom-dns.plan.json";
const MANUAL_VAULT = "rsv-dev-uks";
const AUTO_VAULT = "rsv-prod-weu";

interface LoggedRequest {
  readonly method: string;
  readonly path: string;
}

/** The sandbox's request log, in the order the requests finished. */
async function requests(logFile: string): Promise<LoggedRequest[]> {
  const text = await readFile(logFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LoggedRequest);
}

const vaultWrites = (log: readonly LoggedRequest[], vault: string) =>
  log.filter((r) => changesTenant(r) && new RegExp(`/vaults/${vault}$`, "i").test(r.path));

/** JSON lines of a run, parsed. */
function events(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The vault's owner approves in the portal (or with az): one PUT of the connection's state, followed to its end
 * through Azure-AsyncOperation, as any ARM client does. vaultlink is not involved.
 */
async function approveOutsideVaultlink(sandboxUrl: string, connectionId: string): Promise<void> {
  const headers = { authorization: "Bearer owner-token", "content-type": "application/json" };
  const put = await fetch(
    `${sandboxUrl}${connectionId}?api-version=${CURRENT_API_VERSION["recoveryservices.backup"]}`,
    {
      method: "PUT",
      headers,
      body: JSON.stringify({
        properties: { privateLinkServiceConnectionState: { status: "Approved", description: "portal" } },
      }),
    },
  );
  expect(put.status).toBe(200);
  const statusUrl = put.headers.get("azure-asyncoperation");
  if (statusUrl === null) throw new Error("no Azure-AsyncOperation header");
  for (;;) {
    const poll = (await (await fetch(statusUrl, { headers })).json()) as { status: string };
    if (poll.status !== "InProgress") {
      expect(poll.status).toBe("Succeeded");
      return;
    }
  }
}

describe("public access Deny: made only once the private path works", () => {
  let directory: string;
  let logFile: string;
  let sandbox: ServedSandbox;
  let autoPlan: string;
  let dns: RunningServer | undefined;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-deny-"));
    logFile = join(directory, "requests.jsonl");
    sandbox = await serveSandbox(logFile);
    // The private-zones example (auto approval, zone groups) with public access Deny.
    const example = JSON.parse(await readFile("examples/private-zones.plan.json", "utf8"));
    example.guidance.publicNetworkAccess = "deny";
    delete example.$schema;
    autoPlan = join(directory, "deny.plan.json");
    await writeFile(autoPlan, JSON.stringify(example, null, 2));
  });

  afterEach(async () => {
    await dns?.stop();
    dns = undefined;
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("manual approval: apply holds Deny (exit 0, `held` in JSON); once the owner approves, the next apply sets it", async () => {
    const on = ["--sandbox", sandbox.url];
    const dryRun = await runBuiltCli(["apply", MANUAL, "--dry-run", "-o", "json", ...on]);
    const deny = (JSON.parse(dryRun.stdout).actions as Record<string, unknown>[]).at(-1);
    expect(deny).toMatchObject({ kind: "waiting", resource: "vaultPublicNetworkAccess" });
    expect(deny?.reason).toContain("waits until the vault's owner approves pe-rsv-dev-uks-dev-backup");
    expect(deny?.condition).toMatch(/^only after every planned endpoint is Approved and provisioned/);

    const apply = await runBuiltCli(["apply", MANUAL, "--yes", "-o", "json", ...on]);
    expect(apply.code, apply.stderr).toBe(0);
    const lines = events(apply.stdout);
    const done = lines.find((e) => e.event === "done");
    expect(done?.held).toEqual([
      expect.objectContaining({
        description: `public network access of vault ${MANUAL_VAULT}`,
        reason: expect.stringContaining("approves pe-rsv-dev-uks-dev-backup"),
      }),
    ]);
    expect(vaultWrites(await requests(logFile), MANUAL_VAULT)).toEqual([]);

    // A replay while the approval is pending changes nothing and says the Deny is still held.
    const replay = await runBuiltCli(["apply", MANUAL, "--yes", "-o", "json", ...on]);
    expect(replay.code).toBe(0);
    expect(events(replay.stdout).find((e) => e.event === "done")).toMatchObject({
      writes: 0,
      held: [expect.objectContaining({ description: `public network access of vault ${MANUAL_VAULT}` })],
    });

    const pending = lines.find((e) => e.event === "approvalPending");
    await approveOutsideVaultlink(sandbox.url, String(pending?.connectionId));
    const next = await runBuiltCli(["apply", MANUAL, "--yes", ...on]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toMatch(new RegExp(`^✓ public network access of vault ${MANUAL_VAULT} `, "m"));
    expect(next.stderr).not.toContain("Held:");
    expect(vaultWrites(await requests(logFile), MANUAL_VAULT)).toHaveLength(1);
  });

  it("auto approval: the dry run shows the condition; apply sets Deny last, after reading the zone groups' records", async () => {
    const on = ["--sandbox", sandbox.url];
    const dryRun = await runBuiltCli(["apply", autoPlan, "--dry-run", ...on]);
    expect(dryRun.stdout).toMatch(
      /^ {14}when: only after every planned endpoint is Approved and provisioned, their records are in the private DNS zones \(zone groups\)/m,
    );
    const markdown = await runBuiltCli(["apply", autoPlan, "--dry-run", "-o", "markdown", ...on]);
    expect(markdown.stdout).toContain("<br>when: only after every planned endpoint is Approved");

    const apply = await runBuiltCli(["apply", autoPlan, "--yes", "--dns-server", sandbox.dnsServer, ...on]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).not.toContain("Held:");
    const log = await requests(logFile);
    const writes = log.filter(changesTenant);
    expect(writes.at(-1)?.path).toMatch(new RegExp(`/vaults/${AUTO_VAULT}$`, "i"));
    // Between the last zone group written and the Deny, apply read the records the zone groups made.
    const lastZoneGroup = log.findLastIndex((r) => changesTenant(r) && /privateDnsZoneGroups/i.test(r.path));
    const deny = log.findIndex((r) => changesTenant(r) && /\/vaults\/[^/]+$/i.test(r.path));
    expect(lastZoneGroup).toBeGreaterThan(-1);
    expect(
      log
        .slice(lastZoneGroup, deny)
        .some((r) => r.method === "GET" && /privateDnsZones\/[^/]+\/ALL$/i.test(r.path)),
    ).toBe(true);
  });

  it("--dns-server that does not answer the names: Deny held with what it waits for; the next apply makes it", async (context) => {
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const conf = join(directory, "empty.conf");
    await writeFile(conf, "");
    // A real DNS server with no records and no upstream: it refuses every name clients ask.
    dns = await onFreeLoopbackPort((port) => startDnsmasq(dnsmasq, conf, port));
    const server = `127.0.0.1:${dns.port}`;
    const on = ["--sandbox", sandbox.url];

    const apply = await runBuiltCli(["apply", autoPlan, "--yes", "--dns-server", server, ...on]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(
      new RegExp(
        `^… public network access of vault ${AUTO_VAULT}: held, waiting for \\d+ names to resolve privately via ${server} \\(\\S+: REFUSED, no address\\)$`,
        "m",
      ),
    );
    expect(apply.stderr).toContain(`Held: public network access of vault ${AUTO_VAULT}`);
    expect(apply.stderr).toContain(`--dns-server ${server}`);
    expect(vaultWrites(await requests(logFile), AUTO_VAULT)).toEqual([]);

    const json = await runBuiltCli(["apply", autoPlan, "--yes", "--dns-server", server, "-o", "json", ...on]);
    expect(json.code).toBe(0);
    const held = events(json.stdout).filter((e) => e.event === "held");
    expect(held).toEqual([expect.objectContaining({ reason: expect.stringContaining(`via ${server}`) })]);
    expect(events(json.stdout).find((e) => e.event === "done")?.held).toHaveLength(1);

    // Without a DNS server to ask, the zone groups' records are what vaultlink can check: they are there.
    const next = await runBuiltCli(["apply", autoPlan, "--yes", ...on]);
    expect(next.code, next.stderr).toBe(0);
    expect(vaultWrites(await requests(logFile), AUTO_VAULT)).toHaveLength(1);
  });

  it("a bad --dns-server is refused before anything is read (exit 2), for one plan and for a fleet", async () => {
    for (const plans of [[MANUAL], [MANUAL, autoPlan]]) {
      const run = await runBuiltCli([
        "apply",
        ...plans,
        "--yes",
        "--dns-server",
        "10.0.0",
        "--sandbox",
        sandbox.url,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--dns-server: "10.0.0" is not an IPv4 address with an optional port.');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await requests(logFile)).toEqual([]);
  });
});
