import type { PipelinePolicy, PipelineRequest } from "@azure/core-rest-pipeline";

/**
 * `verbose`: one line per ARM operation saying what is read or written. `debug`: that, plus one line per HTTP
 * request actually sent (each retry and each poll of a long-running operation), for quoting to Azure support.
 */
export type RequestLogLevel = "verbose" | "debug";

export interface RequestLog {
  readonly level: RequestLogLevel;
  /** Receives whole lines without a newline; the CLI sends them to stderr. */
  readonly write: (line: string) => void;
}

/**
 * Query parameters whose values are credentials when they appear: a SAS signature (`sig`) and the OAuth names a
 * redirect could carry. ARM's own query parameters (api-version, $filter, $skipToken, $top) are kept: they say
 * which request it was.
 */
const SECRET_QUERY_PARAMETERS = new Set([
  "sig",
  "signature",
  "code",
  "token",
  "access_token",
  "refresh_token",
  "client_secret",
]);

/** The URL as it may be shown: no user info, and secret query values replaced by REDACTED. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(unreadable URL)";
  }
  parsed.username = "";
  parsed.password = "";
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMETERS.has(name.toLowerCase())) parsed.searchParams.set(name, "REDACTED");
  }
  return parsed.href;
}

const VERBS: Readonly<Record<string, string>> = {
  GET: "read",
  HEAD: "read",
  PUT: "create or update",
  PATCH: "update",
  DELETE: "delete",
  POST: "call",
};

/**
 * "read Microsoft.Network/privateEndpoints pe-1 (resource group rg-net)" from an ARM URL: the resource type is the
 * provider namespace and each type segment after `providers/`, the name each segment between them
 * (ARM's resource id grammar: .../providers/{namespace}/{type}/{name}[/{type}/{name}...]). A GET that ends on a
 * type is a list.
 */
export function describeArmOperation(method: string, url: string): string {
  const { pathname } = new URL(url);
  const segments = pathname
    .split("/")
    .filter((segment) => segment !== "")
    .map(decodeURIComponent);
  const lower = segments.map((segment) => segment.toLowerCase());
  const providers = lower.lastIndexOf("providers");
  const groupAt = lower.indexOf("resourcegroups");
  const group = groupAt >= 0 ? segments[groupAt + 1] : undefined;
  const subscription = lower[0] === "subscriptions" ? segments[1] : undefined;
  const scope =
    group !== undefined
      ? ` (resource group ${group})`
      : subscription !== undefined && segments.length > 2
        ? ` (subscription ${subscription})`
        : "";
  let verb = VERBS[method.toUpperCase()] ?? method.toUpperCase();
  if (providers < 0 || providers + 1 >= segments.length) {
    if (verb === "read" && segments.length % 2 === 1) verb = "list";
    return `${verb} ${segments.join("/")}${scope}`;
  }
  const [namespace, ...rest] = segments.slice(providers + 1);
  const types = rest.filter((_, index) => index % 2 === 0);
  const names = rest.filter((_, index) => index % 2 === 1);
  if (verb === "read" && rest.length % 2 === 1) verb = "list";
  const type = [namespace, ...types].join("/");
  return `${verb} ${type}${names.length > 0 ? ` ${names.join("/")}` : ""}${scope}`;
}

const POLL_HEADERS = ["azure-asyncoperation", "location", "operation-location"] as const;

/**
 * The `verbose` policy, placed per call (before retries): one line when an operation starts. The GETs a poller
 * sends to the status URLs a write answered with are the same operation, so they are not logged again.
 */
export function armOperationLogPolicy(write: (line: string) => void): PipelinePolicy {
  const pollUrls = new Set<string>();
  return {
    name: "vaultlinkArmOperationLog",
    sendRequest: async (request, next) => {
      const polling = request.method === "GET" && pollUrls.delete(request.url);
      if (!polling) write(describeArmOperation(request.method, request.url));
      const response = await next(request);
      for (const header of POLL_HEADERS) {
        const value = response.headers.get(header);
        if (value !== undefined && (response.status === 201 || response.status === 202)) pollUrls.add(value);
      }
      return response;
    },
  };
}

function requestLine(request: PipelineRequest): string {
  return `${request.method} ${redactUrl(request.url)}`;
}

/**
 * The `debug` policy, placed after the retry policy so that it sees every request sent: method, URL (secrets
 * redacted), status, duration, and ARM's `x-ms-request-id` / `x-ms-correlation-request-id` (what Azure support asks
 * for; see "Troubleshoot common Azure deployment errors" and ARM's request headers reference). No other header is
 * written: Authorization, x-ms-authorization-auxiliary and cookies carry credentials.
 */
export function armRequestLogPolicy(
  write: (line: string) => void,
  now: () => number = () => performance.now(),
): PipelinePolicy {
  return {
    name: "vaultlinkArmRequestLog",
    sendRequest: async (request, next) => {
      const started = now();
      const elapsed = (): string => `${Math.round(now() - started)} ms`;
      try {
        const response = await next(request);
        const ids = [
          ["x-ms-request-id", response.headers.get("x-ms-request-id")],
          ["x-ms-correlation-request-id", response.headers.get("x-ms-correlation-request-id")],
        ]
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => `${name} ${value}`);
        write(
          `${requestLine(request)} -> ${response.status} in ${elapsed()}${ids.length > 0 ? `, ${ids.join(", ")}` : ""}`,
        );
        return response;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        write(
          `${requestLine(request)} -> no response after ${elapsed()}: ${typeof code === "string" ? code : "failed"}`,
        );
        throw error;
      }
    },
  };
}
