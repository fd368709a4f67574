import { appendFileSync } from "node:fs";

/** One line of the request log (`--log FILE`, JSON lines): enough to count reads and writes. */
export interface LogEntry {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | null;
  readonly status: number;
  readonly durationMs: number;
  /** The subscription in the path (lower case), null for tenant-level paths like `/subscriptions`. */
  readonly subscriptionId: string | null;
  /**
   * How many requests to the same subscription (or, without one, to the tenant) the sandbox was serving when this
   * one arrived, this one included: what ARM's per-subscription throttling sees of a client's concurrency.
   */
  readonly inFlight: number;
}

/** A request the sandbox has started serving; {@link RequestLog.end} logs it. */
export interface Flight {
  readonly path: string;
  readonly subscriptionId: string | null;
  readonly inFlight: number;
}

type Outcome = Omit<LogEntry, keyof Flight>;

function subscriptionOf(path: string): string | null {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? null;
}

/** Keeps every entry in memory and, with a file, appends each as one JSON line as it happens. */
export class RequestLog {
  private readonly entries: LogEntry[] = [];
  private readonly serving = new Map<string | null, number>();

  constructor(private readonly file: string | undefined) {}

  begin(path: string): Flight {
    const subscriptionId = subscriptionOf(path);
    const inFlight = (this.serving.get(subscriptionId) ?? 0) + 1;
    this.serving.set(subscriptionId, inFlight);
    return { path, subscriptionId, inFlight };
  }

  end(flight: Flight, outcome: Outcome): void {
    this.serving.set(flight.subscriptionId, (this.serving.get(flight.subscriptionId) ?? 1) - 1);
    const entry: LogEntry = {
      time: outcome.time,
      method: outcome.method,
      path: flight.path,
      apiVersion: outcome.apiVersion,
      status: outcome.status,
      durationMs: outcome.durationMs,
      subscriptionId: flight.subscriptionId,
      inFlight: flight.inFlight,
    };
    this.entries.push(entry);
    if (this.file !== undefined) appendFileSync(this.file, `${JSON.stringify(entry)}\n`, "utf8");
  }

  all(): readonly LogEntry[] {
    return this.entries;
  }
}
