import type { Reply, RequestContext, Route } from "../context.js";
import { ArmError } from "../errors.js";
import { presentAssignment } from "../handlers/policy-assignments.js";
import { presentZone } from "../handlers/private-dns-model.js";
import { presentNsg } from "../handlers/security-groups.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";
import { KqlError, parseKql } from "./kql-parse.js";
import { type Row, runQuery } from "./kql-run.js";

/**
 * Azure Resource Graph's query operation (resourcegraph.json 2024-04-01, operationId `Resources`), answered from the
 * sandbox's own state, in Resource Graph's row shape (type and resource group lower-cased, the ARM GET's properties
 * as they are), in the tables Resource Graph keeps them in:
 * - `resources`: every resource ARM tracks there, except what Resource Graph keeps elsewhere or not at all: record
 *   sets, the Recovery Services vault's backup items, the DNS forwarding rulesets' rules and VNet links (the table
 *   lists the rulesets and the resolvers' inbound and outbound endpoints, not those), and policy assignments;
 * - `policyresources`: policy assignments (microsoft.authorization/policyassignments), as their GET answers them;
 * - `resourcecontainers`: the subscriptions (microsoft.resources/subscriptions), each under the tenant root
 *   management group (`managementGroupAncestorsChain`): the sandbox has no other management groups.
 * https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources
 */

/** Rows a page holds when `$top` is not given, and the most it may ask for (QueryRequestOptions.$top maximum). */
export const DEFAULT_GRAPH_PAGE = 100;
export const MAX_GRAPH_PAGE = 1000;

/**
 * Resource Graph's per-user quota: 15 queries in every 5-second window, told in `x-ms-user-quota-remaining` and
 * `x-ms-user-quota-resets-after` (hh:mm:ss), with a 429 past it.
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests
 */
export const GRAPH_QUOTA = { queries: 15, windowMs: 5000 } as const;

const POLICY_ASSIGNMENTS = "microsoft.authorization/policyassignments";

/** QueryRequestOptions.authorizationScopeFilter's values (resourcegraph.json 2024-04-01). */
const AUTHORIZATION_SCOPE_FILTERS = [
  "AtScopeAndBelow",
  "AtScopeAndAbove",
  "AtScopeExact",
  "AtScopeAboveAndBelow",
];

function inResourcesTable(resource: ArmResource): boolean {
  const type = resource.type.toLowerCase();
  if (type.startsWith("microsoft.recoveryservices/vaults/")) return false;
  if (type.startsWith("microsoft.network/privatednszones/")) return type.endsWith("/virtualnetworklinks");
  if (type.startsWith("microsoft.network/dnsforwardingrulesets/")) return false;
  if (type.startsWith("microsoft.authorization/")) return false;
  return true;
}

/** A resource as its GET answers it (what Resource Graph indexes): with the counts and back-references ARM adds. */
function presented(store: ResourceStore, resource: ArmResource): ArmResource {
  const type = resource.type.toLowerCase();
  if (type === "microsoft.network/privatednszones") return presentZone(store, resource);
  if (type === "microsoft.network/networksecuritygroups") return presentNsg(store, resource);
  if (type === POLICY_ASSIGNMENTS) return presentAssignment(resource);
  return resource;
}

function resourceRow(resource: ArmResource, tenantId: string | undefined): Row {
  const parts = resource.id.split("/");
  const r = resource as Record<string, unknown>;
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type.toLowerCase(),
    tenantId: tenantId ?? "",
    kind: r.kind ?? "",
    location: resource.location ?? "",
    resourceGroup: (parts[4] ?? "").toLowerCase(),
    subscriptionId: parts[2] ?? "",
    managedBy: r.managedBy ?? "",
    sku: r.sku ?? null,
    plan: r.plan ?? null,
    properties: resource.properties ?? {},
    tags: r.tags ?? null,
    identity: r.identity ?? null,
    zones: r.zones ?? null,
    extendedLocation: r.extendedLocation ?? null,
  };
}

