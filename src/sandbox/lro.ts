import type { Reply } from "./context.js";
import { ArmError } from "./errors.js";
import type { IdSequence } from "./stable-ids.js";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

export interface TrackedOperation {
  readonly id: string;
  readonly startedAt: number;
  readonly readyAt: number;
  status: OperationStatus;
  endedAt?: number;
  error?: { code: string; message: string; details?: readonly unknown[] };
  /** For operation-result URLs: what a finished operation returns (the resource), if anything. */
  readonly result: (() => unknown) | undefined;
}

export interface StartOperation {
  /** How long the work takes; the operation finishes at the first request after it has elapsed. */
  durationMs: number;
  /** Applies the outcome to the store; an ArmError thrown here fails the operation with that error. */
  complete: () => void;
  result?: () => unknown;
}

/**
 * Long-running operations driven by time since start, not by timers: every request first settles the
 * operations whose time has come (in start order), so a poll after the configured duration always sees
 * Succeeded and nothing races with the test's own requests.
 */
export class OperationTracker {
  private readonly operations = new Map<string, TrackedOperation>();
  private readonly pending: Array<{ op: TrackedOperation; complete: () => void }> = [];
  /** Set only while {@link withFailingOperations} serves a request. */
  private injectedFailure: (() => void) | undefined;

  constructor(
    private readonly clock: () => number,
    private readonly ids: IdSequence,
  ) {}

  start(options: StartOperation): TrackedOperation {
    const now = this.clock();
    const op: TrackedOperation = {
      id: this.ids.next(),
      startedAt: now,
      readyAt: now + options.durationMs,
      status: "InProgress",
      result: options.result,
    };
    this.operations.set(op.id, op);
    this.pending.push({ op, complete: this.injectedFailure ?? options.complete });
    return op;
  }

  /**
   * Runs `serve` (a handler: synchronous, so no other request can start an operation meanwhile) so that every
   * operation it starts ends Failed: `fail` runs in place of the operation's work and throws its ArmError.
   */
  withFailingOperations<T>(fail: () => void, serve: () => T): T {
    this.injectedFailure = fail;
    try {
      return serve();
    } finally {
      this.injectedFailure = undefined;
    }
  }

  /**
   * The Retry-After to send while an operation runs: the whole seconds until it will have finished, as ARM's own
   * estimate does, so clients poll once when it is done rather than many times before (0 once it is due).
   */
  retryAfter(op: TrackedOperation): string {
    return op.status === "InProgress"
      ? String(Math.max(0, Math.ceil((op.readyAt - this.clock()) / 1000)))
      : "0";
  }

  get(id: string): TrackedOperation | undefined {
    return this.operations.get(id.toLowerCase()) ?? this.operations.get(id);
  }

  /** The operation a status URL names, or the 404 its provider answers (`code` differs by provider). */
  require(id: string, code: "NotFound" | "OperationNotFound"): TrackedOperation {
    const op = this.get(id);
    if (!op) throw new ArmError(404, code, `Operation ${id} was not found.`);
    return op;
  }

  /** Runs `serve` and returns what it returned with the operations it started (a deployment's own writes). */
  capture<T>(serve: () => T): { value: T; started: TrackedOperation[] } {
    const before = new Set(this.pending.map(({ op }) => op));
    const value = serve();
    return { value, started: this.pending.map(({ op }) => op).filter((op) => !before.has(op)) };
  }

  /**
   * Finishes one operation now, whatever its time: a deployment waits for each resource's operation before it
   * starts a resource that depends on it, and its own operation stands for that whole wait.
   */
  completeNow(op: TrackedOperation): void {
    const index = this.pending.findIndex((p) => p.op === op);
    if (index === -1) return;
    const [{ complete }] = this.pending.splice(index, 1) as [{ op: TrackedOperation; complete: () => void }];
    this.finish(op, complete);
  }

  private finish(op: TrackedOperation, complete: () => void): void {
    try {
      complete();
      op.status = "Succeeded";
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      op.status = "Failed";
      // body() and not code/message: a deployment's failure carries the failed resources as details.
      op.error = error.body().error;
    }
    op.endedAt = this.clock();
  }

  settle(): void {
    const now = this.clock();
    while (this.pending.length > 0) {
      const next = this.pending.findIndex(({ op }) => op.readyAt <= now);
      if (next === -1) return;
      const [{ op, complete }] = this.pending.splice(next, 1) as [
        { op: TrackedOperation; complete: () => void },
      ];
      this.finish(op, complete);
    }
  }
}

/**
 * A `Location` (operation result) poll, the same for every provider: 202 back to the same URL while the work
 * runs, the failure as a 400 in ARM's error shape, then what the finished operation returns.
 */
export function operationResultReply(
  url: URL,
  op: TrackedOperation,
  retryAfter: string,
  done: () => Reply,
): Reply {
  if (op.status === "InProgress")
    return { status: 202, headers: { Location: url.toString(), "Retry-After": retryAfter } };
  if (op.error) throw new ArmError(400, op.error.code, op.error.message);
  return done();
}

/** An OperationResource (recoveryservices and bms specs): id, name, status, start and end times, error. */
export function operationResource(op: TrackedOperation, id: string): Record<string, unknown> {
  return {
    id,
    name: op.id,
    status: op.status,
    startTime: new Date(op.startedAt).toISOString(),
    ...(op.endedAt === undefined ? {} : { endTime: new Date(op.endedAt).toISOString() }),
    ...(op.error === undefined ? {} : { error: op.error }),
  };
}
