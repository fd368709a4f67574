import { setTimeout as delay } from "node:timers/promises";
import type { Pipeline } from "@azure/core-rest-pipeline";

/** Where a long-running ARM operation stands, as the SDK pollers report it after each poll. */
export type LongRunningStatus = "notStarted" | "running" | "succeeded" | "canceled" | "failed";

/** Called after each poll; the engine uses it to show progress. */
export type ProgressListener = (status: LongRunningStatus) => void;

export interface WriteOptions {
  readonly onProgress?: ProgressListener;
  /**
   * The resource was not there when the preview read it: the PUT is create-only (`If-None-Match: *`), so one that
   * appeared since is left as it is and the write fails. Private DNS zones and links honour it.
   */
  readonly createOnly?: boolean;
}

/** A write's ways to learn it is done other than its status monitor (collection-confirmation.ts). */
export interface Confirmation {
  /** Once ARM's Retry-After has passed: whether a list shared with other writes shows it done. */
  confirm(): Promise<boolean>;
  /** The write will not ask {@link confirm}. */
  leave(): void;
  /**
   * Whether the resource stands as requested and provisioned (one read). Asked when a create-only write's operation
   * did not succeed: a create-only PUT sent again after an answer that never came (a timeout, a connection cut
   * after the request was carried out) fails its precondition on the resource the first one made.
   */
  stands(): Promise<boolean>;
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
  /** Waits for the end and returns the resource as it then is (the SDK's final read of it, where ARM has one). */
  untilDone<T>(poller: ProgressingPoller<T>, options: WriteOptions): Promise<T>;
  /**
   * Waits for the end of a write whose caller needs only to know it succeeded (apply's writes): the operation's
   * status monitor saying Succeeded is ARM's final answer, so the read of the resulting resource the SDK makes after
   * it (one GET per write, the LRO protocol's "final state via the original URI") is left out. `through` is the
   * client whose pipeline (credential, retries, pacing, logging) polls the monitor. A failed, cancelled or unreadable
   * operation is handed back to the SDK's poller, which raises its error as before. With a `confirmation`, the
   * first check once ARM's Retry-After has passed is that (a list shared with other writes) instead of a status
   * poll; the status monitor is polled only when it does not confirm.
   */
  untilSucceeded(
    poller: ProgressingPoller<unknown>,
    options: WriteOptions,
    through: { readonly pipeline: Pipeline },
    confirmation?: Confirmation,
  ): Promise<void>;
}

/** Seconds (or an HTTP date) in a Retry-After header, as milliseconds; 0 when absent or unreadable. */
function retryAfterMs(value: string | undefined): number {
  if (value === undefined) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}

/** What an ARM operation status monitor answers (Azure-AsyncOperation / Operation-Location): its `status`. */
type MonitorStatus = "running" | "succeeded" | "ended";

/** `InProgress`, `Accepted`... are running; Succeeded ends well; Failed, Canceled (any other end) are left to the SDK. */
function monitorStatus(body: unknown): MonitorStatus {
  const status = (body as { status?: unknown } | undefined)?.status;
  if (typeof status !== "string") return "ended";
  const lower = status.toLowerCase();
  if (lower === "succeeded") return "succeeded";
  if (lower === "failed" || lower === "canceled" || lower === "cancelled") return "ended";
  return "running";
}

/** The same origin as ARM's endpoint: a status URL elsewhere is left to the SDK's poller. */
function sameOrigin(url: string, armEndpoint: string): boolean {
  try {
    return new URL(url).origin === new URL(armEndpoint).origin;
  } catch {
    return false;
  }
}

/**
 * `pollIntervalMs`: the SDK's interval when ARM sends no Retry-After (undefined keeps the SDK's default).
 * `armEndpoint`: ARM's base URL; {@link LongRunningWrite.untilSucceeded} polls only status URLs on it.
 */
export function longRunningWrite(pollIntervalMs: number | undefined, armEndpoint?: string): LongRunningWrite {
  let initialRetryAfterMs: number | undefined;
  let monitorUrl: string | undefined;
  const waitFirst = async <T>(poller: ProgressingPoller<T>): Promise<boolean> => {
    await poller.submitted?.();
    const done = typeof poller.isDone === "function" ? poller.isDone() : poller.isDone;
    if (done === false && initialRetryAfterMs !== undefined && initialRetryAfterMs > 0) {
      await delay(initialRetryAfterMs);
    }
    return done !== false;
  };
  return {
    requestOptions: {
      ...(pollIntervalMs === undefined ? {} : { updateIntervalInMs: pollIntervalMs }),
      onResponse: (response) => {
        initialRetryAfterMs ??= retryAfterMs(response.headers.get("retry-after"));
        monitorUrl ??=
          response.headers.get("azure-asyncoperation") ?? response.headers.get("operation-location");
      },
    },
    async untilDone<T>(poller: ProgressingPoller<T>, options: WriteOptions): Promise<T> {
      const listener = options.onProgress;
      const stop = listener === undefined ? undefined : poller.onProgress((state) => listener(state.status));
      try {
        await waitFirst(poller);
        return await poller.pollUntilDone();
      } finally {
        stop?.();
      }
    },
    async untilSucceeded(poller, options, through, confirmation): Promise<void> {
      const listener = options.onProgress;
      let done: boolean;
      try {
        done = await waitFirst(poller);
        if (!done && confirmation !== undefined && (await confirmation.confirm())) {
          listener?.("succeeded");
          return;
        }
      } finally {
        confirmation?.leave();
      }
      const url = monitorUrl;
      if (!done && url !== undefined && armEndpoint !== undefined && sameOrigin(url, armEndpoint)) {
        const { createDefaultHttpClient, createPipelineRequest } = await import("@azure/core-rest-pipeline");
        const http = createDefaultHttpClient();
        for (;;) {
          // Plain http only ever reaches a sandbox on a loopback address (client-factory.ts refuses any other).
          const request = createPipelineRequest({
            url,
            method: "GET",
            allowInsecureConnection: url.startsWith("http:"),
          });
          const response = await through.pipeline.sendRequest(http, request);
          let status: MonitorStatus = "ended";
          if (response.status === 200) {
            try {
              status = monitorStatus(JSON.parse(response.bodyAsText ?? ""));
            } catch {
              status = "ended";
            }
          }
          if (status === "succeeded") {
            listener?.("succeeded");
            return;
          }
          if (status === "ended") break;
          listener?.("running");
          await delay(
            retryAfterMs(response.headers.get("retry-after") ?? undefined) || (pollIntervalMs ?? 2000),
          );
        }
      }
      // Done at once, no monitor to read, or an end other than success: the SDK's poller finishes and raises.
      const stop = listener === undefined ? undefined : poller.onProgress((state) => listener(state.status));
      try {
        await poller.pollUntilDone();
      } catch (error) {
        if (options.createOnly !== true || confirmation === undefined || !(await confirmation.stands()))
          throw error;
        listener?.("succeeded");
      } finally {
        stop?.();
      }
    },
  };
}
