import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORD_DIR_VARIABLE } from "../../src/sandbox/exchange-recorder.js";
import {
  type CheckedExchange,
  checkExchanges,
  describeViolations,
  isUnvendoredProvider,
  type SpecViolation,
  type TrafficTally,
} from "./spec-conformance.js";

/**
 * Vitest's global setup: every HTTP exchange any sandbox of the test run serves (in the test workers and in the
 * vaultlink processes the tests start) is recorded to a directory (src/sandbox/exchange-recorder.ts), one folder per
 * test file (spec-traffic-per-file.ts), and checked against the vendored ARM specs when the run ends, by
 * passed-failed-reporter.ts. One violation fails the run, naming the test file, the exchange and what is wrong. Requests the sandbox refused (4xx) may break
 * the spec, since tests send some on purpose, but their answers must be ARM errors.
 */
export const TRAFFIC_ROOT_VARIABLE = "VAULTLINK_TEST_SANDBOX_TRAFFIC";

let root: string | undefined;

export async function setup(): Promise<void> {
  root = await mkdtemp(join(tmpdir(), "vaultlink-sandbox-traffic-"));
  process.env[TRAFFIC_ROOT_VARIABLE] = root;
  process.env[RECORD_DIR_VARIABLE] = root;
}

async function jsonLines(file: string): Promise<CheckedExchange[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as CheckedExchange);
}

/** Every recorded file under `dir`, by the test file whose folder it is in ("" for none). */
async function recordings(dir: string): Promise<{ testFile: string; exchanges: CheckedExchange[] }[]> {
  const out: { testFile: string; exchanges: CheckedExchange[] }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".jsonl")) continue;
    const testFile =
      entry.parentPath === dir ? "" : decodeURIComponent(entry.parentPath.slice(dir.length + 1));
    out.push({ testFile, exchanges: await jsonLines(join(entry.parentPath, entry.name)) });
  }
  return out;
}

/** What the check of a run's recorded traffic found. */
export interface TrafficCheck {
  readonly exchanges: number;
  readonly sandboxes: number;
  readonly tally: TrafficTally;
  /** Exchanges with a provider that has no vendored spec, not checked (isUnvendoredProvider). */
  readonly unvendored: number;
  /** Exchanges of the third-party client tests (test/clients), checked like the others. */
  readonly thirdParty: number;
  /** Violations by test file ("" for traffic recorded outside any test file). */
  readonly violations: ReadonlyMap<string, readonly SpecViolation[]>;
}

/** Checks every exchange recorded so far in this run (or under `dir`); undefined outside a run set up by {@link setup}. */
export async function checkRecordedTraffic(
  dir = process.env[TRAFFIC_ROOT_VARIABLE],
): Promise<TrafficCheck | undefined> {
  if (dir === undefined) return undefined;
  const files = await recordings(dir);
  const violations = new Map<string, SpecViolation[]>();
  let exchanges = 0;
  const tally: TrafficTally = { exact: 0, nearest: 0, polls: 0, refused: 0, unmatched: 0 };
  let unvendored = 0;
  let thirdParty = 0;
  for (const { testFile, exchanges: all } of files) {
    exchanges += all.length;
    // Third-party clients (az CLI 2.45, Debian's Python SDK) send api-versions no spec here is vendored for: their
    // exchanges are held to the vendored neighbour version, like everyone's (counted as "nearest").
    if (testFile.startsWith("test/clients/")) thirdParty += all.length;
    // Providers the sandbox serves without a vendored spec (README "What the sandbox serves") are counted apart.
    const recorded = all.filter((e) => !isUnvendoredProvider(e.path));
    unvendored += all.length - recorded.length;
    const found = await checkExchanges(recorded, { allowRefusedRequests: true, nearestVersion: true, tally });
    if (found.length > 0) violations.set(testFile, [...(violations.get(testFile) ?? []), ...found]);
  }
  return { exchanges, sandboxes: files.length, tally, unvendored, thirdParty, violations };
}

/** The report of a check, one block per test file. */
export function describeTrafficCheck(check: TrafficCheck): string {
  const { exact, nearest, polls, refused, unmatched } = check.tally;
  const head =
    `Sandbox traffic against the vendored ARM specs: ${check.exchanges} exchanges of ${check.sandboxes} sandboxes ` +
    `(${exact} checked against their own api-version, ${nearest} against a vendored neighbour version, ${polls} ` +
    `operation polls, ${refused} refused with a 4xx, ${unmatched} unmatched; ${check.unvendored} to a provider with no vendored spec, unchecked; ${check.thirdParty} from third-party clients, checked), ` +
    `${[...check.violations.values()].flat().length} violations.`;
  const blocks = [...check.violations].map(
    ([file, list]) => `${file === "" ? "(outside any test file)" : file}:\n${describeViolations(list)}`,
  );
  return [head, ...blocks].join("\n\n");
}

export async function teardown(): Promise<void> {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
}
