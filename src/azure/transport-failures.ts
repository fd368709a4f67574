import type {
  PipelinePolicy,
  RestError,
  RestErrorOptions,
  RetryPolicyOptions,
  RetryStrategy,
} from "@azure/core-rest-pipeline";

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
 */
export function transportFailurePolicy(restError: RestErrorClass, timeoutMs: number): PipelinePolicy {
  return {
    name: "vaultlinkTransportFailures",
    sendRequest: async (request, next) => {
      request.timeout = timeoutMs;
      try {
        return await next(request);
      } catch (error) {
        // The caller's own abort (Ctrl-C) is not a transport failure.
        if (request.abortSignal?.aborted === true || !(error instanceof Error)) throw error;
        if (error.name === "AbortError") {
          throw new restError(
            `No answer from ${request.method} ${new URL(request.url).pathname} within ${timeoutMs} ms.`,
            {
              code: "ETIMEDOUT",
              request,
            },
          );
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
      }
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
