import type { Reply, RequestContext, RouteParams } from "./context.js";
import {
  ArmError,
  invalidRequestContent,
  preconditionFailed,
  resourceGroupNotFound,
  subscriptionNotFound,
} from "./errors.js";
import { pageOf } from "./paging.js";
import type { ArmResource } from "./state.js";
import type { ResourceGroupRecord } from "./store.js";

/** Throws ARM's 404s for a missing subscription or resource group; returns the group. */
export function requireResourceGroup(
  ctx: RequestContext,
  subscriptionId: string,
  name: string,
): ResourceGroupRecord {
  if (!ctx.store.subscription(subscriptionId)) throw subscriptionNotFound(subscriptionId);
  const group = ctx.store.resourceGroup(subscriptionId, name);
  if (!group) throw resourceGroupNotFound(name);
  return group;
}

export function requireSubscription(ctx: RequestContext, subscriptionId: string): void {
  if (!ctx.store.subscription(subscriptionId)) throw subscriptionNotFound(subscriptionId);
}

/** The request body as a JSON object, or ARM's 400 for anything else. */
export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  const body = ctx.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw invalidRequestContent(
      "The request content was invalid and could not be deserialized: a JSON object is required.",
    );
  }
  return body as Record<string, unknown>;
}

export function objectAt(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function arrayAt(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(objectAt) : [];
}

/** `If-Match` and `If-None-Match` as ARM applies them to PUT/PATCH/DELETE (412 when they fail). */
export function checkPreconditions(ctx: RequestContext, existing: ArmResource | undefined): void {
  const ifMatch = header(ctx, "if-match");
  const ifNoneMatch = header(ctx, "if-none-match");
  const etag = existing === undefined ? undefined : String(existing.etag ?? existing.eTag ?? "");
  if (ifNoneMatch === "*" && existing) {
    throw preconditionFailed("The resource already exists and the request said If-None-Match: *.");
  }
  if (ifMatch !== undefined) {
    if (!existing) throw preconditionFailed("The resource does not exist and the request said If-Match.");
    if (ifMatch !== "*" && ifMatch !== etag) {
      throw preconditionFailed(`The ETag '${ifMatch}' does not match the resource's current ETag '${etag}'.`);
    }
  }
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A list answered in pages with an absolute nextLink. */
export function listReply(ctx: RequestContext, items: readonly unknown[]): Reply {
  return { status: 200, body: pageOf(items, ctx.url, ctx.pageSize) };
}

/** Resource names: ARM-wide 1-80 characters of letters, digits, `_ . -`, starting with a letter or digit. */
export function checkResourceName(name: string, type: string): void {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$|^[a-zA-Z0-9]$/.test(name)) {
    throw new ArmError(
      400,
      "InvalidResourceName",
      `Resource name ${name} is invalid. The name can be up to 80 characters long. It must begin with a word ` +
        `character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'. (${type})`,
    );
  }
}

/** What a tracked resource's PUT has read and checked before the provider's own rules. */
export interface TrackedPut {
  readonly name: string;
  readonly id: string;
  readonly existing: ArmResource | undefined;
  readonly body: Record<string, unknown>;
  readonly props: Record<string, unknown>;
  readonly location: string;
}

/**
 * The checks ARM makes on every PUT of a tracked resource, in its order: resource group, name, If-Match /
 * If-None-Match, a JSON body, and a location (an update may leave it out and keep the stored one).
 */
export function readTrackedPut(
  ctx: RequestContext,
  p: RouteParams,
  nameParam: string,
  type: string,
  idOf: (p: RouteParams) => string,
): TrackedPut {
  requireResourceGroup(ctx, p.subscriptionId ?? "", p.resourceGroupName ?? "");
  const name = p[nameParam] ?? "";
  checkResourceName(name, type);
  const id = idOf(p);
  const existing = ctx.store.get(id);
  checkPreconditions(ctx, existing);
  const body = bodyObject(ctx);
  const location = typeof body.location === "string" ? body.location : existing?.location;
  if (location === undefined)
    throw new ArmError(400, "LocationRequired", "The location property is required for this definition.");
  return { name, id, existing, body, props: objectAt(body.properties), location };
}
