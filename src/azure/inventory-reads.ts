import type { Vault as ArmVault } from "@azure/arm-recoveryservices";
import type {
  BackupVault,
  NetworkSecurityGroup,
  PrivateDnsZone,
  PrivateEndpoint,
  Subscription,
  Vault,
  VirtualNetwork,
  VirtualNetworkLink,
} from "../core/inventory.js";
import { UserError } from "../core/user-error.js";
import { armCall } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { toBackupVault } from "./data-protection-reads.js";
import { toNetworkSecurityGroup, toPrivateEndpoint, toVirtualNetwork } from "./map-network.js";
import { toPrivateDnsZone, toVirtualNetworkLink } from "./map-private-dns.js";
import { toVault } from "./map-recovery-services.js";
import { UnusableAnswer } from "./unusable-answer.js";

type Pages<T> = AsyncIterable<readonly T[]>;

/**
 * The tenant's inventory for pickers and `check`: vaults, VNets with their subnets, private endpoints, private DNS
 * zones and their links, NSGs, across many subscriptions in a few paged Azure Resource Graph queries instead of an
 * ARM list per subscription (and per zone). Resource Graph lags ARM by seconds to minutes, so what is about to be
 * written is still read through ARM (read-state.ts), never from here.
 * https://learn.microsoft.com/azure/governance/resource-graph/overview
 *
 * Each list covers the given subscriptions (none: an empty list), or `"every"` subscription the identity can read.
 */
export interface Inventory {
  vaults(scope: InventoryScope): Pages<Vault>;
  virtualNetworks(scope: InventoryScope): Pages<VirtualNetwork>;
  privateEndpoints(scope: InventoryScope): Pages<PrivateEndpoint>;
  privateDnsZones(scope: InventoryScope): Pages<PrivateDnsZone>;
  virtualNetworkLinks(scope: InventoryScope): Pages<VirtualNetworkLink>;
  networkSecurityGroups(scope: InventoryScope): Pages<NetworkSecurityGroup>;
  /** Backup vaults (Microsoft.DataProtection), listed so a user sees why they are not offered. */
  backupVaults(scope: InventoryScope): Pages<BackupVault>;
  /** Once Resource Graph failed: why, and that ARM lists answer instead. Undefined while Resource Graph answers. */
  fallbackNotice(): string | undefined;
}

/** These subscriptions, or every subscription the identity can read. */
export type InventoryScope = readonly string[] | "every";

/** The ARM lists the inventory falls back to, one call per subscription (or zone). */
export interface ArmLists {
  listSubscriptions(): Pages<Subscription>;
  listVaults(subscriptionId: string): Pages<Vault>;
  listVirtualNetworks(subscriptionId: string): Pages<VirtualNetwork>;
  listPrivateEndpoints(scope: { readonly subscriptionId: string }): Pages<PrivateEndpoint>;
  listPrivateDnsZones(subscriptionId: string): Pages<PrivateDnsZone>;
  listVirtualNetworkLinks(zoneId: string): Pages<VirtualNetworkLink>;
  listNetworkSecurityGroups(subscriptionId: string): Pages<NetworkSecurityGroup>;
  listBackupVaults(subscriptionId: string): Pages<BackupVault>;
}

/** `auto`: Resource Graph, falling back to ARM lists when it fails; `armLists`: ARM lists only. */
export type InventorySource = "auto" | "armLists";

/** Rows per page: the most `$top` may ask (resourcegraph.json 2024-04-01, QueryRequestOptions). */
const ROWS_PER_PAGE = 1000;
/** The first page is smaller, so a picker has its first rows before a thousand have been sent and parsed. */
const FIRST_PAGE_ROWS = 100;
/**
 * Subscriptions per query: Resource Graph's guidance is to query subscriptions in batches of at most 1000.
 * https://learn.microsoft.com/azure/governance/resource-graph/concepts/guidance-for-throttled-requests#query-in-batches
 */
