import { randomUUID } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { shapeForApiVersion } from "./api-version-shapes.js";
import { checkApiVersion } from "./api-versions.js";
import { AccessPolicy, authenticate, type DeniedAction } from "./authorization.js";
import type { InnerRequest, Reply, RequestContext } from "./context.js";
import { demoTenant } from "./demo-tenant.js";
import { checkDenyAssignments } from "./deny-assignments.js";
import { type DnsAddress, type RunningDnsServer, startDnsServer } from "./dns/dns-server.js";

export type { DnsAddress } from "./dns/dns-server.js";

import { CLOUD_METADATA_PATH, cloudMetadata } from "./cloud-metadata.js";
import { resolvePrivately } from "./dns/private-resolver.js";
import { resolveInVirtualNetwork } from "./dns/virtual-network-view.js";
import { ArmError } from "./errors.js";
import { serveEventRoute } from "./event-route.js";
import { exchangeRecorder } from "./exchange-recorder.js";
import { FaultInjector, type FaultKind, type FaultSchedule, failInjectedOperation } from "./faults.js";
import { VNET_TYPE } from "./handlers/virtual-network-model.js";
import { type HeldOutcome, type HeldState, holdOperation, releaseOperation } from "./held-operations.js";
import { type LatencyProfile, NO_LATENCY } from "./latency.js";
import { type EndpointGrowth, type LifecycleEvent, simulateLifecycleEvent } from "./lifecycle-events.js";
import { OperationTracker } from "./lro.js";
import { MANAGED_IDENTITY_PATH, managedIdentityToken } from "./managed-identity.js";
import { type OperationControls, serveOperationsRoute } from "./operations-route.js";
import { DEFAULT_PAGE_SIZE } from "./paging.js";
import { type LogEntry, RequestLog } from "./request-log.js";
import { Router } from "./router.js";
import { ALL_ROUTES } from "./routes.js";
import { SandboxInputError } from "./sandbox-error.js";
import type { SandboxState } from "./state.js";
import { ResourceStore } from "./store.js";
import { ARM_BUCKETS, type BucketLimit, type OperationClass, RequestBuckets } from "./throttling.js";

/** One HTTP request and its answer, for spec-conformance checks of every exchange. */
export interface RecordedExchange {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly requestHeaders: Record<string, string>;
  readonly requestBody: unknown;
  readonly status: number;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: unknown;
}

export interface SandboxOptions {
  /** The tenant to serve; the demo tenant when absent. */
  state?: SandboxState;
  /** 0 (default) picks a free port. */
  port?: number;
  latency?: LatencyProfile;
  faults?: FaultSchedule;
  /** Request log as JSON lines. */
  logFile?: string;
  onExchange?: (exchange: RecordedExchange) => void;
  /** Items per list page (default 50). */
  pageSize?: number;
  /** Milliseconds since epoch; long-running work progresses by it (tests pass a clock they advance). */
  clock?: () => number;
  /**
   * Seeds the GUIDs the sandbox hands out while serving (etags, NIC names, operation ids): the same seed and
   * the same requests give the same answers. A random seed when absent, so a reloaded state file never meets
   * the etags of an earlier session again.
   */
  seed?: string;
  /** The DNS listener (always on, on 127.0.0.1): its port (0, the default, picks a free one) and its VNet. */
  dns?: SandboxDnsOptions;
  /** Serve as to a caller without these permissions: matching requests get ARM's 403 (authorization.ts). */
  deniedActions?: readonly DeniedAction[];
  /** Serve https with this certificate and key (PEM) instead of http: az CLI sends tokens only over https. */
  tls?: SandboxTls;
  /** ARM's token buckets per subscription and tenant (throttling.ts); ARM's documented sizes when absent, none when false. */
  throttling?: Readonly<Record<OperationClass, BucketLimit>> | false;
}

export interface SandboxTls {
  readonly cert: string;
  readonly key: string;
}

