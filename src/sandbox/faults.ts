import { objectAt } from "./arm-resource.js";
import { ArmError } from "./errors.js";
import { SandboxInputError } from "./sandbox-error.js";
import type { ResourceStore } from "./store.js";

/**
 * Injected failures, the way ARM throttles and fails: `429` with Retry-After (what the SDK's retry
 * policy honours), `429-bare` without it, 5xx, `drop` (the connection closed with no answer), `timeout` (the
 * request is carried out but its answer held until the client gives up), `drop-mid` (carried out, then the
 * headers and half the body sent and the connection closed) and `lro-failed` (a long-running write is accepted,
 * then its operation ends Failed; on any other request it injects nothing). New kinds go at the end, so a seed
 * keeps drawing the same faults of the older kinds.
 */
export const FAULT_KINDS = [
  "429",
  "429-bare",
  "500",
  "502",
  "503",
  "504",
  "drop",
  "timeout",
  "drop-mid",
  "lro-failed",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSchedule {
  /** Same seed, same sequence of requests -> the same faults. */
  readonly seed: number;
  /** Probability of each kind per request; their sum is at most 1. */
  readonly rates: Readonly<Partial<Record<FaultKind, number>>>;
  /** Seconds in the Retry-After of 429 and 503 answers. */
  readonly retryAfterSeconds: number;
}

const HINT = `Use a comma-separated list like 429:0.2,503:0.1,seed=7,retry-after=1 (kinds: ${FAULT_KINDS.join(", ")}).`;

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
      throw new SandboxInputError(`--faults: "${part}" is not a fault rate.`, { hint: HINT });
    }
    rates[kind] = value;
  }
  const total = Object.values(rates).reduce((sum, r) => sum + r, 0);
  if (total > 1)
    throw new SandboxInputError(`--faults: the rates add up to ${total}, more than 1.`, { hint: HINT });
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

/**
 * The work of a long-running operation that `lro-failed` picked: the resource its request put in progress is left
 * in provisioningState Failed, as ARM leaves a resource whose operation failed (Azure docs, "Troubleshoot Azure
 * Microsoft.Network failed provisioning state"), and the operation fails with an ARM error body.
 */
export function failInjectedOperation(store: ResourceStore, resourceId: string): never {
  const properties = objectAt(store.get(resourceId)?.properties);
  if (properties.provisioningState === "Updating" || properties.provisioningState === "Creating") {
    properties.provisioningState = "Failed";
  }
  throw new ArmError(
    500,
    "InternalServerError",
    "The operation failed with an internal error (injected by the sandbox's --faults lro-failed). Retry the operation.",
  );
}
