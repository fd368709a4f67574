import { describe, expect, it } from "vitest";
import { type AzureAdapter, createAzureAdapter } from "../../src/azure/adapter.js";
import type { AzureClientOptions } from "../../src/azure/client-factory.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { UserError } from "../../src/core/user-error.js";
import { applyPlan } from "../../src/engine/apply.js";
import { stillRunningText } from "../../src/engine/operations-in-progress.js";
import { readPlanFile } from "../../src/engine/plan-file.js";
import { previewPlan } from "../../src/engine/preview.js";
import { armChecks } from "../../src/engine/verify-checks.js";
import { FAULT_KINDS, type FaultSchedule } from "../../src/sandbox/faults.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import type { SandboxState } from "../../src/sandbox/state.js";

/** Seeded runs per test run; VAULTLINK_FAULT_RUNS raises it for a longer run. */
const RUNS = Number(process.env.VAULTLINK_FAULT_RUNS ?? 50);
/** Runs in flight at once: each spends most of its time waiting on its own sandbox. */
const PARALLEL_RUNS = 4;
const FAULT_RATE = 0.2;
const STACK_FRAME = /\n\s+at .+[:(]/;

/** Every kind, an equal share of the 20%. Retry-After 0 keeps the throttled retries immediate. */
function faultSchedule(seed: number): FaultSchedule {
  const share = FAULT_RATE / FAULT_KINDS.length;
  return { seed, rates: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, share])), retryAfterSeconds: 0 };
}

/**
 * Small timings so that 50 runs stay fast: a held request is given up on after 250 ms (the product waits 90 s),
 * retries wait a few milliseconds (the SDK's 1 s, doubled each time), polls 5 ms.
 */
const CLIENT: AzureClientOptions = { pollIntervalMs: 5, requestTimeoutMs: 250, retryDelayMs: 5 };
/**
 * The re-run has no faults, so nothing is held: a generous timeout keeps a slow, loaded machine (a CI runner,
 * other suites in parallel) from turning an answer that is merely late into a stop.
 */
const CLIENT_WITHOUT_FAULTS: AzureClientOptions = { ...CLIENT, requestTimeoutMs: 30_000 };

type Attempt =
  | { readonly kind: "converged" }
  | { readonly kind: "stopped"; readonly errors: readonly unknown[] };

/** What `vaultlink apply --yes` does, through the engine: preview, refuse blocked actions, apply. */
async function applyOnce(adapter: AzureAdapter, plan: Plan): Promise<Attempt> {
  try {
    const result = await applyPlan(adapter, plan, { refresh: false, confirm: async () => true });
    if (result.kind === "stale") return { kind: "stopped", errors: [new Error("preview found drift")] };
    if (result.kind === "blocked")
      return { kind: "stopped", errors: [new Error(`blocked: ${result.preview.blockers[0]?.subject}`)] };
    // Operations still running when the wait ended: nothing was written, and the run has not converged.
    if (result.kind === "inProgress")
      return {
        kind: "stopped",
        errors: [
          new UserError(stillRunningText(result.still), { hint: "Run apply again once they have ended." }),
        ],
      };
    if (result.kind !== "applied") return { kind: "converged" };
    const { outcome } = result;
    if (outcome.failed.length === 0 && outcome.skipped.length === 0) return { kind: "converged" };
    return { kind: "stopped", errors: outcome.failed.map((f) => f.error) };
  } catch (error) {
    return { kind: "stopped", errors: [error] };
  }
}

