import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";
import type { PacingWait } from "../core/pacing-wait.js";

/**
 * Pacing before a 429: ARM says in each answer how much of the caller's budget is left, and the pacer holds the next
 * request of the same budget back when the budget is (about to be) empty, for as long as the budget takes to refill.
 *
 * - ARM's token buckets (2024), per subscription and per tenant: `x-ms-ratelimit-remaining-subscription-global-reads`
 *   (and `-writes`, `-deletes`), refilled at 25 reads or 10 writes/deletes a second; older regions send the hourly
 *   counters `x-ms-ratelimit-remaining-subscription-reads` (12,000 reads, 1,200 writes, 1,500 deletes an hour), and
 *   tenant-level requests `x-ms-ratelimit-remaining-tenant-reads` (and `-writes`).
 *   https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 * - Resource Graph's per-user quota: `x-ms-user-quota-remaining` queries until `x-ms-user-quota-resets-after`
 *   (hh:mm:ss). https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
 */

export type { PacingWait } from "../core/pacing-wait.js";

export type PacingListener = (wait: PacingWait) => void;

type Kind = "reads" | "writes" | "deletes";

interface Refill {
  /** Header, and tokens it refills a second. */
  readonly bucket: readonly [string, number];
  readonly hourly: readonly [string, number];
}

const PER_HOUR = (n: number) => n / 3600;

const SUBSCRIPTION: Readonly<Record<Kind, Refill>> = {
  reads: {
    bucket: ["x-ms-ratelimit-remaining-subscription-global-reads", 25],
    hourly: ["x-ms-ratelimit-remaining-subscription-reads", PER_HOUR(12000)],
  },
  writes: {
    bucket: ["x-ms-ratelimit-remaining-subscription-global-writes", 10],
    hourly: ["x-ms-ratelimit-remaining-subscription-writes", PER_HOUR(1200)],
  },
  deletes: {
    bucket: ["x-ms-ratelimit-remaining-subscription-global-deletes", 10],
    hourly: ["x-ms-ratelimit-remaining-subscription-deletes", PER_HOUR(1500)],
  },
};

const TENANT: Readonly<Record<Kind, Refill>> = {
  reads: {
    bucket: ["x-ms-ratelimit-remaining-tenant-global-reads", 25],
    hourly: ["x-ms-ratelimit-remaining-tenant-reads", PER_HOUR(12000)],
  },
  writes: {
    bucket: ["x-ms-ratelimit-remaining-tenant-global-writes", 10],
    hourly: ["x-ms-ratelimit-remaining-tenant-writes", PER_HOUR(1200)],
  },
  deletes: {
    bucket: ["x-ms-ratelimit-remaining-tenant-global-deletes", 10],
    hourly: ["x-ms-ratelimit-remaining-tenant-deletes", PER_HOUR(1500)],
  },
};

const GRAPH_REMAINING = "x-ms-user-quota-remaining";
const GRAPH_RESETS_AFTER = "x-ms-user-quota-resets-after";

/** What the last answer said about one budget, and what was sent since. */
interface Budget {
  remaining: number;
  /** performance.now() of that answer. */
  at: number;
  /** Tokens a millisecond (ARM), or undefined for a quota that resets whole (Resource Graph). */
  refillPerMs: number | undefined;
  /** Resource Graph: when the quota resets. */
  resetsAt: number | undefined;
  header: string;
  sentSince: number;
}

/** Which budget a request draws on. */
interface BudgetOf {
  readonly key: string;
  readonly label: string;
  readonly refill: Refill | "graph";
}

