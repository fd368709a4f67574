import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRecords, answeredNames } from "../../src/core/dns/record-set.js";
import { fixtureRecordSet } from "../core/dns/all-artefacts.js";
import type { FixtureCloud } from "../core/dns/vault-fixture.js";
import { type ArtefactFiles, artefactPath, writeFixtureArtefacts } from "./artefact-files.js";
import { dnsTool } from "./dns-tool.js";
import { onFreeLoopbackPort, type RunningServer, resolveAll, startDnsmasq } from "./loopback-dns.js";
import { runTool } from "./run-tool.js";

describe.each<FixtureCloud>(["AzureCloud", "AzureUSGovernment"])(
  "dnsmasq takes the %s artefacts",
  (cloud) => {
    let files: ArtefactFiles;
    let server: RunningServer | undefined;
    beforeAll(async () => {
      files = await writeFixtureArtefacts(cloud);
    });
    afterAll(async () => {
      await server?.stop();
      await files.remove();
    });

    it("dnsmasq --test accepts the host records", async (context) => {
      const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
      const run = await runTool(dnsmasq, ["--test", `--conf-file=${artefactPath(files, "dnsmasq.conf")}`]);
      expect(run, run.output).toMatchObject({ code: 0 });
      expect(run.output).toContain("syntax check OK");
    });

    it("dnsmasq --test accepts the forwarders", async (context) => {
      const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
      const run = await runTool(dnsmasq, [
        "--test",
        `--conf-file=${artefactPath(files, "forwarders/dnsmasq.conf")}`,
      ]);
      expect(run, run.output).toMatchObject({ code: 0 });
    });

    it("dnsmasq --test refuses a host record without a name, so the checks above can fail", async (context) => {
      const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
      const broken = join(files.directory, "broken-dnsmasq.conf");
      const text = await readFile(artefactPath(files, "dnsmasq.conf"), "utf8");
      await writeFile(broken, text.replace(/^host-record=[^,]+,/m, "host-record="));
      const run = await runTool(dnsmasq, ["--test", `--conf-file=${broken}`]);
      expect(run.code).not.toBe(0);
    });

    it("dnsmasq serving the host records on loopback answers every name with its private address", async (context) => {
      const dnsmasq = dnsTool(context, "dnsmasq", "dnsmasq-base");
      const dig = dnsTool(context, "dig", "bind9-dnsutils");
      server = await onFreeLoopbackPort((port) =>
        startDnsmasq(dnsmasq, artefactPath(files, "dnsmasq.conf"), port),
      );

      const expected = new Map(
        allRecords(fixtureRecordSet(cloud)).flatMap((record) =>
          answeredNames(record).map((name): [string, string[]] => [name, [...record.addresses].sort()]),
        ),
      );
      // Backup names as clients ask for them, and storage names both public and privatelink.
      expect(expected.size).toBe(cloud === "AzureCloud" ? 16 + 2 * 8 : 16 + 2 * 6);
      const answers = await resolveAll(dig, server.port, [...expected.keys()]);
      expect(answers).toEqual(expected);
    });
  },
);