export interface SandboxDnsOptions {
  /** 0 (default) picks a free port; UDP and TCP share it. */
  readonly port?: number;
  /**
   * Answer as Azure's resolver inside this VNet: only the private DNS zones linked to it are visible. Absent,
   * the sandbox answers as if from a VNet linked to every zone.
   */
  readonly virtualNetworkId?: string;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`, or `https://…` when served with `tls` */
  readonly url: string;
  close(): Promise<void>;
  snapshot(): SandboxState;
  requestLog(): readonly LogEntry[];
  /**
   * Makes the vault's backup endpoints gain the storage FQDNs its first registration or first backup brings
   * (new IPs, customDnsConfigs, zone-group records), which no ARM operation can ask for. Returns what each
   * endpoint gained. Long-running work whose time has come is settled first, as a request would.
   */
  simulate(event: LifecycleEvent): EndpointGrowth[];
  /** Where the sandbox answers DNS (UDP and TCP) from its private DNS zones: `dig @host -p port name`. */
  readonly dnsAddress: DnsAddress;
  /**
   * Starts one more DNS listener on a free port that answers as from `virtualNetworkId` (from a VNet linked
   * to every zone when undefined), over the same tenant; it closes with the sandbox.
   */
  dnsView(virtualNetworkId?: string): Promise<DnsAddress>;
  /**
   * Leaves a resource in a non-terminal provisioningState (an operation still running, e.g. an interrupted run's
   * write) until {@link release}: what a replay meets when it reads a resource another write is still changing.
   */
  hold(resourceId: string, state?: HeldState): void;
  /** Ends a held operation: the resource is left Succeeded, Failed or Canceled. */
  release(resourceId: string, outcome: HeldOutcome): void;
  /** Injects these faults from the next request on (a fresh draw from the schedule's seed); undefined stops them. */
  setFaults(schedule: FaultSchedule | undefined): void;
}

/** The tenant a managed-identity token names when the tenant has no subscription to take it from. */
const SANDBOX_TENANT_FALLBACK = "00000000-0000-0000-0000-000000000000";

/** Faults answered with an ARM error status; the others act on the connection or on the operation. */
type AnsweredFault = Exclude<FaultKind, "drop" | "timeout" | "drop-mid" | "lro-failed">;

const FAULT_ANSWERS: Record<AnsweredFault, { status: number; code: string; message: string }> = {
  "429": {
    status: 429,
    code: "SubscriptionRequestsThrottled",
    message: "Number of requests for the subscription exceeded the limit. Please try again later.",
  },
  "429-bare": {
    status: 429,
    code: "SubscriptionRequestsThrottled",
    message: "Number of requests for the subscription exceeded the limit.",
  },
  "500": {
    status: 500,
    code: "InternalServerError",
    message: "Encountered internal server error. Please try again.",
  },
  "502": { status: 502, code: "BadGateway", message: "The gateway did not receive a response in time." },
  "503": {
    status: 503,
    code: "ServiceUnavailable",
    message: "The service is temporarily unavailable. Please try again.",
  },
  "504": {
    status: 504,
    code: "GatewayTimeout",
    message: "The gateway did not receive a response within the specified time period.",
  },
};

/**
 * Writes the answer, or loses it as the fault says: `timeout` holds it until the client gives up and closes the
 * connection; `drop-mid` sends the headers and half the body, then closes the connection. True when the whole
 * answer was sent.
 */
function sendAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  payload: string,
  fault: FaultKind | undefined,
): Promise<boolean> {
  if (fault === "timeout") {
    if (req.socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => req.socket.once("close", () => resolve(false)));
  }
  if (fault === "drop-mid") {
    const body = Buffer.from(payload, "utf8");
    res.writeHead(status, { ...headers, "Content-Length": String(body.length) });
    res.flushHeaders();
    return new Promise((resolve) =>
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        req.socket.destroy();
        resolve(false);
      }),
    );
  }
  res.writeHead(status, headers);
  res.end(payload);
  return Promise.resolve(true);
}