const SUBSCRIPTIONS_PER_QUERY = 1000;
/** ARM lists read side by side in the fallback: ARM throttles each subscription on its own. */
const ARM_LISTS_AT_ONCE = 4;

/** One query per kind; `id` is projected in each, as Resource Graph's paging needs. */
const QUERIES = {
  vaults:
    "resources | where type =~ 'microsoft.recoveryservices/vaults' | project id, name, type, location, identity, properties",
  virtualNetworks:
    "resources | where type =~ 'microsoft.network/virtualnetworks' | project id, name, type, location, properties",
  privateEndpoints:
    "resources | where type =~ 'microsoft.network/privateendpoints' | project id, name, type, location, properties",
  privateDnsZones:
    "resources | where type =~ 'microsoft.network/privatednszones' | project id, name, type, location, properties",
  virtualNetworkLinks:
    "resources | where type =~ 'microsoft.network/privatednszones/virtualnetworklinks' | project id, name, type, location, properties",
  networkSecurityGroups:
    "resources | where type =~ 'microsoft.network/networksecuritygroups' | project id, name, type, location, properties",
  backupVaults:
    "resources | where type =~ 'microsoft.dataprotection/backupvaults' | project id, name, type, location",
} as const;

/**
 * Resource Graph rows hold each resource as ARM's REST answer has it (`properties` nested at every level); the
 * network and private DNS clients flatten `properties` into their models (x-ms-client-flatten), so the row is
 * flattened the same way before the adapter's own mappers read it.
 */
