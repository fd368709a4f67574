import { ArmError } from "./errors.js";
import { SandboxInputError } from "./sandbox-error.js";

/**
 * ARM's request throttling as token buckets (the 2024 algorithm): each subscription, and the tenant for requests that
 * name none, has a bucket per kind of operation that a request takes one token from and that refills every second.
 * Answers tell what is left in `x-ms-ratelimit-remaining-subscription-global-{reads,writes,deletes}` (tenant-level:
 * `x-ms-ratelimit-remaining-tenant-{reads,writes,deletes}`); an empty bucket answers 429 with Retry-After.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */

export type OperationClass = "reads" | "writes" | "deletes";

export interface BucketLimit {
  readonly size: number;
  readonly refillPerSecond: number;
}

/** The documented default buckets, per principal, per subscription or tenant. */
export const ARM_BUCKETS: Readonly<Record<OperationClass, BucketLimit>> = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

interface Bucket {
  tokens: number;
  at: number;
}

function classOf(method: string): OperationClass {
  if (method === "GET" || method === "HEAD") return "reads";
  return method === "DELETE" ? "deletes" : "writes";
}

/** The buckets of one sandbox. `now` is in milliseconds (real time: throttling is about real request rates). */
export class RequestBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: Readonly<Record<OperationClass, BucketLimit>> = ARM_BUCKETS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Takes a token for the request and returns the header that says what is left, or throws ARM's 429 with
   * Retry-After when the bucket is empty.
   */
  take(method: string, path: string): Record<string, string> {
    const kind = classOf(method.toUpperCase());
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase();
    const header =
      subscription === undefined
        ? `x-ms-ratelimit-remaining-tenant-${kind}`
        : `x-ms-ratelimit-remaining-subscription-global-${kind}`;
    const key = `${subscription ?? "tenant"} ${kind}`;
    const limit = this.limits[kind];
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.size, at: now };
    bucket.tokens = Math.min(limit.size, bucket.tokens + ((now - bucket.at) / 1000) * limit.refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.refillPerSecond));
      const scope = subscription === undefined ? "tenant" : "subscription";
      throw new ArmError(
        429,
        subscription === undefined ? "TenantRequestsThrottled" : "SubscriptionRequestsThrottled",
        `Number of '${kind.slice(0, -1)}' requests for ${scope} '${subscription ?? "tenant"}' actor exceeded. Please try again after '${retryAfter}' seconds.`,
        { "Retry-After": String(retryAfter), [header]: "0" },
      );
    }
    bucket.tokens -= 1;
    return { [header]: String(Math.floor(bucket.tokens)) };
  }
}

const HINT =
  "Use e.g. reads=250:25,writes=200:10,deletes=200:10 (bucket size:tokens refilled a second); kinds left out keep ARM's.";

/** Parses a `--buckets` value such as `reads=20:5,writes=4:1`. */
export function parseBucketLimits(text: string): Readonly<Record<OperationClass, BucketLimit>> {
  const limits: Record<OperationClass, BucketLimit> = { ...ARM_BUCKETS };
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const match = /^(reads|writes|deletes)=(\d+):(\d*\.?\d+)$/.exec(part);
    const size = Number(match?.[2]);
    const refillPerSecond = Number(match?.[3]);
    if (!match || size < 1 || !(refillPerSecond > 0))
      throw new SandboxInputError(`--buckets: "${part}" is not a bucket.`, { hint: HINT });
    limits[match[1] as OperationClass] = { size, refillPerSecond };
  }
  return limits;
}