/** The rows of a table of resources: those of the subscriptions in scope that the table keeps. */
function tableOf(
  store: ResourceStore,
  subscriptions: ReadonlySet<string>,
  keeps: (resource: ArmResource) => boolean,
): Row[] {
  const tenants = new Map(store.listSubscriptions().map((s) => [s.subscriptionId.toLowerCase(), s.tenantId]));
  const rows: Row[] = [];
  for (const resource of store.all()) {
    const subscription = (resource.id.split("/")[2] ?? "").toLowerCase();
    if (!subscriptions.has(subscription) || !keeps(resource)) continue;
    rows.push(resourceRow(presented(store, resource), tenants.get(subscription)));
  }
  return rows;
}

const inPolicyTable = (resource: ArmResource) => resource.type.toLowerCase() === POLICY_ASSIGNMENTS;

/** The subscriptions in scope as `resourcecontainers` rows. */
function subscriptionRows(store: ResourceStore, subscriptions: ReadonlySet<string>): Row[] {
  return store
    .listSubscriptions()
    .filter((s) => subscriptions.has(s.subscriptionId.toLowerCase()))
    .map((s) => ({
      id: `/subscriptions/${s.subscriptionId}`,
      name: s.displayName,
      type: "microsoft.resources/subscriptions",
      tenantId: s.tenantId,
      kind: "",
      location: "",
      resourceGroup: "",
      subscriptionId: s.subscriptionId,
      managedBy: "",
      sku: null,
      plan: null,
      properties: {
        state: "Enabled",
        managementGroupAncestorsChain: [{ name: s.tenantId, displayName: "Tenant Root Group" }],
      },
      tags: null,
      identity: null,
      zones: null,
      extendedLocation: null,
    }));
}

function tables(
  store: ResourceStore,
  scope: ReadonlySet<string>,
): (name: string) => readonly Row[] | undefined {
  return (name) => {
    if (name === "resources") return tableOf(store, scope, inResourcesTable);
    if (name === "policyresources") return tableOf(store, scope, inPolicyTable);
    if (name === "resourcecontainers") return subscriptionRows(store, scope);
    return undefined;
  };
}

/** The documented error envelope with Resource Graph's details (error.details[] of ErrorDetails). */
function badQuery(error: KqlError, query: string): ArmError {
  const before = query.slice(0, error.position);
  const line = before.split("\n").length;
  const column = error.position - before.lastIndexOf("\n") - 1;
  const armError = new ArmError(
    400,
    "BadRequest",
    "Please provide below info when asking for support: the sandbox's Resource Graph could not run the query.",
  );
  const details = [
    {
      code: "InvalidQuery",
      message:
        "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.",
    },
    { code: error.code, message: error.message, line, characterPositionInLine: column },
  ];
  return Object.assign(armError, {
    body: () => ({ error: { code: armError.code, message: armError.message, details } }),
  });
}

/** Where a page continues: the offset, and the query and scope it belongs to (so a token is not reused elsewhere). */
interface SkipToken {
  readonly offset: number;
  readonly fingerprint: string;
}

function fingerprintOf(query: string, subscriptions: readonly string[]): string {
  let hash = 0;
  for (const c of `${query}\n${subscriptions.join(",")}`) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(16);
}

function readSkipToken(token: unknown, fingerprint: string): number {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), "base64").toString("utf8")) as SkipToken;
    if (parsed.fingerprint === fingerprint && Number.isInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // answered below
  }
  throw new ArmError(
    400,
    "BadRequest",
    "The $skipToken is invalid: pass the one the previous page returned, with the same query and scopes.",
  );
}

function writeSkipToken(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ offset, fingerprint } satisfies SkipToken)).toString("base64");
}

interface Quota {
  windowStart: number;
  used: number;
}

const quotas = new WeakMap<ResourceStore, Quota>();

