import type { HttpHeaders, PipelinePolicy, PipelineResponse } from "@azure/core-rest-pipeline";
import { z } from "zod";
import { capped, errorAnswers, QUOTED_TEXT_LIMIT, UnusableAnswer } from "./unusable-answer.js";

/**
 * The largest answer body read. ARM pages lists (a `nextLink` per page), so no answer vaultlink asks for comes
 * near this; anything larger is a proxy or a broken server, and reading it whole would only exhaust memory.
 */
export const MAX_ANSWER_BYTES = 32 * 2 ** 20;

const JSON_TYPE = /^(application|text)\/([\w.+-]+\+)?json\b/i;

/** Every body: an object, not `null`, an array, a string or a number. */
const jsonObject = z.record(z.string(), z.unknown());
/** A resource's top level; the SDK's deserialisers reach into these without checking. */
const resource = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  location: z.string().optional(),
  properties: jsonObject.optional(),
});
/** One page of a list (ARM RPC: `value` and an optional `nextLink`). */
const page = z.looseObject({
  value: z.array(jsonObject),
  nextLink: z.string().nullish(),
});

/** A Resource Graph query's answer (2024-04-01): its rows, whatever the format, and the paging fields. */
const graphQueryAnswer = z.looseObject({
  totalRecords: z.number(),
  count: z.number(),
  data: z.array(z.unknown()),
  $skipToken: z.string().nullish(),
});

/** True for a Resource Graph query: a POST that reads, answered 200 with rows, never empty. */
function isGraphQuery(request: { readonly method: string; readonly url: string }): boolean {
  return (
    request.method === "POST" &&
    /\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(new URL(request.url).pathname)
  );
}

/**
 * True when the path names a collection (`…/virtualNetworks`, `/subscriptions`), false for one resource or an
 * operation's status (`…/virtualNetworks/vnet-hub`). ARM paths alternate type and name, and `providers/{namespace}`
 * is a pair too, so a collection has an odd number of segments.
 */
function isCollectionPath(url: string): boolean {
  const segments = new URL(url).pathname.split("/").filter((s) => s !== "");
  return segments.length % 2 === 1;
}

/**
 * True for a long-running operation's status or result URL (`…/operationResults/{id}`, `…/operations/{id}`,
 * `…/backupOperationResults/{id}`): an operation that returns nothing may end with an empty 200 there (ARM RPC,
 * async-api-reference.md), unlike a read of a resource.
 */
function isOperationPoll(url: string): boolean {
  return /\/[^/]*operation[^/]*\/[^/]+$/i.test(new URL(url).pathname);
}

/** Reads the body as it streams, giving up past `limit` bytes instead of holding all of it. */
function readCapped(stream: NodeJS.ReadableStream, limit: number): Promise<string | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    stream.on("data", (chunk: Buffer | string) => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limit) {
        settle(() => resolve("too large"));
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        return;
      }
      chunks.push(buffer);
    });
    stream.on("end", () => settle(() => resolve(Buffer.concat(chunks).toString("utf8"))));
    // A connection closed part-way (or aborted by the request timeout): the same as a reset, which the SDK retries.
    const lost = (error?: Error) =>
      settle(() =>
        reject(
          Object.assign(
            new Error(
              `The connection closed before the whole answer arrived (${error?.message ?? "closed"}).`,
            ),
            { name: "RestError", code: "ECONNRESET" },
          ),
        ),
      );
    stream.on("error", lost);
    stream.on("close", () => lost());
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function typeOfJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/**
 * An error answer in ARM's shape (`{"error": {"code", "message"}}`, both strings, the message capped) whatever
 * came: a proxy's HTML page, an empty body, a message that is an object. The SDK then reads it as it reads ARM's
 * own errors, and the retry policy still sees the status (a proxy's 503 is retried like ARM's).
 */