function flattened(value: unknown): unknown {
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
async function* graphPages<T>(
  clients: AzureClients,
  what: string,
  query: string,
  scope: InventoryScope,
  map: (row: unknown) => T,
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
function graphRefused(error: unknown): boolean {
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

/**
 * Several ARM lists read side by side, at most `limit` at once, each page passed on as it arrives: the first rows
 * show while later subscriptions are still being listed.
 */
async function* mergedPages<T>(
  lists: readonly (() => Pages<T>)[],
  limit: number,
): AsyncGenerator<readonly T[]> {
  const ready: (readonly T[])[] = [];
  let failure: { error: unknown } | undefined;
  let running = 0;
  let next = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const start = () => {
    while (running < limit && next < lists.length && failure === undefined) {
      const list = lists[next++] as () => Pages<T>;
      running++;
      (async () => {
        for await (const page of list()) {
          if (failure !== undefined) return;
          ready.push(page);
          notify();
        }
      })().then(
        () => {
          running--;
          start();
          notify();
        },
        (error: unknown) => {
          running--;
          failure ??= { error };
          notify();
        },
      );
    }
  };
  start();
  for (;;) {
    const page = ready.shift();
    if (page !== undefined) {
      yield page;
      continue;
    }
    if (failure !== undefined) throw failure.error;
    if (running === 0 && next >= lists.length) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

/** Creates the inventory over the clients, with ARM lists for when Resource Graph is not there. */
export function createInventory(
  clients: AzureClients,
  arm: ArmLists,
  source: InventorySource = "auto",
): Inventory {
  let notice: string | undefined;

  const subscriptionsOf = async (scope: InventoryScope): Promise<string[]> => {
    if (scope !== "every") return [...scope];
    const all: string[] = [];
    for await (const page of arm.listSubscriptions()) all.push(...page.map((s) => s.subscriptionId));
    return all;
  };

  /** ARM lists, one per subscription, merged. */
  async function* perSubscription<T>(
    scope: InventoryScope,
    list: (subscriptionId: string) => Pages<T>,
  ): AsyncGenerator<readonly T[]> {
    const subscriptions = await subscriptionsOf(scope);
    yield* mergedPages(
      subscriptions.map((id) => () => list(id)),
      ARM_LISTS_AT_ONCE,
    );
  }

  async function* linksThroughArm(scope: InventoryScope): AsyncGenerator<readonly VirtualNetworkLink[]> {
    for await (const zones of perSubscription(scope, (id) => arm.listPrivateDnsZones(id))) {
      yield* mergedPages(
        zones.map((zone) => () => arm.listVirtualNetworkLinks(zone.id)),
        ARM_LISTS_AT_ONCE,
      );
    }
  }

  /**
   * Resource Graph first; when its first page fails, ARM lists from then on, said once. A failure after rows were
   * shown is not hidden: mixing two sources in one list could repeat or drop rows.
   */
  function either<T>(scope: InventoryScope, graph: () => Pages<T>, armLists: () => Pages<T>): Pages<T> {
    return (async function* () {
      if (scope !== "every" && scope.length === 0) return;
      if (source === "armLists" || notice !== undefined) {
        yield* armLists();
        return;
      }
      let shown = false;
      try {
        for await (const page of graph()) {
          shown = true;
          yield page;
        }
        return;
      } catch (error) {
        if (shown || !graphRefused(error)) throw error;
        notice ??= `Azure Resource Graph did not answer (${(error as UserError).message}); listing through ARM instead, one subscription at a time, which takes longer.`;
      }
      yield* armLists();
    })();
  }

  const graph = <T>(what: string, query: string, scope: InventoryScope, map: (row: unknown) => T) =>
    graphPages(clients, what, query, scope, map);

  return {
    vaults: (ids) =>
      either(
        ids,
        () => graph("Recovery Services vaults", QUERIES.vaults, ids, (row) => toVault(row as ArmVault)),
        () => perSubscription(ids, (id) => arm.listVaults(id)),
      ),
    virtualNetworks: (ids) =>
      either(
        ids,
        () =>
          graph("virtual networks", QUERIES.virtualNetworks, ids, (row) =>
            toVirtualNetwork(flattened(row) as Parameters<typeof toVirtualNetwork>[0]),
          ),
        () => perSubscription(ids, (id) => arm.listVirtualNetworks(id)),
      ),
    privateEndpoints: (ids) =>
      either(
        ids,
        () =>
          graph("private endpoints", QUERIES.privateEndpoints, ids, (row) =>
            toPrivateEndpoint(flattened(row) as Parameters<typeof toPrivateEndpoint>[0]),
          ),
        () => perSubscription(ids, (id) => arm.listPrivateEndpoints({ subscriptionId: id })),
      ),
    privateDnsZones: (ids) =>
      either(
        ids,
        () =>
          graph("private DNS zones", QUERIES.privateDnsZones, ids, (row) =>
            toPrivateDnsZone(flattened(row) as Parameters<typeof toPrivateDnsZone>[0]),
          ),
        () => perSubscription(ids, (id) => arm.listPrivateDnsZones(id)),
      ),
    virtualNetworkLinks: (ids) =>
      either(
        ids,
        () =>
          graph("private DNS zone links", QUERIES.virtualNetworkLinks, ids, (row) =>
            toVirtualNetworkLink(flattened(row) as Parameters<typeof toVirtualNetworkLink>[0]),
          ),
        () => linksThroughArm(ids),
      ),
    networkSecurityGroups: (ids) =>
      either(
        ids,
        () =>
          graph("network security groups", QUERIES.networkSecurityGroups, ids, (row) =>
            toNetworkSecurityGroup(flattened(row) as Parameters<typeof toNetworkSecurityGroup>[0]),
          ),
        () => perSubscription(ids, (id) => arm.listNetworkSecurityGroups(id)),
      ),
    backupVaults: (ids) =>
      either(
        ids,
        () =>
          graph("Backup vaults", QUERIES.backupVaults, ids, (row) =>
            toBackupVault(row as Parameters<typeof toBackupVault>[0]),
          ),
        () => perSubscription(ids, (id) => arm.listBackupVaults(id)),
      ),
    fallbackNotice: () => notice,
  };
}
