/**
 * Longest piece of a server's text quoted in a message: a proxy's HTML page or a hostile error must not flood it,
 * while ARM's longest real messages (a LinkedAuthorizationFailed naming two scopes, ~700 characters) fit whole.
 */
export const QUOTED_TEXT_LIMIT = 1000;

/** `text` cut to {@link QUOTED_TEXT_LIMIT} characters, saying so when it was cut. */
export function capped(text: string, limit = QUOTED_TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

/** The request and answer an {@link UnusableAnswer} is about. */
export interface Exchange {
  readonly request: { readonly method: string; readonly url: string };
  readonly status: number;
  readonly contentType: string | undefined;
}

/**
 * An answer vaultlink cannot use, found at the HTTP boundary (answer-checks.ts, transport-failures.ts) before the
 * SDK reads it, or by a mapper missing a field ARM always sends: what is wrong and, when known, the request
 * (method and path, without the query: a nextLink may carry tokens), the status and the content type.
 * arm-errors.ts turns it into a UserError naming what the adapter was doing.
 */
export class UnusableAnswer extends Error {
  override readonly name = "UnusableAnswer";

  constructor(
    readonly problem: string,
    readonly hint: string,
    readonly exchange?: Exchange,
  ) {
    super(
      exchange === undefined
        ? problem
        : `${problem} (${describeRequest(exchange.request)}: HTTP ${exchange.status}, ${describeContentType(exchange.contentType)})`,
    );
  }
}

export function describeRequest(request: { readonly method: string; readonly url: string }): string {
  let path: string;
  try {
    path = new URL(request.url).pathname;
  } catch {
    path = "(an unreadable URL)";
  }
  return `${request.method} ${path}`;
}

function describeContentType(contentType: string | undefined): string {
  return contentType === undefined || contentType === ""
    ? "no content type"
    : `content type ${capped(contentType, 80)}`;
}

/**
 * ARM's error (code and message, normalised and capped) from the last answer to each request, by the request
 * object the SDK's RestError carries. The modular clients' pagers drop the body from the error they raise
 * ("Pagination failed with unexpected statusCode 403"), so arm-errors.ts finds ARM's own words here.
 */
export const errorAnswers = new WeakMap<object, { readonly code: string; readonly message: string }>();