function budgetOf(request: PipelineRequest): BudgetOf {
  const path = new URL(request.url).pathname;
  if (/^\/providers\/Microsoft\.ResourceGraph\//i.test(path))
    return { key: "graph", label: "Resource Graph", refill: "graph" };
  const method = request.method.toUpperCase();
  const kind: Kind =
    method === "GET" || method === "HEAD" ? "reads" : method === "DELETE" ? "deletes" : "writes";
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
  return subscription === undefined
    ? { key: `tenant ${kind}`, label: "the tenant", refill: TENANT[kind] }
    : { key: `${subscription} ${kind}`, label: `subscription ${subscription}`, refill: SUBSCRIPTION[kind] };
}

function seconds(hhmmss: string): number | undefined {
  const match = /^(\d+):(\d{2}):(\d{2})$/.exec(hhmmss.trim());
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Leaves this many tokens for other clients of the same identity (and requests already on the way). */
const RESERVE = 1;

/** The budgets of one identity, shared by every client an adapter makes. */
export class Pacer {
  private readonly budgets = new Map<string, Budget>();
  /** Requests sent and not yet answered, per budget. */
  private readonly inFlight = new Map<string, number>();
  /** Budgets some answer has spoken for (with a header or without one). */
  private readonly answered = new Set<string>();
  /** The first request of a budget not yet known; the others wait for its answer (it tells the budget). */
  private readonly probes = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  private readonly listeners = new Set<PacingListener>();

  constructor(private readonly sleep: (ms: number) => Promise<void> = defaultSleep) {}

  /** Tells `listener` of each pause; returns how to stop telling it. */
  onWait(listener: PacingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How long the next request of this budget should wait, 0 when it may go now. */
  private waitFor(budget: Budget, now: number): number {
    const left = budget.remaining - budget.sentSince;
    if (budget.refillPerMs === undefined) {
      if (left >= RESERVE || budget.resetsAt === undefined) return 0;
      return Math.max(0, budget.resetsAt - now);
    }
    const estimate = left + budget.refillPerMs * (now - budget.at);
    return estimate >= RESERVE ? 0 : Math.ceil((RESERVE - estimate) / budget.refillPerMs);
  }

  private send(of: BudgetOf): void {
    this.inFlight.set(of.key, (this.inFlight.get(of.key) ?? 0) + 1);
  }

  async beforeSend(of: BudgetOf): Promise<void> {
    for (;;) {
      const budget = this.budgets.get(of.key);
      if (budget === undefined) {
        const probe = this.probes.get(of.key);
        if (this.answered.has(of.key) || probe === undefined) {
          if (!this.answered.has(of.key)) {
            let resolve = () => {};
            const promise = new Promise<void>((done) => {
              resolve = done;
            });
            this.probes.set(of.key, { promise, resolve });
          }
          this.send(of);
          return;
        }
        await probe.promise;
        continue;
      }
      const wait = this.waitFor(budget, performance.now());
      if (wait <= 0) {
        budget.sentSince++;
        this.send(of);
        return;
      }
      for (const listener of this.listeners)
        listener({ budget: of.label, waitMs: wait, header: budget.header });
      await this.sleep(wait);
      // A Resource Graph quota is whole again once its window has passed (the wait was until then).
      if (budget.refillPerMs === undefined) this.budgets.delete(of.key);
    }
  }

  /** The request got no answer (a dropped connection): another may probe the budget. */
  unanswered(of: BudgetOf): void {
    this.inFlight.set(of.key, Math.max(0, (this.inFlight.get(of.key) ?? 1) - 1));
    this.endProbe(of);
  }

  private endProbe(of: BudgetOf): void {
    this.probes.get(of.key)?.resolve();
    this.probes.delete(of.key);
  }

  afterAnswer(of: BudgetOf, headers: { get(name: string): string | undefined }): void {
    const now = performance.now();
    const stillInFlight = Math.max(0, (this.inFlight.get(of.key) ?? 1) - 1);
    this.inFlight.set(of.key, stillInFlight);
    this.answered.add(of.key);
    // Requests still on their way were sent before this answer was counted: they will take tokens too.
    const budget = this.budgetFrom(of, headers, now);
    if (budget !== undefined) this.budgets.set(of.key, { ...budget, sentSince: stillInFlight });
    this.endProbe(of);
  }

  private budgetFrom(
    of: BudgetOf,
    headers: { get(name: string): string | undefined },
    now: number,
  ): Omit<Budget, "sentSince"> | undefined {
    if (of.refill === "graph") {
      const remaining = Number(headers.get(GRAPH_REMAINING));
      const resets = seconds(headers.get(GRAPH_RESETS_AFTER) ?? "");
      if (headers.get(GRAPH_REMAINING) === undefined || !Number.isFinite(remaining) || resets === undefined)
        return undefined;
      return {
        remaining,
        at: now,
        refillPerMs: undefined,
        resetsAt: now + resets * 1000,
        header: `${GRAPH_REMAINING}: ${remaining}`,
      };
    }
    for (const [name, perSecond] of [of.refill.bucket, of.refill.hourly]) {
      const value = headers.get(name);
      if (value === undefined || !/^\d+$/.test(value.trim())) continue;
      return {
        remaining: Number(value),
        at: now,
        refillPerMs: perSecond / 1000,
        resetsAt: undefined,
        header: `${name}: ${value.trim()}`,
      };
    }
    return undefined;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The pipeline policy: each request sent (each retry too) waits for its budget, each answer updates it. */
export function pacingPolicy(pacer: Pacer): PipelinePolicy {
  return {
    name: "vaultlinkPacing",
    sendRequest: async (request, next) => {
      const of = budgetOf(request);
      await pacer.beforeSend(of);
      let response: Awaited<ReturnType<typeof next>>;
      try {
        response = await next(request);
      } catch (error) {
        pacer.unanswered(of);
        throw error;
      }
      pacer.afterAnswer(of, response.headers);
      return response;
    },
  };
}
