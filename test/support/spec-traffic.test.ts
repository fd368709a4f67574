import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { exchangeRecorder } from "../../src/sandbox/exchange-recorder.js";
import { type RecordedExchange, startSandbox } from "../../src/sandbox/server.js";
import { arm, VAULTS, VAULTS_RG } from "../sandbox/arm-requests.js";
import { checkRecordedTraffic, describeTrafficCheck } from "./spec-traffic.js";

/*
 * The run-wide check of sandbox traffic (spec-traffic.ts, reported by passed-failed-reporter.ts): what a sandbox
 * records, and that a recorded answer which breaks the specs is reported under its test file.
 */
let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function recordedBy(folder: string): Promise<RecordedExchange[]> {
  const [file] = await readdir(folder);
  const text = await readFile(join(folder, file as string), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RecordedExchange);
}

describe("the check of every sandbox exchange of a test run", () => {
  it("records each exchange in full, without the credential", async () => {
    dir = await mkdtemp(join(tmpdir(), "vaultlink-traffic-"));
    const exchanges: RecordedExchange[] = [];
    const recorder = exchangeRecorder(dir);
    const sandbox = await startSandbox({ onExchange: (e) => exchanges.push(e) });
    try {
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu`, { apiVersion: VAULTS });
    } finally {
      await sandbox.close();
    }
    for (const exchange of exchanges) recorder?.record(exchange);
    recorder?.flush();
    const [written] = await recordedBy(dir);
    expect(written?.responseBody).toEqual(exchanges[0]?.responseBody);
    expect(Object.keys(written?.requestHeaders ?? {}).map((h) => h.toLowerCase())).not.toContain(
      "authorization",
    );
  });

  it("passes what the sandbox answered, and names the test file of an answer that breaks the specs", async () => {
    dir = await mkdtemp(join(tmpdir(), "vaultlink-traffic-"));
    const folder = join(dir, encodeURIComponent("test/made-up.test.ts"));
    await mkdir(folder);
    const recorder = exchangeRecorder(folder);
    const sandbox = await startSandbox({ onExchange: (e) => recorder?.record(e) });
    try {
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu`, { apiVersion: VAULTS });
      await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu`, { apiVersion: "1999-01-01" });
    } finally {
      await sandbox.close();
    }
    recorder?.flush();
    const clean = await checkRecordedTraffic(dir);
    expect(clean && describeTrafficCheck(clean)).toMatch(
      /: 2 exchanges of 1 sandboxes .*1 refused .*, 0 violations\./,
    );

    const [served] = await recordedBy(folder);
    const broken = { ...served, responseBody: { ...(served?.responseBody as object), colour: "blue" } };
    await writeFile(join(folder, "broken.jsonl"), `${JSON.stringify(broken)}\n`, "utf8");
    const check = await checkRecordedTraffic(dir);
    expect([...(check?.violations.keys() ?? [])]).toEqual(["test/made-up.test.ts"]);
    expect(describeTrafficCheck(check as NonNullable<typeof check>)).toContain(
      'response: property "colour" is not in the spec',
    );
  });
});