/** A clear message: a UserError that names what failed, with a hint, and no stack trace. */
function unclearErrors(errors: readonly unknown[]): string[] {
  return errors
    .filter(
      (error) =>
        !(error instanceof UserError) ||
        error.hint === undefined ||
        STACK_FRAME.test(error.message) ||
        error.message.length > 2000,
    )
    .map((error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
}

/** A short name for why a write or read gave up: a failed operation, or ARM's code. */
function stopReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes("then the operation failed")) return "operation Failed";
  return /\(([A-Z]\w+): /.exec(message)?.[1] ?? message.slice(0, 80);
}

/**
 * Each resource by type and place: its id in lower case, the sandbox's generated NIC suffix (`pe.nic.<guid>`)
 * left out, so two NICs made for one endpoint count as a duplicate and runs with other seeds compare equal.
 */
function resourceKeys(state: SandboxState): string[] {
  return state.resources
    .map((r) => `${r.type.toLowerCase()} ${r.id.toLowerCase().replace(/\.nic\.[0-9a-f-]+$/, ".nic.*")}`)
    .sort();
}

/** What a run leaves behind, to compare with a run without faults. */
interface RunResult {
  readonly seed: number;
  readonly first: Attempt;
  readonly rerun: Attempt;
  /** Actions the preview after the re-run still wants to carry out. */
  readonly pendingAfterRerun: readonly string[];
  readonly checks: readonly string[];
  readonly resources: readonly string[];
  readonly duplicates: readonly string[];
  readonly deletes: number;
  readonly faultStatuses: ReadonlyMap<number, number>;
}

async function seededRun(plan: Plan, seed: number, faults: boolean): Promise<RunResult> {
  const sandbox: RunningSandbox = await startSandbox({
    seed: `fault-run-${seed}`,
    ...(faults ? { faults: faultSchedule(seed) } : {}),
  });
  try {
    const target = { kind: "sandbox", url: new URL(sandbox.url) } as const;
    const adapter = await createAzureAdapter(target, faults ? CLIENT : CLIENT_WITHOUT_FAULTS);
    const first = await applyOnce(adapter, plan);
    const faulted = sandbox.requestLog().length;
    sandbox.setFaults(undefined);
    const calm = await createAzureAdapter(target, CLIENT_WITHOUT_FAULTS);
    const rerun = first.kind === "converged" ? first : await applyOnce(calm, plan);
    const after = await previewPlan(calm, plan, { refresh: false });
    const final = sandbox.snapshot();
    const faultStatuses = new Map<number, number>();
    for (const entry of sandbox.requestLog().slice(0, faulted)) {
      if (entry.status === 0 || entry.status === 429 || entry.status >= 500)
        faultStatuses.set(entry.status, (faultStatuses.get(entry.status) ?? 0) + 1);
    }
    return {
      seed,
      first,
      rerun,
      pendingAfterRerun:
        after.kind === "stale"
          ? ["drift"]
          : after.actions.filter((a) => a.kind !== "noChange").map((a) => `${a.kind} ${a.id}`),
      checks: armChecks(plan, after.observed).map((c) => `${c.status} ${c.title}`),
      resources: resourceKeys(final),
      duplicates: resourceKeys(final).filter((key, i, all) => all.indexOf(key) !== i),
      deletes: sandbox.requestLog().filter((entry) => entry.method === "DELETE").length,
      faultStatuses,
    };
  } finally {
    await sandbox.close();
  }
}

/** Runs `work` for every seed, a few at once, in seed order of results. */
async function forEachSeed<T>(seeds: readonly number[], work: (seed: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(seeds.length);
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const index = next++;
      results[index] = await work(seeds[index] as number);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_RUNS }, worker));
  return results;
}

describe(`${RUNS} seeded runs of a multi-VNet + secondary plan with ${FAULT_RATE * 100}% of requests faulted`, () => {
  it("each converges or stops with a clear message, a re-run without faults converges, no duplicate, no DELETE", async () => {
    const plan = await readPlanFile("examples/private-zones.plan.json");
    const reference = await seededRun(plan, 0, false);
    expect(reference.first.kind).toBe("converged");
    expect(reference.pendingAfterRerun).toEqual([]);

    const seeds = Array.from({ length: RUNS }, (_, i) => i + 1);
    const started = performance.now();
    const runs = await forEachSeed(seeds, (seed) => seededRun(plan, seed, true));
    const elapsed = performance.now() - started;

    for (const run of runs) {
      const context = `seed ${run.seed}`;
      if (run.first.kind === "stopped") expect(unclearErrors(run.first.errors), context).toEqual([]);
      expect(run.rerun.kind === "stopped" ? unclearErrors(run.rerun.errors) : [], context).toEqual([]);
      expect(run.rerun.kind, context).toBe("converged");
      expect(run.pendingAfterRerun, context).toEqual([]);
      expect(run.checks, context).toEqual(reference.checks);
      expect(run.duplicates, context).toEqual([]);
      expect(run.resources, context).toEqual(reference.resources);
      expect(run.deletes, context).toBe(0);
    }

    const faults = new Map<number, number>();
    for (const run of runs) for (const [s, n] of run.faultStatuses) faults.set(s, (faults.get(s) ?? 0) + n);
    const converged = runs.filter((run) => run.first.kind === "converged").length;
    const reasons = new Map<string, number>();
    for (const run of runs) {
      for (const error of run.first.kind === "stopped" ? run.first.errors : []) {
        const reason = stopReason(error);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    console.log(
      `fault runs: ${RUNS} seeds, ${converged} converged at once (${Math.round((100 * converged) / RUNS)}%), ` +
        `${RUNS - converged} stopped with a message and converged on the re-run; faulted answers by status ` +
        `${JSON.stringify(Object.fromEntries([...faults].sort(([a], [b]) => a - b)))}; ` +
        `why the stopped ones stopped: ${JSON.stringify(Object.fromEntries(reasons))}; ${Math.round(elapsed)} ms`,
    );
  }, 180_000);
});