function normalisedError(
  headers: HttpHeaders,
  text: string,
  status: number,
): { readonly code: string; readonly message: string } {
  const contentType = headers.get("content-type");
  const parsed =
    contentType !== undefined && JSON_TYPE.test(contentType) ? parseJson(text) : { ok: false as const };
  const error = parsed.ok
    ? (parsed.value as { error?: { code?: unknown; message?: unknown } } | null)?.error
    : undefined;
  const code = typeof error?.code === "string" && error.code !== "" ? error.code : `HTTP ${status}`;
  let message: string;
  if (typeof error?.message === "string") message = error.message;
  else if (error?.message !== undefined) message = JSON.stringify(error.message);
  else if (text.trim() === "") message = "the answer had no body";
  else
    message = `the answer was not an ARM error (${contentType ?? "no content type"}): ${text.replace(/\s+/g, " ").trim()}`;
  // Kept long enough to read the permissions out of (arm-errors.ts), capped where it is quoted.
  return { code: capped(code, 100), message: capped(message, 8 * QUOTED_TEXT_LIMIT) };
}

/**
 * Checks each answer at the HTTP boundary, before the SDK deserialises it (the SDK trusts the server: an HTML
 * page, `null` or a list without `value` end in a TypeError deep inside it). A success answer must be a JSON object,
 * a list page must have a `value` array, and no body may exceed {@link MAX_ANSWER_BYTES}; an error answer is
 * rewritten into ARM's error shape. Placed after the retry policy and inside the transport policy, so the request
 * timeout covers reading the body.
 */
export function answerChecksPolicy(maxBytes = MAX_ANSWER_BYTES): PipelinePolicy {
  return {
    name: "vaultlinkAnswerChecks",
    sendRequest: async (request, next) => {
      const streamed = request.streamResponseStatusCodes;
      request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
      let response: PipelineResponse;
      try {
        response = await next(request);
      } finally {
        if (streamed === undefined) delete request.streamResponseStatusCodes;
        else request.streamResponseStatusCodes = streamed;
      }
      const contentType = response.headers.get("content-type");
      const unusable = (problem: string, hint: string) =>
        new UnusableAnswer(problem, hint, { request, status: response.status, contentType });
      const stream = response.readableStreamBody;
      if (stream !== undefined) {
        const text = await readCapped(stream, maxBytes);
        if (text === "too large")
          throw unusable(
            `the answer was larger than ${maxBytes / 2 ** 20} MiB, far more than ARM sends`,
            "A proxy or gateway between vaultlink and Azure may be answering instead of ARM; check the connection and run again.",
          );
        delete response.readableStreamBody;
        response.bodyAsText = text;
      }
      const text = response.bodyAsText ?? "";

      if (response.status >= 400) {
        const error = normalisedError(response.headers, text, response.status);
        errorAnswers.set(request, error);
        response.bodyAsText = JSON.stringify({ error });
        response.headers.set("content-type", "application/json; charset=utf-8");
        return response;
      }
      const notArm =
        "A proxy, captive portal or gateway between vaultlink and Azure may be answering instead of ARM; check the connection (sign in to the network, or set HTTPS_PROXY) and run again.";
      if (text.trim() === "") {
        // 201, 202 and 204 may come without a body (long-running operations); a 200 to a read or a write never does.
        if (
          response.status === 200 &&
          request.method !== "DELETE" &&
          (request.method !== "POST" || isGraphQuery(request)) &&
          !isOperationPoll(request.url)
        )
          throw unusable("the answer was empty where ARM sends a JSON body", notArm);
        return response;
      }
      if (contentType === undefined || !JSON_TYPE.test(contentType))
        throw unusable(
          `the answer was not JSON but ${capped(contentType ?? "untyped text", 80)}: ${capped(text.replace(/\s+/g, " ").trim(), 120)}`,
          notArm,
        );
      const parsed = parseJson(text);
      if (!parsed.ok) throw unusable("the answer was not valid JSON", notArm);
      const bad =
        "The server does not follow the ARM contract; if it is ARM itself, report it to Azure support with the request id.";
      if (!jsonObject.safeParse(parsed.value).success)
        throw unusable(`the answer was ${typeOfJson(parsed.value)} where ARM sends a JSON object`, bad);
      const shape = isGraphQuery(request)
        ? graphQueryAnswer
        : request.method === "GET" && isCollectionPath(request.url)
          ? page
          : resource;
      const checked = shape.safeParse(parsed.value);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const where = issue === undefined || issue.path.length === 0 ? "the answer" : issue.path.join(".");
        throw unusable(`${where} in the answer ${issue?.message.toLowerCase() ?? "is malformed"}`, bad);
      }
      return response;
    },
  };
}
