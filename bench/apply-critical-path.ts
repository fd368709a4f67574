// Benchmark (prints figures; not a test): applying the private-zones example (three endpoint VNets, one of them
// in the paired region for cross-region restore, plus an extra workload VNet) to the sandbox with realistic
// latencies, against two yardsticks: the critical path of its action graph (the longest chain of dependent
// writes, each as long as it really took) and the fewest ARM requests the plan could take.
import { readFileSync } from "node:fs";
import { createAzureAdapter } from "../src/azure/adapter.js";
import { parsePlanText } from "../src/core/plan/plan-codec.js";
import type { Action } from "../src/engine/action.js";
import { executeActions } from "../src/engine/execute-actions.js";
import { previewPlan } from "../src/engine/preview.js";
import { parseLatencyProfile } from "../src/sandbox/latency.js";
import { startSandbox } from "../src/sandbox/server.js";

const PLAN = "examples/private-zones.plan.json";
const LATENCY = "lro=3000ms,write=40ms,read=15ms";
const WRITES = new Set(["PUT", "PATCH", "POST", "DELETE"]);

export interface ApplyFigures {
  readonly actions: number;
  readonly applyMs: number;
  readonly criticalPathMs: number;
  readonly requests: number;
  readonly minimalRequests: number;
  readonly replayWrites: number;
  /** ARM reads (GET) of the replay, preview and apply both. */
  readonly replayReads: number;
  /** Resources the plan names: one action each, whether created, updated or already there. */
  readonly plannedResources: number;
  readonly dryRunMs: number;
}

/** The longest chain of dependent actions, each weighted by how long it took. */
function criticalPath(actions: readonly Action[], took: ReadonlyMap<string, number>): number {
  const byId = new Map(actions.map((a) => [a.id.toLowerCase(), a]));
  const memo = new Map<string, number>();
  const finish = (action: Action): number => {
    const key = action.id.toLowerCase();
    const known = memo.get(key);
    if (known !== undefined) return known;
    const start = Math.max(
      0,
      ...action.dependsOn
        .map((id) => byId.get(id.toLowerCase()))
        .filter((a) => a !== undefined)
        .map(finish),
    );
    const end = start + (took.get(key) ?? 0);
    memo.set(key, end);
    return end;
  };
  return Math.max(...actions.map(finish));
}

/**
 * A dry run of the plan against a sandbox of its own, untimed: the adapter imports each SDK package when a read first
 * needs it (client-factory.ts), and through tsx that is compiling the package, which is not the dry run's work.
 */
async function loadWhatADryRunUses(plan: ReturnType<typeof parsePlanText>): Promise<void> {
  const sandbox = await startSandbox({ seed: "bench-warm-up" });
  try {
    const adapter = await createAzureAdapter({ kind: "sandbox", url: new URL(sandbox.url) });
    await previewPlan(adapter, plan, { refresh: false });
  } finally {
    await sandbox.close();
  }
}

export async function benchApply(concurrency: number): Promise<ApplyFigures> {
  const plan = parsePlanText(readFileSync(PLAN, "utf8"), PLAN);
  await loadWhatADryRunUses(plan);
  const sandbox = await startSandbox({ latency: parseLatencyProfile(LATENCY), seed: "bench" });
  try {
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 100 },
    );
    const dryRunStarted = performance.now();
    const preview = await previewPlan(adapter, plan, { refresh: false });
    const dryRunMs = performance.now() - dryRunStarted;
    if (preview.kind !== "ready") throw new Error("the example plan is stale against a fresh demo tenant");
    const readsBefore = sandbox.requestLog().length;

    const took = new Map<string, number>();
    const started = performance.now();
    const outcome = await executeActions(adapter, preview.actions, {
      concurrency,
      onEvent: (event) => {
        if (event.type === "succeeded") took.set(event.action.id.toLowerCase(), event.durationMs);
      },
    });
    const applyMs = performance.now() - started;
    if (outcome.failed.length > 0) throw new Error(outcome.failed.map((f) => f.error.message).join("; "));
    const log = [...sandbox.requestLog()];
    const writes = log.filter((e) => WRITES.has(e.method)).length;
    // Fewest requests: the preview's reads, one request per write, and one read to learn that long-running writes
    // (answered 201/202 with a polling URL) are done: a status poll for a write alone, one list for writes of one
    // collection (a zone's links) sent within a second of each other. Apply needs no read of each result: the status
    // monitor's Succeeded, or the list showing the resource Succeeded as requested, is the write's final answer.
    const longRunning = log.filter((e) => WRITES.has(e.method) && (e.status === 201 || e.status === 202));
    const together = new Map<string, number>();
    let ends = 0;
    for (const write of longRunning) {
      const collection = write.path.toLowerCase().replace(/\/[^/]+$/, "");
      const at = Date.parse(write.time);
      const first = together.get(collection);
      if (first !== undefined && at - first <= 1000) continue;
      together.set(collection, at);
      ends += 1;
    }
    const minimalRequests = readsBefore + writes + ends;

    // The replay of the applied plan, as `vaultlink apply` does it: its preview and then its actions.
    const beforeReplay = sandbox.requestLog().length;
    const replay = await previewPlan(adapter, plan, { refresh: false });
    if (replay.kind !== "ready") throw new Error("stale on replay");
    await executeActions(adapter, replay.actions, { concurrency, onEvent: () => {} });
    const replayLog = sandbox.requestLog().slice(beforeReplay);
    const replayWrites = replayLog.filter((e) => WRITES.has(e.method)).length;
    const replayReads = replayLog.filter((e) => e.method === "GET").length;

    return {
      actions: outcome.succeeded.length,
      applyMs,
      criticalPathMs: criticalPath(preview.actions, took),
      requests: log.length,
      minimalRequests,
      replayWrites,
      replayReads,
      plannedResources: replay.actions.length,
      dryRunMs,
    };
  } finally {
    await sandbox.close();
  }
}
