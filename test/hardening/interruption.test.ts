import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LatencyProfile } from "../../src/sandbox/latency.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import type { SandboxState } from "../../src/sandbox/state.js";

/** Kill points per test run; VAULTLINK_KILL_POINTS raises it. */
const KILL_POINTS = Number(process.env.VAULTLINK_KILL_POINTS ?? 12);
/** Kill points in flight at once: each spends most of its time waiting on its sandbox's operations. */
const PARALLEL = 3;
/**
 * Latencies on: every long-running operation takes 400 ms, so a kill lands while some are still running. The
 * sandbox's Retry-After rounds it up to 1 s, which the CLI waits out before its first poll.
 */
const LATENCY: LatencyProfile = { read: 5, write: 10, lro: 400 };
const EXAMPLE = "examples/private-zones.plan.json";

interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `vaultlink apply PLAN --sandbox URL --yes` as its own process, on the built bundle. */
function startApply(plan: string, sandbox: RunningSandbox): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ["bin/vaultlink", "apply", plan, "--sandbox", sandbox.url, "--yes"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const done = new Promise<CliRun>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Each resource by type and id; the sandbox's generated NIC suffix left out (see fault-runs.test.ts). */
function resourceKeys(state: SandboxState): string[] {
  return state.resources
    .map((r) => `${r.type.toLowerCase()} ${r.id.toLowerCase().replace(/\.nic\.[0-9a-f-]+$/, ".nic.*")}`)
    .sort();
}

const writesIn = (sandbox: RunningSandbox, from: number) =>
  sandbox
    .requestLog()
    .slice(from)
    .filter((e) => e.method !== "GET").length;

interface KillResult {
  readonly killAfter: number;
  readonly killed: CliRun;
  readonly rerun: CliRun;
  readonly check: CliRun;
  readonly writesInCheck: number;
  readonly deletes: number;
  readonly resources: readonly string[];
  readonly planIntact: boolean;
}

let directory: string;
let original: Buffer;
beforeAll(async () => {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  directory = await mkdtemp(join(tmpdir(), "vaultlink-kill-"));
  original = await readFile(EXAMPLE);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/**
 * One kill point: apply until the sandbox has answered `killAfter` requests, SIGKILL the process there (from the
 * sandbox's own answer hook: no timer decides when), then apply again, then once more to see nothing is left.
 * `killAfter` undefined runs a clean apply, for reference.
 */
async function killAndRerun(
  killAfter: number | undefined,
): Promise<KillResult & { readonly requests: number }> {
  const plan = join(directory, `kill-${killAfter ?? "none"}.plan.json`);
  await copyFile(EXAMPLE, plan);
  let answered = 0;
  let target: ChildProcess | undefined;
  const sandbox = await startSandbox({
    latency: LATENCY,
    seed: "interruption",
    onExchange: () => {
      answered++;
      if (answered === killAfter) target?.kill("SIGKILL");
    },
  });
  try {
    const first = startApply(plan, sandbox);
    target = first.child;
    const killed = await first.done;
    const requests = sandbox.requestLog().length;
    target = undefined;
    const rerun = await startApply(plan, sandbox).done;
    const before = sandbox.requestLog().length;
    const check = await startApply(plan, sandbox).done;
    return {
      killAfter: killAfter ?? 0,
      requests,
      killed,
      rerun,
      check,
      writesInCheck: writesIn(sandbox, before),
      deletes: sandbox.requestLog().filter((e) => e.method === "DELETE").length,
      resources: resourceKeys(sandbox.snapshot()),
      planIntact: (await readFile(plan)).equals(original),
    };
  } finally {
    await sandbox.close();
  }
}

describe(`kill -9 of vaultlink apply at ${KILL_POINTS} points of a long apply`, () => {
  it("each re-run converges: nothing left to do, no duplicate, no DELETE, the plan file byte for byte intact", async () => {
    const started = performance.now();
    const reference = await killAndRerun(undefined);
    expect(reference.killed.code, reference.killed.stderr).toBe(0);
    const total = reference.requests;

    // Spread over the whole apply: the reads of the preview, the first writes, the polls, the last writes.
    const points = Array.from({ length: KILL_POINTS }, (_, i) =>
      Math.max(1, Math.round(((i + 1) * (total - 1)) / (KILL_POINTS + 1))),
    );
    const results: KillResult[] = [];
    for (let i = 0; i < points.length; i += PARALLEL) {
      results.push(...(await Promise.all(points.slice(i, i + PARALLEL).map((n) => killAndRerun(n)))));
    }

    for (const result of results) {
      const context = `killed after ${result.killAfter} of ${total} requests: re-run ${result.rerun.stderr.slice(0, 600)}; then ${result.check.stdout.slice(-1500)} ${result.check.stderr.slice(0, 1500)}`;
      expect(result.killed.signal, context).toBe("SIGKILL");
      expect(result.rerun.code, context).toBe(0);
      expect(result.check.code, context).toBe(0);
      expect(result.check.stdout, context).toContain("Nothing to do: Azure already matches the plan.");
      expect(result.writesInCheck, context).toBe(0);
      expect(result.deletes, context).toBe(0);
      expect(result.resources, context).toEqual(reference.resources);
      expect(result.planIntact, context).toBe(true);
    }
    console.log(
      `interruption: a clean apply makes ${total} requests; killed after ${points.join(", ")}; ` +
        `every re-run converged; ${Math.round(performance.now() - started)} ms`,
    );
  }, 120_000);
});
