import type { IncomingHttpHeaders } from "node:http";
import type { ApiFamily } from "./api-versions.js";
import type { LatencyProfile, OperationKind } from "./latency.js";
import type { OperationTracker } from "./lro.js";
import type { ResourceStore } from "./store.js";

/** What a handler sees of one request, with the sandbox's parts it may use. */
export interface RequestContext {
  readonly method: string;
  /** Absolute URL on the sandbox's own base (nextLink and operation URLs are built from it). */
  readonly url: URL;
  readonly base: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly apiVersion: string;
  readonly store: ResourceStore;
  readonly operations: OperationTracker;
  readonly latency: LatencyProfile;
  readonly pageSize: number;
  /**
   * Serves one more ARM request inside this one, through the same routes, api-version check and access policy
   * (a template deployment creating its resources). Throws the ArmError the request would be answered with.
   */
  readonly dispatch: (request: InnerRequest) => Reply;
}

/** A request the sandbox makes of itself on a client's behalf. */
export interface InnerRequest {
  readonly method: string;
  /** The resource path, without query. */
  readonly path: string;
  readonly apiVersion: string;
  readonly body?: unknown;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type RouteParams = Readonly<Record<string, string>>;
export type Handler = (ctx: RequestContext, params: RouteParams) => Reply;

/** One ARM operation: method, the spec's path template, its api-version family and latency kind. */
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly family: ApiFamily;
  readonly kind: OperationKind;
  readonly handler: Handler;
}
