import { describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import { applyFleet, type FleetEvent } from "../../src/engine/fleet.js";
import { type RecordedExchange, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { endpointIdOf, fleetTenant, subscriptionIdOf } from "./fleet-tenant.js";

const BUDGET = 2;

describe("a fleet of 20 plans over 4 subscriptions, with faults on", () => {
  it("applies every plan it can, reports the one refused, and never exceeds the per-subscription budget", async () => {
    const { state, plans } = fleetTenant(4, 5);
    const refused = endpointIdOf(3, 4);
    const exchanges: RecordedExchange[] = [];
    const sandbox = await startSandbox({
      state,
      seed: "fleet",
      // Small delays so requests overlap in the sandbox, as they do in ARM; throttling and failures the SDK retries.
      latency: { read: 3, write: 3, lro: 0 },
      faults: { seed: 7, rates: { "429": 0.02, "503": 0.01 }, retryAfterSeconds: 0 },
      deniedActions: [{ action: "Microsoft.Network/privateEndpoints/write", scope: refused }],
      onExchange: (e) => exchanges.push(e),
    });
    try {
      const adapter = await createAzureAdapter(
        { kind: "sandbox", url: new URL(sandbox.url) },
        { pollIntervalMs: 5 },
      );
      const events: FleetEvent[] = [];
      const members = plans.map(({ name, plan }) => ({
        label: name,
        // Through the codec, as a plan file would arrive.
        plan: parsePlanText(JSON.stringify(plan), name),
      }));
      const results = await applyFleet(adapter, members, {
        dryRun: false,
        refresh: false,
        planConcurrency: 6,
        writeConcurrency: 16,
        subscriptionBudget: BUDGET,
        onEvent: (e) => events.push(e),
      });

      // The summary: 19 applied, the refused one failed with the role that would fix it.
      const byLabel = new Map(members.map((m, i) => [m.label, results[i]]));
      const failed = [...byLabel].filter(([, r]) => r?.kind !== "applied");
      expect(failed.map(([label]) => label)).toEqual(["rsv-fleet-3-4.plan.json"]);
      expect(failed[0]?.[1]).toMatchObject({ kind: "failed", succeeded: 0, failed: 1 });
      expect(failed[0]?.[1]?.kind === "failed" && failed[0][1].firstError).toContain(
        "the built-in role Network Contributor on resource group rg-network grants it",
      );
      for (const [label, result] of byLabel) {
        if (label === "rsv-fleet-3-4.plan.json") continue;
        // An endpoint, plus its zone group and the zones' links when it uses the hub's zones, plus public access.
        expect(result?.kind).toBe("applied");
      }
      expect(events.filter((e) => e.type === "planFinished")).toHaveLength(20);

      // Every other endpoint exists; the refused one does not.
      const ids = new Set(sandbox.snapshot().resources.map((r) => r.id.toLowerCase()));
      for (let s = 0; s < 4; s++)
        for (let v = 0; v < 5; v++)
          expect(ids.has(endpointIdOf(s, v).toLowerCase())).toBe(!(s === 3 && v === 4));

      // Faults really were on, and no subscription ever saw more than the budget in flight.
      const log = sandbox.requestLog();
      expect(log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
      expect(log.filter((e) => e.status === 503).length).toBeGreaterThan(0);
      for (let s = 0; s < 4; s++) {
        const entries = log.filter((e) => e.subscriptionId === subscriptionIdOf(s));
        expect(entries.length).toBeGreaterThan(0);
        expect(Math.max(...entries.map((e) => e.inFlight))).toBeLessThanOrEqual(BUDGET);
      }

      // A second run finds nothing to do, except the refused plan, which fails the same way.
      const again = await applyFleet(adapter, members, {
        dryRun: false,
        refresh: false,
        planConcurrency: 6,
        writeConcurrency: 16,
        subscriptionBudget: BUDGET,
        onEvent: () => {},
      });
      expect(again.filter((r) => r.kind === "unchanged")).toHaveLength(19);
      expect(again[19]?.kind).toBe("failed");
    } finally {
      await sandbox.close();
    }
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });
});
