import { UserError } from "../core/user-error.js";

/**
 * Injected failures, the way ARM throttles and fails: `429` with Retry-After (what the SDK's retry
 * policy honours), `429-bare` without it, 5xx, and `drop` (the connection closed with no answer).
 */
export const FAULT_KINDS = ["429", "429-bare", "500", "502", "503", "504", "drop"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSchedule {
  /** Same seed, same sequence of requests -> the same faults. */
  readonly seed: number;
  /** Probability of each kind per request; their sum is at most 1. */
  readonly rates: Readonly<Partial<Record<FaultKind, number>>>;
  /** Seconds in the Retry-After of 429 and 503 answers. */
  readonly retryAfterSeconds: number;
}

const HINT =
  "Use a comma-separated list like 429:0.2,503:0.1,seed=7,retry-after=1 (kinds: 429, 429-bare, 500, 502, 503, 504, drop).";

/** Parses a `--faults` value such as `429:0.2,503:0.1,seed=7`. */
export function parseFaultSchedule(text: string): FaultSchedule {
  const rates: Partial<Record<FaultKind, number>> = {};
  let seed = 1;
  let retryAfterSeconds = 1;
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const setting = /^(seed|retry-after)=(\d+)$/.exec(part);
    if (setting) {
      if (setting[1] === "seed") seed = Number(setting[2]);
      else retryAfterSeconds = Number(setting[2]);
      continue;
    }
    const rate = /^([\w-]+):(\d*\.?\d+)$/.exec(part);
    const kind = FAULT_KINDS.find((k) => k === rate?.[1]);
    const value = Number(rate?.[2]);
    if (!rate || kind === undefined || !(value >= 0 && value <= 1)) {
      throw new UserError(`--faults: "${part}" is not a fault rate.`, { hint: HINT });
    }
    rates[kind] = value;
  }
  const total = Object.values(rates).reduce((sum, r) => sum + r, 0);
  if (total > 1) throw new UserError(`--faults: the rates add up to ${total}, more than 1.`, { hint: HINT });
  return { seed, rates, retryAfterSeconds };
}

/** mulberry32: a tiny seeded generator, so a fault sequence is reproducible from its seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws one decision per request, in request order. */
export class FaultInjector {
  private readonly next: () => number;

  constructor(private readonly schedule: FaultSchedule) {
    this.next = generator(schedule.seed);
  }

  get retryAfterSeconds(): number {
    return this.schedule.retryAfterSeconds;
  }

  draw(): FaultKind | undefined {
    const roll = this.next();
    let edge = 0;
    for (const kind of FAULT_KINDS) {
      edge += this.schedule.rates[kind] ?? 0;
      if (roll < edge) return kind;
    }
    return undefined;
  }
}