function hhmmss(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

/** Counts one query against the window; the quota headers, or a 429 when the window is used up. */
function takeQuota(store: ResourceStore): Record<string, string> {
  const now = performance.now();
  let quota = quotas.get(store);
  if (quota === undefined || now - quota.windowStart >= GRAPH_QUOTA.windowMs) {
    quota = { windowStart: now, used: 0 };
    quotas.set(store, quota);
  }
  const resetsAfter = hhmmss(GRAPH_QUOTA.windowMs - (now - quota.windowStart));
  if (quota.used >= GRAPH_QUOTA.queries) {
    throw new ArmError(
      429,
      "RateLimiting",
      "Please provide below info when asking for support: the user's Resource Graph quota for this window is used up.",
      { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": resetsAfter },
    );
  }
  quota.used++;
  return {
    "x-ms-user-quota-remaining": String(GRAPH_QUOTA.queries - quota.used),
    "x-ms-user-quota-resets-after": resetsAfter,
  };
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new ArmError(400, "BadRequest", `'${field}' must be an array of strings.`);
  return value as string[];
}

function serve(ctx: RequestContext): Reply {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (body === null || typeof body !== "object" || typeof body.query !== "string" || body.query.trim() === "")
    throw new ArmError(400, "BadRequest", 'The request must name a query: {"query": "resources | …"}.');
  const headers = takeQuota(ctx.store);
  const options = (body.options ?? {}) as Record<string, unknown>;
  const top = options.$top === undefined ? DEFAULT_GRAPH_PAGE : Number(options.$top);
  if (!Number.isInteger(top) || top < 1 || top > MAX_GRAPH_PAGE)
    throw new ArmError(400, "BadRequest", `$top must be an integer from 1 to ${MAX_GRAPH_PAGE}.`);
  // Which scopes' authorization resources (policy assignments) come back: the sandbox has no management groups, so
  // above the subscriptions there is nothing to add and every value answers the same.
  const filter = options.authorizationScopeFilter;
  if (filter !== undefined && !AUTHORIZATION_SCOPE_FILTERS.includes(String(filter)))
    throw new ArmError(
      400,
      "BadRequest",
      `authorizationScopeFilter must be one of ${AUTHORIZATION_SCOPE_FILTERS.join(", ")}.`,
    );
  const format = options.resultFormat ?? "objectArray";
  if (format !== "objectArray" && format !== "table")
    throw new ArmError(400, "BadRequest", "resultFormat must be 'table' or 'objectArray'.");
  const known = new Set(ctx.store.listSubscriptions().map((s) => s.subscriptionId.toLowerCase()));
  const asked = stringList(body.subscriptions, "subscriptions");
  // No subscriptions: every subscription the caller can read (the tenant scope, api-version 2021-03-01 on).
  const scope = new Set(
    asked === undefined ? known : asked.map((s) => s.toLowerCase()).filter((s) => known.has(s)),
  );
  const fingerprint = fingerprintOf(body.query, [...scope].sort());
  const skip = options.$skipToken === undefined ? Number(options.$skip ?? 0) : 0;
  const offset = readSkipToken(options.$skipToken, fingerprint) + skip;

  let rows: readonly Row[];
  try {
    const parsed = parseKql(body.query);
    rows = runQuery(parsed, tables(ctx.store, scope));
  } catch (error) {
    if (error instanceof KqlError) throw badQuery(error, body.query);
    throw error;
  }
  const page = rows.slice(offset, offset + top);
  const more = offset + top < rows.length;
  const columns = [...new Set(page.flatMap((row) => Object.keys(row)))];
  const data =
    format === "objectArray"
      ? page
      : {
          columns: columns.map((name) => ({ name, type: columnType(page, name) })),
          rows: page.map((row) => columns.map((name) => row[name] ?? null)),
        };
  return {
    status: 200,
    headers,
    body: {
      totalRecords: rows.length,
      count: page.length,
      data,
      facets: [],
      resultTruncated: "false",
      ...(more ? { $skipToken: writeSkipToken(offset + top, fingerprint) } : {}),
    },
  };
}

function columnType(rows: readonly Row[], name: string): string {
  const value = rows.find((row) => row[name] !== null && row[name] !== undefined)?.[name];
  if (typeof value === "string") return "string";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  return "object";
}

export const resourceGraphRoutes: readonly Route[] = [
  {
    method: "POST",
    pattern: "/providers/Microsoft.ResourceGraph/resources",
    family: "resourcegraph",
    kind: "read",
    handler: serve,
  },
];
