import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AzureAdapter, allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { type ApplyEvent, type ApplyOutcome, applyPlan } from "../../src/engine/apply.js";
import { type Preview, previewPlan } from "../../src/engine/preview.js";
import { startSandbox } from "../../src/sandbox/server.js";
import { useAdapterSession } from "../azure/sandbox-session.js";
import { changesTenant } from "../support/tenant-writes.js";

const EXAMPLES = ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"];

function readExample(path: string): Plan {
  return parsePlanText(readFileSync(path, "utf8"), path);
}

function ready(preview: Preview) {
  if (preview.kind !== "ready") throw new Error(`preview is ${preview.kind}`);
  return preview;
}

const NOTHING_DONE: ApplyOutcome = { succeeded: [], failed: [], skipped: [], held: [], interrupted: false };

/** One run of the engine's apply path, confirmed: the actions it previewed, what it did, and its events. */
async function applyAll(
  adapter: AzureAdapter,
  plan: Plan,
  signal?: AbortSignal,
  onEvent?: (e: ApplyEvent) => void,
) {
  const events: ApplyEvent[] = [];
  const result = await applyPlan(adapter, plan, {
    refresh: false,
    confirm: async () => true,
    concurrency: onEvent === undefined ? 4 : 1,
    onEvent: (e) => {
      if (e.type === "previewed") return;
      events.push(e);
      onEvent?.(e);
    },
    ...(signal === undefined ? {} : { signal }),
  });
  if (result.kind === "stale" || result.kind === "blocked") throw new Error(`the plan is ${result.kind}`);
  const outcome = result.kind === "applied" ? result.outcome : NOTHING_DONE;
  return { actions: result.preview.actions, outcome, events, kind: result.kind };
}

describe.each(EXAMPLES)("the example %s against the demo tenant", (path) => {
  const session = useAdapterSession();

  it("previews creates with zero writes, applies, then a second apply writes nothing", async () => {
    const { adapter, sandbox } = session();
    const plan = readExample(path);

    const preview = ready(await previewPlan(adapter, plan, { refresh: false }));
    expect(preview.actions.filter((a) => a.kind === "blocked")).toEqual([]);
    expect(preview.actions.filter((a) => a.kind === "create").length).toBeGreaterThanOrEqual(
      plan.endpoints.length,
    );
    expect(sandbox.requestLog().filter((entry) => changesTenant(entry))).toEqual([]);

    const first = await applyAll(adapter, plan);
    expect(first.outcome.failed).toEqual([]);
    expect(first.outcome.skipped).toEqual([]);
    for (const endpoint of plan.endpoints) {
      const created = await allPages(
        adapter.listPrivateEndpoints({
          subscriptionId: endpoint.subnetId.split("/")[2] ?? "",
          resourceGroup: endpoint.subnetId.split("/")[4] ?? "",
        }),
      );
      expect(created.filter((e) => e.name === endpoint.name)).toHaveLength(1);
    }

    const writesBefore = sandbox.requestLog().filter((entry) => changesTenant(entry)).length;
    const replay = await applyAll(adapter, plan);
    expect(replay.kind).toBe("unchanged");
    // Only what waits for a vault owner's manual approval is left (public access Deny in the custom-DNS example).
    expect(replay.actions.filter((a) => a.kind !== "noChange" && a.kind !== "waiting")).toEqual([]);
    expect(sandbox.requestLog().filter((entry) => changesTenant(entry))).toHaveLength(writesBefore);
  });
});

/** The resource ids of the demo tenant after one uninterrupted apply of `plan`, in a sandbox of its own. */
async function resourceIdsAfterCleanApply(plan: Plan): Promise<string[]> {
  const sandbox = await startSandbox({ port: 0, seed: "clean apply" });
  try {
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const outcome = await applyAll(adapter, plan);
    expect(outcome.outcome.failed).toEqual([]);
    return sandbox
      .snapshot()
      .resources.map((r) => r.id.toLowerCase())
      .sort();
  } finally {
    await sandbox.close();
  }
}

describe("an interrupted apply", () => {
  const session = useAdapterSession();

  it("converges on a re-run, whenever it was stopped, without duplicates", async () => {
    const { adapter, sandbox } = session();
    const plan = readExample("examples/private-zones.plan.json");
    const total = ready(await previewPlan(adapter, plan, { refresh: false })).actions.filter(
      (a) => a.kind === "create" || a.kind === "update",
    ).length;

    // Stop after the first write finishes, then after the next, and so on: each run does a little more.
    let runs = 0;
    for (;;) {
      runs++;
      const abort = new AbortController();
      const { actions, outcome } = await applyAll(adapter, plan, abort.signal, (e) => {
        if (e.type === "succeeded") abort.abort();
      });
      expect(outcome.failed).toEqual([]);
      if (actions.every((a) => a.kind === "noChange")) break;
      expect(outcome.interrupted || outcome.skipped.length === 0).toBe(true);
      if (runs > total + 1) throw new Error("did not converge");
    }
    expect(runs).toBe(total + 1);

    const state = sandbox.snapshot();
    const ids = state.resources.map((r) => r.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    // The same resources as one clean, uninterrupted apply makes (Azure names an endpoint's NIC with a GUID of its own).
    const withoutNicGuids = (list: string[]) =>
      list.map((id) => id.replace(/\.nic\.[0-9a-f-]{36}$/, ".nic.*")).sort();
    expect(withoutNicGuids(ids)).toEqual(withoutNicGuids(await resourceIdsAfterCleanApply(plan)));
    for (const endpoint of plan.endpoints) {
      expect(
        state.resources.filter(
          (r) => r.type === "Microsoft.Network/privateEndpoints" && r.name === endpoint.name,
        ),
      ).toHaveLength(1);
    }
  });
});
