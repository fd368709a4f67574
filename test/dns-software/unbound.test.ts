import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRecords, answeredNames } from "../../src/core/dns/record-set.js";
import { fixtureRecordSet } from "../core/dns/all-artefacts.js";
import { type FixtureCloud, VAULT_NUMBER } from "../core/dns/vault-fixture.js";
import { type ArtefactFiles, artefactPath, writeFixtureArtefacts } from "./artefact-files.js";
import { dnsTool } from "./dns-tool.js";
import {
  onFreeLoopbackPort,
  type RunningServer,
  resolveAll,
  startDnsmasq,
  startUnbound,
  unboundMainConf,
} from "./loopback-dns.js";
import { runTool } from "./run-tool.js";

describe.each<FixtureCloud>(["AzureCloud", "AzureUSGovernment"])(
  "Unbound takes the %s artefacts",
  (cloud) => {
    let files: ArtefactFiles;
    const servers: RunningServer[] = [];
    beforeAll(async () => {
      files = await writeFixtureArtefacts(cloud);
    });
    afterAll(async () => {
      await Promise.all(servers.map((server) => server.stop()));
      await files.remove();
    });

    async function check(checkconf: string, include: string) {
      const conf = join(files.directory, "unbound-main.conf");
      await writeFile(conf, unboundMainConf(files.directory, include, 5353));
      return runTool(checkconf, [conf]);
    }

    it("unbound-checkconf accepts the local zones and local data", async (context) => {
      const checkconf = dnsTool(context, "unbound-checkconf", "unbound");
      const run = await check(checkconf, artefactPath(files, "unbound.conf"));
      expect(run, run.output).toMatchObject({ code: 0 });
      expect(run.output).toContain("no errors");
    });

    it("unbound-checkconf accepts the forward zones", async (context) => {
      const checkconf = dnsTool(context, "unbound-checkconf", "unbound");
      const run = await check(checkconf, artefactPath(files, "forwarders/unbound.conf"));
      expect(run, run.output).toMatchObject({ code: 0 });
    });

    it("unbound-checkconf refuses a broken local zone, so the checks above can fail", async (context) => {
      const checkconf = dnsTool(context, "unbound-checkconf", "unbound");
      const broken = join(files.directory, "broken-unbound.conf");
      const text = await readFile(artefactPath(files, "unbound.conf"), "utf8");
      await writeFile(broken, text.replaceAll('." transparent', '." transparant'));
      const run = await check(checkconf, broken);
      expect(run.code).not.toBe(0);
    });

    it("unbound serving the local data on loopback answers every name, and leaves other names in the zones to resolution", async (context) => {
      const unbound = dnsTool(context, "unbound", "unbound");
      const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
      const dig = dnsTool(context, "dig", "bind9-dnsutils");
      const set = fixtureRecordSet(cloud);
      const backupZone = set.zones.find((zone) => zone.service === "backup")?.zone;
      // Another vault in the same geo: its name lives in the same privatelink zone, on someone else's DNS.
      const otherVault = `${VAULT_NUMBER.replace(/^./, "9")}-ab-pod01-fc1.${backupZone}`;
      const upstreamConf = join(files.directory, "upstream-dnsmasq.conf");
      await writeFile(upstreamConf, `host-record=${otherVault},10.99.0.4\n`);
      const upstream = await onFreeLoopbackPort((port) => startDnsmasq(dnsmasq, upstreamConf, port));
      servers.push(upstream);
      const conf = join(files.directory, "unbound-serve.conf");
      const served = await onFreeLoopbackPort(async (port) => {
        await writeFile(
          conf,
          unboundMainConf(files.directory, artefactPath(files, "unbound.conf"), port, upstream.port),
        );
        return startUnbound(unbound, conf, port);
      });
      servers.push(served);
      const { port } = served;

      const expected = new Map(
        allRecords(set).flatMap((record) =>
          answeredNames(record).map((name): [string, string[]] => [name, [...record.addresses].sort()]),
        ),
      );
      expect(await resolveAll(dig, port, [...expected.keys()])).toEqual(expected);
      // transparent: the other vault's name is resolved as usual (a static zone would answer NXDOMAIN).
      expect(await resolveAll(dig, port, [otherVault])).toEqual(new Map([[otherVault, ["10.99.0.4"]]]));
    });
  },
);
