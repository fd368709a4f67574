import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { cloudFor } from "../../src/core/clouds.js";
import { bindSerialOf, renderBindZoneFiles } from "../../src/core/dns/bind-zone-files.js";
import { type DnsRecordSet, dnsRecordSetFor } from "../../src/core/dns/record-set.js";
import { VAULT_ID, VAULT_NUMBER } from "../core/dns/vault-fixture.js";
import { dnsTool } from "./dns-tool.js";
import { runTool } from "./run-tool.js";

const ZONE = "privatelink.we.backup.windowsazure.com";
const FILE = `${ZONE}.zone`;

/** The vault's records on one day: fc1 at `fc1`, plus id1 when given. */
function records(fc1: string, id1?: string): DnsRecordSet {
  const configs = [
    { fqdn: `${VAULT_NUMBER}-ab-pod01-fc1.${ZONE}`, ipAddresses: [fc1] },
    ...(id1 === undefined ? [] : [{ fqdn: `${VAULT_NUMBER}-ab-pod01-id1.${ZONE}`, ipAddresses: [id1] }]),
  ];
  return dnsRecordSetFor(VAULT_ID, cloudFor("AzureCloud"), [{ name: "pe", customDnsConfigs: configs }]);
}

/** One resync: the zone file rendered over the one it replaces (as `vaultlink dns --out DIR` does). */
function resync(set: DnsRecordSet, today: Date, previous?: string): string {
  const [file] = renderBindZoneFiles(set, {
    today,
    previous: new Map(previous === undefined ? [] : [[FILE, previous]]),
  });
  if (file === undefined) throw new Error("no zone file");
  return file.text;
}

const DAY_1 = new Date("2026-12-04T08:00:00Z");
const DAY_1_LATER = new Date("2026-12-04T23:59:00Z");
const DAY_2 = new Date("2026-12-05T00:01:00Z");

describe("BIND zone serials only go up across resyncs", () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-serial-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** The serial named-checkzone loads from the file (all its checks fatal). */
  async function loadedSerial(context: TestContext, text: string, name: string): Promise<number> {
    const checkzone = dnsTool(context, "named-checkzone", "bind9-utils");
    const path = join(directory, name);
    await writeFile(path, text);
    const run = await runTool(checkzone, ["-k", "fail", "-n", "fail", "-m", "fail", ZONE, path]);
    expect(run, run.output).toMatchObject({ code: 0 });
    const serial = /loaded serial (\d+)/.exec(run.output)?.[1];
    if (serial === undefined) throw new Error(run.output);
    return Number(serial);
  }

  it("dated YYYYMMDDnn: +1 for a second change the same day, the new date the next day, unchanged records keep theirs", async (context) => {
    const first = resync(records("10.0.0.4"), DAY_1);
    const unchanged = resync(records("10.0.0.4"), DAY_1_LATER, first);
    const sameDay = resync(records("10.0.0.5"), DAY_1_LATER, unchanged);
    const sameDayAgain = resync(records("10.0.0.5", "10.0.0.6"), DAY_1_LATER, sameDay);
    const nextDay = resync(records("10.0.0.4", "10.0.0.6"), DAY_2, sameDayAgain);

    expect(unchanged).toBe(first);
    const serials = [
      await loadedSerial(context, first, "1.zone"),
      await loadedSerial(context, sameDay, "2.zone"),
      await loadedSerial(context, sameDayAgain, "3.zone"),
      await loadedSerial(context, nextDay, "4.zone"),
    ];
    expect(serials).toEqual([2026120400, 2026120401, 2026120402, 2026120500]);
  });

  it("a zone whose serial is above today's date (an older content-derived serial, or 100 changes in a day) gets previous + 1", async (context) => {
    const old = resync(records("10.0.0.4"), DAY_1).replace("2026120400", "2147480001");
    expect(bindSerialOf(old)).toBe(2147480001);
    const next = resync(records("10.0.0.9"), DAY_2, old);
    expect(await loadedSerial(context, next, "old.zone")).toBe(2147480002);
  });

  it("the clock going back a day does not lower the serial", async (context) => {
    const later = resync(records("10.0.0.4"), DAY_2);
    const earlierClock = resync(records("10.0.0.7"), DAY_1, later);
    expect(await loadedSerial(context, earlierClock, "back.zone")).toBeGreaterThan(
      await loadedSerial(context, later, "later.zone"),
    );
  });
});
