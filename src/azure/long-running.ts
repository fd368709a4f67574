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
}

/** Polls until the operation ends (the SDK follows Azure-AsyncOperation or Location), reporting each state. */
export async function untilDone<T>(poller: ProgressingPoller<T>, options: WriteOptions): Promise<T> {
  const listener = options.onProgress;
  const stop = listener === undefined ? undefined : poller.onProgress((state) => listener(state.status));
  try {
    return await poller.pollUntilDone();
  } finally {
    stop?.();
  }
}

/** The SDK's poll interval option, only when one was configured. */
export function pollInterval(intervalMs: number | undefined): { updateIntervalInMs?: number } {
  return intervalMs === undefined ? {} : { updateIntervalInMs: intervalMs };
}
