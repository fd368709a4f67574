import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allRecords, answeredNames } from "../../src/core/dns/record-set.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import { heldRecordsIn } from "../../src/engine/artefact-records.js";
import { readLiveDnsRecords, renderRecordArtefacts } from "../../src/engine/dns-artefacts.js";
import { recordChanges } from "../../src/engine/dns-resync.js";
import { useAdapterSession } from "../azure/sandbox-session.js";
import { applyFully } from "../support/apply-fully.js";
import { dnsTool } from "./dns-tool.js";
import { onFreeLoopbackPort, type RunningServer, resolveAll, startDnsmasq } from "./loopback-dns.js";
import { runTool } from "./run-tool.js";

const PLAN = "examples/private-zones.plan.json";

describe("DNS software takes the artefacts of the sandbox's live endpoints", () => {
  const session = useAdapterSession();
  let directory: string;
  const servers: RunningServer[] = [];
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-live-dns-"));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await rm(directory, { recursive: true, force: true });
  });

  /** The example plan applied, after its vault's first registration and first backup: every kind of name. */
  async function liveRecords() {
    const { adapter, sandbox } = session();
    const plan = parsePlanText(readFileSync(PLAN, "utf8"), PLAN);
    await applyFully(adapter, plan);
    sandbox.simulate({ kind: "firstRegistration", vaultId: plan.vault.id });
    sandbox.simulate({ kind: "firstBackup", vaultId: plan.vault.id });
    const live = await readLiveDnsRecords(adapter, plan);
    if (live.kind !== "ready") throw new Error(live.reasons.join("; "));
    return live.set;
  }

  it("dnsmasq on loopback answers every name with every address; without one record, that name fails and the resync reports it as new", async (context) => {
    const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
    const dig = dnsTool(context, "dig", "bind9-dnsutils");
    const set = await liveRecords();
    const [file] = renderRecordArtefacts("dnsmasq", set);
    if (file === undefined) throw new Error("no dnsmasq file");
    const expected = new Map(
      allRecords(set).flatMap((record) =>
        answeredNames(record).map((name): [string, string[]] => [name, [...record.addresses].sort()]),
      ),
    );
    // 3 endpoints x 8 backup names; storage accounts from creation, registration and backup, each under two names.
    expect(expected.size).toBeGreaterThan(24);

    const conf = join(directory, file.fileName);
    await writeFile(conf, file.text);
    const server = await onFreeLoopbackPort((port) => startDnsmasq(dnsmasq, conf, port));
    servers.push(server);
    expect(await resolveAll(dig, server.port, [...expected.keys()])).toEqual(expected);

    const dropped = allRecords(set).find((record) => record.fqdn.includes(".privatelink.blob."));
    if (dropped === undefined) throw new Error("no blob record");
    const without = file.text
      .split("\n")
      .filter((line) => !answeredNames(dropped).some((name) => line.startsWith(`host-record=${name},`)))
      .join("\n");
    const partialConf = join(directory, "partial.conf");
    await writeFile(partialConf, without);
    const partial = await onFreeLoopbackPort((port) => startDnsmasq(dnsmasq, partialConf, port));
    servers.push(partial);
    const answers = await resolveAll(dig, partial.port, [...expected.keys()]);
    for (const name of answeredNames(dropped)) expect(answers.has(name), name).toBe(false);
    expect(answers.size).toBe(expected.size - answeredNames(dropped).length);
    const held = heldRecordsIn("dnsmasq", new Map([[file.fileName, without]]), set.vaultId);
    expect(recordChanges(set, "dnsmasq", held, "vaultOnly")).toEqual([
      { kind: "new", fqdn: dropped.fqdn, addresses: dropped.addresses },
    ]);
  });

  it("named-checkconf -z loads every BIND zone file written for the live records", async (context) => {
    const checkconf = dnsTool(context, "named-checkconf", "bind9-utils");
    const set = await liveRecords();
    const files = renderRecordArtefacts("bind", set, { zoneDirectory: directory });
    for (const file of files) await writeFile(join(directory, file.fileName), file.text);
    const run = await runTool(checkconf, ["-z", join(directory, "named.conf.vaultlink")]);
    expect(run, run.output).toMatchObject({ code: 0 });
    expect(run.output.match(/loaded serial/g)).toHaveLength(set.zones.length);
  });
});