/** Starts the sandbox on 127.0.0.1 (loopback only: it accepts any bearer token). */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? Date.now;
  const store = new ResourceStore(options.state ?? demoTenant(), {
    seed: options.seed ?? randomUUID(),
    clock,
  });
  const operations = new OperationTracker(clock, store.ids);
  const router = new Router(ALL_ROUTES);
  let faults = options.faults === undefined ? undefined : new FaultInjector(options.faults);
  const log = new RequestLog(options.logFile);
  const access = new AccessPolicy(options.deniedActions ?? []);
  const latency = options.latency ?? NO_LATENCY;
  const buckets =
    options.throttling === false ? undefined : new RequestBuckets(options.throttling ?? ARM_BUCKETS);
  let base = "";
  const recorder = exchangeRecorder();
  const simulate = (event: LifecycleEvent) => {
    operations.settle();
    return simulateLifecycleEvent(store, event);
  };
  // Settled first, as a request would: a hold placed after a write's operation has had its time wins over it.
  const controls: OperationControls = {
    hold: (resourceId, state) => {
      operations.settle();
      return holdOperation(store, resourceId, state);
    },
    release: (resourceId, outcome) => {
      operations.settle();
      return releaseOperation(store, resourceId, outcome);
    },
  };

  function contextFor(
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
    body: unknown,
    apiVersion: string,
  ): RequestContext {
    return {
      method,
      url,
      base,
      headers,
      body,
      apiVersion,
      store,
      operations,
      latency,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      dispatch,
    };
  }

  /** The route for a request, or ARM's 404 (a type not served) or 405 (a method the type does not take). */
  function routeFor(method: string, pathname: string) {
    const match = router.match(method, pathname);
    if (match === undefined)
      throw new ArmError(404, "InvalidResourceType", `The sandbox does not serve ${pathname}.`);
    if (match === "method-not-allowed")
      throw new ArmError(
        405,
        "MethodNotAllowed",
        `The requested resource does not support http method '${method}'.`,
      );
    return match;
  }

  function dispatch(request: InnerRequest): Reply {
    const url = new URL(request.path, base);
    url.searchParams.set("api-version", request.apiVersion);
    const match = routeFor(request.method, url.pathname);
    access.check(request.method, url.pathname, request.body);
    const apiVersion = checkApiVersion(match.route.family, request.apiVersion);
    return match.route.handler(contextFor(request.method, url, {}, request.body, apiVersion), match.params);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const started = performance.now();
    // Appended, not resolved against base: a path that starts with `//` (az CLI joins an endpoint ending in `/` with
    // `/metadata/…`) would otherwise be read as a host name.
    const url = new URL(`${base}${req.url ?? "/"}`);
    const method = (req.method ?? "GET").toUpperCase();
    const apiVersion = url.searchParams.get("api-version");
    // The two routes a client calls before it has a token, the cloud's metadata and the token endpoint; slashes
    // collapsed as the router collapses them.
    const unsignedRoute = url.pathname.replace(/\/{2,}/g, "/");
    if (unsignedRoute === MANAGED_IDENTITY_PATH || unsignedRoute === CLOUD_METADATA_PATH) {
      const tenantId = store.listSubscriptions()[0]?.tenantId ?? SANDBOX_TENANT_FALLBACK;
      const reply =
        unsignedRoute === CLOUD_METADATA_PATH
          ? cloudMetadata(url, base)
          : managedIdentityToken(url, text, tenantId);
      res.writeHead(reply.status, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(reply.body));
      return;
    }
    // The sandbox's own routes (and a 404 for any other path under /_sandbox/), after the unsigned routes above.
    const own =
      serveOperationsRoute(method, url.pathname, text, controls) ??
      serveEventRoute(method, url.pathname, text, simulate);
    if (own !== undefined) {
      res.writeHead(own.status, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(own.body));
      return;
    }
    const flight = log.begin(url.pathname);
    const fault = faults?.draw();
    if (fault === "drop") {
      log.end(flight, { time: new Date().toISOString(), method, apiVersion, status: 0, durationMs: 0 });
      req.socket.destroy();
      return;
    }
    // Parsed before anything can refuse the request, so the recorded exchange always carries what the client sent.
    let requestBody: unknown;
    let unreadableBody = false;
    try {
      requestBody = text === "" ? undefined : JSON.parse(text);
    } catch {
      unreadableBody = true;
    }
    let reply: Reply;
    try {
      if (fault !== undefined && fault in FAULT_ANSWERS) {
        const answer = FAULT_ANSWERS[fault as AnsweredFault];
        const retry =
          fault === "429" || fault === "503" ? { "Retry-After": String(faults?.retryAfterSeconds ?? 1) } : {};
        throw new ArmError(answer.status, answer.code, answer.message, retry);
      }
      authenticate(req.headers.authorization);
      if (unreadableBody) {
        throw new ArmError(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized.",
        );
      }
      operations.settle();
      const match = routeFor(method, url.pathname);
      // Resource Graph keeps its own per-user quota (resource-graph-route.ts) instead of ARM's buckets.
      const budget =
        buckets === undefined || match.route.family === "resourcegraph"
          ? {}
          : buckets.take(method, url.pathname);
      access.check(method, url.pathname, requestBody);
      checkDenyAssignments(store, method, url.pathname);
      const ctx = contextFor(
        method,
        url,
        req.headers,
        requestBody,
        checkApiVersion(match.route.family, apiVersion ?? undefined),
      );
      const serve = (): Reply => {
        const served = match.route.handler(ctx, match.params);
        return { ...served, body: shapeForApiVersion(match.route.family, ctx.apiVersion, served.body) };
      };
      const served =
        fault === "lro-failed" && match.route.kind === "lro"
          ? operations.withFailingOperations(() => failInjectedOperation(store, url.pathname), serve)
          : serve();
      reply = { ...served, headers: { ...budget, ...served.headers } };
      const wait = latency[match.route.kind === "lro" ? "write" : match.route.kind];
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      reply = { status: error.status, body: error.body(), headers: error.headers };
    }
    const headers: Record<string, string> = {
      "x-ms-request-id": randomUUID(),
      "x-ms-correlation-request-id": String(req.headers["x-ms-correlation-request-id"] ?? randomUUID()),
      ...(req.headers["x-ms-client-request-id"] === undefined
        ? {}
        : { "x-ms-client-request-id": String(req.headers["x-ms-client-request-id"]) }),
      ...reply.headers,
    };
    const payload = reply.body === undefined || method === "HEAD" ? "" : JSON.stringify(reply.body);
    if (payload !== "") headers["Content-Type"] = "application/json; charset=utf-8";
    // The request has been carried out either way: only its answer is lost.
    const answered = await sendAnswer(req, res, reply.status, headers, payload, fault);
    log.end(flight, {
      time: new Date().toISOString(),
      method,
      apiVersion,
      status: answered ? reply.status : 0,
      durationMs: Math.round(performance.now() - started),
    });
    if (options.onExchange === undefined && recorder === undefined) return;
    const exchange = (requestBody: unknown, responseBody: unknown): RecordedExchange => ({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      requestHeaders: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      requestBody,
      status: reply.status,
      responseHeaders: headers,
      responseBody,
    });
    options.onExchange?.(exchange(requestBody, payload === "" ? undefined : JSON.parse(payload)));
    // The bodies as sent, unparsed: the recorder runs on every exchange of a test run and must stay cheap.
    recorder?.record(exchange(text === "" ? undefined : text, payload === "" ? undefined : payload));
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((error: unknown) => {
        // Anything but an ArmError is a sandbox bug: answer 500 and say so rather than hang the client.
        const body = {
          error: { code: "SandboxBug", message: String(error instanceof Error ? error.stack : error) },
        };
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
  };
  const server =
    options.tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  base = `${options.tls === undefined ? "http" : "https"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dnsServers: RunningDnsServer[] = [];
  async function dnsView(virtualNetworkId: string | undefined, port = 0): Promise<DnsAddress> {
    if (
      virtualNetworkId !== undefined &&
      store.get(virtualNetworkId)?.type.toLowerCase() !== VNET_TYPE.toLowerCase()
    ) {
      throw new SandboxInputError(
        `DNS: ${virtualNetworkId} is not a virtual network in the sandbox's tenant.`,
        {
          hint: "Give the id of a VNet the sandbox serves, or none to answer as from a VNet linked to every zone.",
        },
      );
    }
    const dns = await startDnsServer((question) => {
      operations.settle();
      return virtualNetworkId === undefined
        ? resolvePrivately(store, question, undefined)
        : resolveInVirtualNetwork(store, question, virtualNetworkId);
    }, port);
    dnsServers.push(dns);
    return dns.address;
  }
  let dnsAddress: DnsAddress;
  try {
    dnsAddress = await dnsView(options.dns?.virtualNetworkId, options.dns?.port ?? 0);
  } catch (error) {
    server.closeAllConnections();
    server.close();
    throw error;
  }
  return {
    url: base,
    dnsAddress,
    dnsView: (virtualNetworkId) => dnsView(virtualNetworkId),
    close: async () => {
      recorder?.flush();
      await Promise.all(dnsServers.map((dns) => dns.close()));
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
    snapshot: () => store.snapshot(),
    setFaults: (schedule) => {
      faults = schedule === undefined ? undefined : new FaultInjector(schedule);
    },
    requestLog: () => log.all(),
    simulate,
    hold: (resourceId, state = "Updating") => {
      controls.hold(resourceId, state);
    },
    release: (resourceId, outcome) => {
      controls.release(resourceId, outcome);
    },
  };
}
