import { UserError } from "../core/user-error.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { UnusableAnswer } from "./unusable-answer.js";

/**
 * Azure Resource Graph queries read a page at a time, `$skipToken` to `$skipToken`, over batches of subscriptions:
 * what the inventory (inventory-reads.ts) asks Resource Graph, and how it tells a refusal from other failures.
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/work-with-data
 */

/** These subscriptions, or every subscription the identity can read. */
export type InventoryScope = readonly string[] | "every";

/** Rows per page: the most `$top` may ask (resourcegraph.json 2024-04-01, QueryRequestOptions). */
const ROWS_PER_PAGE = 1000;
/** The first page is smaller, so a picker has its first rows before a thousand have been sent and parsed. */
const FIRST_PAGE_ROWS = 100;
/**
 * Subscriptions per query: Resource Graph's guidance is to query subscriptions in batches of at most 1000.
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests#query-in-batches
 */
const SUBSCRIPTIONS_PER_QUERY = 1000;

/**
 * Resource Graph rows hold each resource as ARM's REST answer has it (`properties` nested at every level); the
 * network and private DNS clients flatten `properties` into their models (x-ms-client-flatten), so the row is
 * flattened the same way before the adapter's own mappers read it.
 */
export function flattened(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flattened);
  if (value === null || typeof value !== "object") return value;
  const { properties, ...rest } = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(rest)) out[key] = flattened(member);
  if (properties !== null && typeof properties === "object" && !Array.isArray(properties))
    Object.assign(out, flattened(properties));
  else if (properties !== undefined) out.properties = properties;
  return out;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The pages of one query over the subscriptions, `$skipToken` to `$skipToken`. */
export async function* graphPages<T>(
  clients: AzureClients,
  what: string,
  query: string,
  scope: InventoryScope,
  map: (row: unknown) => T,
  extra: { readonly authorizationScopeFilter?: "AtScopeAboveAndBelow" } = {},
): AsyncGenerator<readonly T[]> {
  const scopes = scope === "every" ? [undefined] : batches(scope, SUBSCRIPTIONS_PER_QUERY);
  for (const subscriptions of scopes) {
    let skipToken: string | undefined;
    do {
      const token = skipToken;
      const page = await armCall(
        {
          verb: `query Azure Resource Graph for the ${what} of`,
          kind: "scope",
          id: scopeText(subscriptions),
        },
        async () => {
          const answer = await (await clients.resourceGraph()).resources({
            query,
            ...(subscriptions === undefined ? {} : { subscriptions }),
            options: {
              ...extra,
              top: token === undefined ? FIRST_PAGE_ROWS : ROWS_PER_PAGE,
              resultFormat: "objectArray",
              ...(token === undefined ? {} : { skipToken: token }),
            },
          });
          // The answer checks (answer-checks.ts) refuse a query answer without its rows before the SDK reads it.
          if (!Array.isArray(answer.data))
            throw new UnusableAnswer(
              "Resource Graph answered without an array of rows",
              "The server does not follow the Resource Graph contract; check what answers in its place (a proxy or gateway).",
            );
          return { rows: answer.data.map(map), next: answer.skipToken };
        },
      );
      if (page.rows.length > 0) yield page.rows;
      skipToken = page.next;
    } while (skipToken !== undefined && skipToken !== "");
  }
}

/**
 * Whether Resource Graph itself said no (not registered, not allowed, not served here: an HTTP error other than
 * 429), so ARM lists may answer instead. A connection that fails, an answer that is not Resource Graph's, or
 * throttling would fail the ARM lists as well: they end the command with their own message instead of doubling
 * its wait.
 */
export function graphRefused(error: unknown): boolean {
  if (!(error instanceof UserError)) return false;
  const status = (error.cause as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" && status >= 400 && status !== 429;
}

function scopeText(subscriptions: readonly string[] | undefined): string {
  if (subscriptions === undefined) return "every readable subscription";
  return subscriptions.length === 1
    ? `subscription ${subscriptions[0]}`
    : `${subscriptions.length} subscriptions`;
}
