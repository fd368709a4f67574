import type {
  HttpHeaders,
  PipelinePolicy,
  RestError,
  RestErrorOptions,
  RetryPolicyOptions,
  RetryStrategy,
} from "@azure/core-rest-pipeline";
import { describeRequest, UnusableAnswer } from "./unusable-answer.js";

/**
 * How long one ARM request may go unanswered. ARM gives a resource provider 60 s and then answers 504 itself
 * (ARM RPC, common-api-details.md, "Client Request Timeout"), so a request with no answer long after that is
 * lost, not slow. The SDK sets no timeout at all (core-rest-pipeline: PipelineRequest.timeout defaults to 0).
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 90_000;

/** The RestError constructor, handed in so this module does not load the pipeline (see client-factory.ts). */
type RestErrorClass = new (message: string, options?: RestErrorOptions) => RestError;

/**
 * A request that never got its whole answer, retried like a reset connection. The SDK's retry strategies retry
 * only RestErrors with a network error code (exponentialRetryStrategy, isSystemError); two transport failures
 * reach them otherwise and end the whole operation at once:
 * - a request past its timeout: the HTTP client aborts it and throws an AbortError, which is not retried;
 * - a connection closed part-way through the body: a RestError with code PARSE_ERROR, not retried either.
 * Re-sending is safe: every request vaultlink makes is a read or an idempotent PUT/PATCH of a whole resource.
 * The policy runs after the retry policy, so each attempt gets its own timeout.
 *
 * The timeout is this policy's own abort signal, not the SDK's `request.timeout`: the SDK's HTTP client clears
 * its timer only when an answer arrives (ts-http-runtime, nodeHttpClient.sendRequest), so a connection refused or
 * reset left a live 90 s timer behind and the process sat idle that long after its last line. This timer is
 * cleared whatever happens, and unref'd so that it never keeps the process alive on its own.
 */
export function transportFailurePolicy(restError: RestErrorClass, timeoutMs: number): PipelinePolicy {
  return {
    name: "vaultlinkTransportFailures",
    sendRequest: async (request, next) => {
      const caller = request.abortSignal;
      const attempt = new AbortController();
      const abort = () => attempt.abort();
      if (caller?.aborted === true) abort();
      caller?.addEventListener("abort", abort);
      const timer = setTimeout(abort, timeoutMs);
      timer.unref();
      request.abortSignal = attempt.signal;
      try {
        return await next(request);
      } catch (error) {
        // The caller's own abort (Ctrl-C) is not a transport failure.
        if (caller?.aborted === true || !(error instanceof Error)) throw error;
        if (attempt.signal.aborted) {
          throw new restError(`No answer from ${describeRequest(request)} within ${timeoutMs} ms.`, {
            code: "ETIMEDOUT",
            request,
          });
        }
        const code = (error as { code?: unknown }).code;
        const status = (error as { statusCode?: unknown }).statusCode;
        if (error.name === "RestError" && code === "PARSE_ERROR" && status === undefined) {
          throw new restError(`The connection closed before the whole answer arrived (${error.message}).`, {
            code: "ECONNRESET",
            request,
          });
        }
        throw error;
      } finally {
        clearTimeout(timer);
        caller?.removeEventListener("abort", abort);
        if (caller === undefined) delete request.abortSignal;
        else request.abortSignal = caller;
      }
    },
  };
}

/**
 * The longest wait a throttled answer's Retry-After is given. ARM's own throttling asks for seconds to a few
 * minutes at most (Azure docs, "Understand how Azure Resource Manager throttles requests"); a proxy asking for a
 * day would leave the command hanging silently, so a longer wait ends the command at once, saying so.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The wait a 429/503 asks for, as the SDK reads it (throttlingRetryStrategy): ms headers, then seconds or a date. */
function retryAfterMs(headers: HttpHeaders, now: number): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(value)) return value;
  }
  const text = headers.get("retry-after");
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (text.trim() !== "" && Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function inWords(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/**
 * Stops at once on a 429 or 503 whose Retry-After exceeds `maxMs` (the SDK would wait it out, silently). On a
 * success answer (a long-running operation's 202) a longer Retry-After is lowered to `maxMs`: polling sooner than
 * asked is harmless, waiting a day is not. Placed after the retry policy, so it sees each answer first.
 */
export function retryAfterCapPolicy(maxMs = MAX_RETRY_AFTER_MS): PipelinePolicy {
  return {
    name: "vaultlinkRetryAfterCap",
    sendRequest: async (request, next) => {
      const response = await next(request);
      const wait = retryAfterMs(response.headers, Date.now());
      if (wait === undefined || wait <= maxMs) return response;
      if (response.status === 429 || response.status === 503) {
        throw new UnusableAnswer(
          `ARM asks to wait ${inWords(wait)} before trying again (Retry-After); vaultlink waits at most ${inWords(maxMs)}, so it gives up now`,
          "Azure (or a gateway on the way) is throttling these requests: run again later.",
          { request, status: response.status, contentType: response.headers.get("content-type") },
        );
      }
      if (response.status < 300) {
        for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) response.headers.delete(name);
        response.headers.set("retry-after", String(Math.round(maxMs / 1000)));
      }
      return response;
    },
  };
}

/** Headers by which a throttled answer says when to come back (core-rest-pipeline, throttlingRetryStrategy). */
const RETRY_HINTS = ["retry-after", "retry-after-ms", "x-ms-retry-after-ms"];

/**
 * Retries a 429 that says nothing about when to come back, after 1, 2, 4 × `firstDelayMs`. ARM's own 429s carry
 * Retry-After (Azure docs, "Understand how Azure Resource Manager throttles requests") and the SDK waits it out;
 * a 429 without it (from a proxy or gateway on the way) is handed straight back by the SDK, which stops the whole
 * operation on the first sign of load. Runs inside the SDK's retry policy, which still handles everything else.
 */
export function bareThrottlingRetryPolicy(
  makeRetryPolicy: (strategies: RetryStrategy[], options: RetryPolicyOptions) => PipelinePolicy,
  firstDelayMs: number,
): PipelinePolicy {
  const strategy: RetryStrategy = {
    name: "vaultlinkBareThrottling",
    retry: ({ retryCount, response }) =>
      response?.status === 429 && RETRY_HINTS.every((name) => !response.headers.has(name))
        ? { retryAfterInMs: firstDelayMs * 2 ** retryCount }
        : { skipStrategy: true },
  };
  return { ...makeRetryPolicy([strategy], { maxRetries: 3 }), name: "vaultlinkBareThrottlingRetry" };
}
