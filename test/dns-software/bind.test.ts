import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FixtureCloud } from "../core/dns/vault-fixture.js";
import { type ArtefactFiles, artefactPath, writeFixtureArtefacts } from "./artefact-files.js";
import { dnsTool } from "./dns-tool.js";
import { runTool } from "./run-tool.js";

// Every check named-checkzone has, made fatal: the zone must load without a single warning.
const STRICT = ["-k", "fail", "-n", "fail", "-m", "fail", "-r", "fail", "-M", "fail", "-S", "fail"];

describe.each<FixtureCloud>(["AzureCloud", "AzureUSGovernment"])("BIND takes the %s artefacts", (cloud) => {
  let files: ArtefactFiles;
  beforeAll(async () => {
    files = await writeFixtureArtefacts(cloud);
  });
  afterAll(async () => {
    await files.remove();
  });

  it("every zone file passes named-checkzone with all checks fatal", async (context) => {
    const checkzone = dnsTool(context, "named-checkzone", "bind9-utils");
    const zoneFiles = [...files.paths].filter(([name]) => name.endsWith(".zone"));
    expect(zoneFiles).toHaveLength(4);
    for (const [name, path] of zoneFiles) {
      const zone = name.slice("bind/".length, -".zone".length);
      const run = await runTool(checkzone, [...STRICT, zone, path]);
      expect(run, run.output).toMatchObject({ code: 0 });
      expect(run.output).toContain("OK");
    }
  });

  it("named-checkconf -z loads every zone the named.conf snippet declares", async (context) => {
    const checkconf = dnsTool(context, "named-checkconf", "bind9-utils");
    const run = await runTool(checkconf, ["-z", artefactPath(files, "bind/named.conf.zones")]);
    expect(run, run.output).toMatchObject({ code: 0 });
    expect(run.output.match(/loaded serial/g)).toHaveLength(4);
  });

  it("named-checkconf accepts the forward zones", async (context) => {
    const checkconf = dnsTool(context, "named-checkconf", "bind9-utils");
    const run = await runTool(checkconf, [artefactPath(files, "forwarders/named.conf")]);
    expect(run, run.output).toMatchObject({ code: 0 });
  });

  it("named-checkzone refuses a zone file with a broken record, so the checks above can fail", async (context) => {
    const checkzone = dnsTool(context, "named-checkzone", "bind9-utils");
    const [name, path] = [...files.paths].find(([n]) => n.includes(".backup.")) ?? ["", ""];
    const broken = join(files.directory, "broken.zone");
    await writeFile(
      broken,
      (await readFile(path, "utf8")).replace(/IN A (\d+\.\d+\.\d+)\.\d+/, "IN A $1.300"),
    );
    const run = await runTool(checkzone, [...STRICT, name.slice("bind/".length, -".zone".length), broken]);
    expect(run.code).not.toBe(0);
  });
});
