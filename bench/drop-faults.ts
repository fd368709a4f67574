// Benchmark (prints figures; not a test): `vaultlink apply --yes` of the private-zones example, the built CLI as a
// user runs it, timed from start to the process's exit, against a sandbox that closes one connection in five with
// no answer (`--faults drop:0.2`) and against a fault-free one, both with the latencies of apply-critical-path.ts.
// A closed connection should cost about the SDK's retry delay (about a second), never a request timeout, and the
// process should exit when the apply is done: the goal is within 3x the fault-free run.
import { execFile } from "node:child_process";
import type { FaultSchedule } from "../src/sandbox/faults.js";
import { parseLatencyProfile } from "../src/sandbox/latency.js";
import { startSandbox } from "../src/sandbox/server.js";

const PLAN = "examples/private-zones.plan.json";
const LATENCY = "lro=3000ms,write=40ms,read=15ms";

export interface DropFigures {
  readonly faultFreeMs: number;
  readonly droppedMs: number;
  /** Connections the sandbox closed during the faulted run. */
  readonly drops: number;
  readonly requests: number;
}

async function timedApply(
  faults: FaultSchedule | undefined,
): Promise<{ ms: number; drops: number; requests: number }> {
  const sandbox = await startSandbox({
    latency: parseLatencyProfile(LATENCY),
    seed: "bench",
    ...(faults === undefined ? {} : { faults }),
  });
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ["bin/vaultlink", "apply", PLAN, "--yes", "--sandbox", sandbox.url],
        { env: { ...process.env, NO_COLOR: "1" }, timeout: 600_000 },
        (error, _stdout, stderr) =>
          error === null ? resolve() : reject(new Error(`apply failed: ${stderr}`)),
      ),
    );
    const ms = performance.now() - started;
    const log = sandbox.requestLog();
    return { ms, drops: log.filter((e) => e.status === 0).length, requests: log.length };
  } finally {
    await sandbox.close();
  }
}

export async function benchDropFaults(seed = 7): Promise<DropFigures> {
  const faultFree = await timedApply(undefined);
  const dropped = await timedApply({ seed, rates: { drop: 0.2 }, retryAfterSeconds: 0 });
  return {
    faultFreeMs: faultFree.ms,
    droppedMs: dropped.ms,
    drops: dropped.drops,
    requests: dropped.requests,
  };
}
