import { setTimeout as delay } from "node:timers/promises";

/** Where a long-running ARM operation stands, as the SDK pollers report it after each poll. */
export type LongRunningStatus = "notStarted" | "running" | "succeeded" | "canceled" | "failed";

/** Called after each poll; the engine uses it to show progress. */
export type ProgressListener = (status: LongRunningStatus) => void;

export interface WriteOptions {
  readonly onProgress?: ProgressListener;
}

/** What both poller kinds have: the modular clients' PollerLike and the backup client's SimplePollerLike. */
interface ProgressingPoller<T> {
  onProgress(callback: (state: { status: LongRunningStatus }) => void): () => void;
  pollUntilDone(): Promise<T>;
  /** Modular clients: resolves once the initial request has been answered. */
  submitted?(): Promise<void>;
  /** A getter on the modular clients' poller, a method on the backup client's. */
  readonly isDone?: boolean | (() => boolean);
}

/** The raw response callback both client kinds accept in their operation options. */
type RawResponseCallback = (response: {
  readonly headers: { get(name: string): string | undefined };
}) => void;

/**
 * One long-running write: the options to pass to the SDK call, and how to wait for its end.
 *
 * The SDK's poller polls once right after the initial response, before honouring its Retry-After
 * (@azure/core-lro poller.js, pollUntilDone); ARM's Retry-After says when the operation may be done, so that poll
 * is wasted work against the subscription's read budget. Waiting out the initial Retry-After first saves it.
 */
export interface LongRunningWrite {
  readonly requestOptions: { readonly updateIntervalInMs?: number; readonly onResponse: RawResponseCallback };
  untilDone<T>(poller: ProgressingPoller<T>, options: WriteOptions): Promise<T>;
}

/** Seconds (or an HTTP date) in a Retry-After header, as milliseconds; 0 when absent or unreadable. */
function retryAfterMs(value: string | undefined): number {
  if (value === undefined) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}

/** `pollIntervalMs`: the SDK's interval when ARM sends no Retry-After (undefined keeps the SDK's default). */
export function longRunningWrite(pollIntervalMs: number | undefined): LongRunningWrite {
  let initialRetryAfterMs: number | undefined;
  return {
    requestOptions: {
      ...(pollIntervalMs === undefined ? {} : { updateIntervalInMs: pollIntervalMs }),
      onResponse: (response) => {
        initialRetryAfterMs ??= retryAfterMs(response.headers.get("retry-after"));
      },
    },
    async untilDone<T>(poller: ProgressingPoller<T>, options: WriteOptions): Promise<T> {
      const listener = options.onProgress;
      const stop = listener === undefined ? undefined : poller.onProgress((state) => listener(state.status));
      try {
        await poller.submitted?.();
        const done = typeof poller.isDone === "function" ? poller.isDone() : poller.isDone;
        if (done === false && initialRetryAfterMs !== undefined && initialRetryAfterMs > 0) {
          await delay(initialRetryAfterMs);
        }
        return await poller.pollUntilDone();
      } finally {
        stop?.();
      }
    },
  };
}
