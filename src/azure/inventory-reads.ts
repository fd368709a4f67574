import type { Vault as ArmVault } from "@azure/arm-recoveryservices";
import type {
  BackupVault,
  NetworkSecurityGroup,
  PolicyAssignment,
  PrivateDnsZone,
  PrivateEndpoint,
  Subscription,
  Vault,
  VirtualNetwork,
  VirtualNetworkLink,
} from "../core/inventory.js";
import type { DnsForwardingRuleset, DnsPrivateResolver } from "../core/resolution/dns-resolvers.js";
import type { UserError } from "../core/user-error.js";
import { unlessUnreadable } from "./arm-errors.js";
import type { AzureClients } from "./client-factory.js";
import { toBackupVault } from "./data-protection-reads.js";
import {
  inboundAddressesInOrder,
  type RulesetOnly,
  readRulesetContents,
  toInboundEndpoint,
  toResolver,
  toRuleset,
} from "./dns-resolver-reads.js";
import { boundedMap, mergedPages } from "./lists-side-by-side.js";
import { toNetworkSecurityGroup, toPrivateEndpoint, toVirtualNetwork } from "./map-network.js";
import { toPrivateDnsZone, toVirtualNetworkLink } from "./map-private-dns.js";
import { toVault } from "./map-recovery-services.js";
import { assignmentsBySubscription, managementGroupsOf, toPolicyAssignment } from "./policy-reads.js";
import { flattened, graphPages, graphRefused, type InventoryScope } from "./resource-graph-pages.js";

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
  /**
   * The policy assignments that apply to each subscription or anything in it (its own, its resource groups' and
   * resources', and those inherited from its management groups), as ARM's PolicyAssignments_List without `$filter`
   * has them: keyed by lower-cased subscription id, undefined for a subscription whose list ARM refused.
   */
  policyAssignments(subscriptions: readonly string[]): Promise<PolicyAssignmentsOf>;
  /** DNS Private Resolvers with their inbound endpoints' addresses, ordered by id. */
  dnsResolvers(scope: InventoryScope): Promise<DnsPrivateResolver[]>;
  /** DNS forwarding rulesets with their rules and linked VNets (these two read through ARM), ordered by id. */
  dnsForwardingRulesets(scope: InventoryScope): Promise<DnsForwardingRuleset[]>;
  /** Once Resource Graph failed: why, and that ARM lists answer instead. Undefined while Resource Graph answers. */
  fallbackNotice(): string | undefined;
}

export type { InventoryScope } from "./resource-graph-pages.js";

/** Policy assignments per lower-cased subscription id; undefined where the subscription's list was refused. */
export type PolicyAssignmentsOf = ReadonlyMap<string, readonly PolicyAssignment[] | undefined>;

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
  listPolicyAssignments(subscriptionId: string): Pages<PolicyAssignment>;
  listDnsResolvers(subscriptionId: string): Promise<readonly DnsPrivateResolver[]>;
  listDnsForwardingRulesets(subscriptionId: string): Promise<readonly DnsForwardingRuleset[]>;
}

/** `auto`: Resource Graph, falling back to ARM lists when it fails; `armLists`: ARM lists only. */
export type InventorySource = "auto" | "armLists";

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
  // Policy assignments are in `policyresources`, the subscriptions' management groups in `resourcecontainers`.
  // https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources#policyresources
  policyAssignments:
    "policyresources | where type =~ 'microsoft.authorization/policyassignments' | project id, name, type, subscriptionId, properties",
  subscriptionAncestors:
    "resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project id, subscriptionId, properties",
  // `resources` has resolvers, their inbound endpoints and rulesets, but not the rulesets' rules or VNet links.
  dnsResolvers:
    "resources | where type =~ 'microsoft.network/dnsresolvers' | project id, name, type, properties",
  inboundEndpoints:
    "resources | where type =~ 'microsoft.network/dnsresolvers/inboundendpoints' | project id, name, type, properties",
  dnsForwardingRulesets:
    "resources | where type =~ 'microsoft.network/dnsforwardingrulesets' | project id, name, type",
} as const;

/**
 * Assignments inherited from management groups are only in a query's answer when it asks for the scopes above the
 * subscriptions too (QueryRequestOptions.authorizationScopeFilter, resourcegraph.json 2024-04-01).
 */
const ABOVE_AND_BELOW = { authorizationScopeFilter: "AtScopeAboveAndBelow" } as const;

/** Ordered by id, so both sources give the same order. */
function byId<T extends { readonly id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
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

  /** Whether Resource Graph is still to be asked: not told to use ARM lists, and it has not refused yet. */
  const askGraph = () => source !== "armLists" && notice === undefined;

  /** Whether ARM lists may answer after this error of Resource Graph's; the first refusal sets the notice. */
  const refusal = (error: unknown): boolean => {
    if (!graphRefused(error)) return false;
    notice ??= `Azure Resource Graph did not answer (${(error as UserError).message}); listing through ARM instead, one subscription at a time, which takes longer.`;
    return true;
  };

  /**
   * Resource Graph first; when its first page fails, ARM lists from then on, said once. A failure after rows were
   * shown is not hidden: mixing two sources in one list could repeat or drop rows.
   */
  function either<T>(scope: InventoryScope, graph: () => Pages<T>, armLists: () => Pages<T>): Pages<T> {
    return (async function* () {
      if (scope !== "every" && scope.length === 0) return;
      if (!askGraph()) {
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
        if (shown || !refusal(error)) throw error;
      }
      yield* armLists();
    })();
  }

  /** The same choice for an answer read whole (nothing shown before it is complete). */
  async function whole<T>(graph: () => Promise<T>, armLists: () => Promise<T>): Promise<T> {
    if (askGraph()) {
      try {
        return await graph();
      } catch (error) {
        if (!refusal(error)) throw error;
      }
    }
    return armLists();
  }

  async function rows<T>(pages: Pages<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const page of pages) all.push(...page);
    return all;
  }

  /** Each subscription's assignments: its own rows, and those of the management groups above it. */
  async function policyThroughGraph(subscriptions: readonly string[]): Promise<PolicyAssignmentsOf> {
    const found = await rows(
      graphPages(
        clients,
        "policy assignments",
        QUERIES.policyAssignments,
        subscriptions,
        (row) => ({
          subscriptionId: String((row as { subscriptionId?: unknown }).subscriptionId ?? ""),
          assignment: toPolicyAssignment(flattened(row) as Parameters<typeof toPolicyAssignment>[0]),
        }),
        ABOVE_AND_BELOW,
      ),
    );
    // Only when a management group's assignment came back: which subscriptions sit under which groups.
    const ancestors = found.some((f) => f.subscriptionId === "")
      ? new Map(
          await rows(
            graph("management groups", QUERIES.subscriptionAncestors, subscriptions, (row) => {
              const r = row as { subscriptionId?: unknown; properties?: unknown };
              return [
                String(r.subscriptionId ?? "").toLowerCase(),
                managementGroupsOf(r.properties),
              ] as const;
            }),
          ),
        )
      : new Map<string, readonly string[]>();
    return assignmentsBySubscription(subscriptions, found, ancestors);
  }

  async function policyThroughArm(subscriptions: readonly string[]): Promise<PolicyAssignmentsOf> {
    const lists = await boundedMap(subscriptions, ARM_LISTS_AT_ONCE, async (id) => {
      const list = await unlessUnreadable(rows(arm.listPolicyAssignments(id)));
      return list === undefined ? undefined : byId(list);
    });
    return new Map(subscriptions.map((id, index) => [id.toLowerCase(), lists[index]]));
  }

  async function resolversThroughGraph(scope: InventoryScope): Promise<DnsPrivateResolver[]> {
    const [resolvers, endpoints] = await Promise.all([
      rows(
        graph("DNS private resolvers", QUERIES.dnsResolvers, scope, (row) =>
          toResolver(flattened(row) as Parameters<typeof toResolver>[0]),
        ),
      ),
      rows(
        graph("DNS resolver inbound endpoints", QUERIES.inboundEndpoints, scope, (row) =>
          toInboundEndpoint(flattened(row) as Parameters<typeof toInboundEndpoint>[0]),
        ),
      ),
    ]);
    return resolvers.map((resolver) => {
      const prefix = `${resolver.id.toLowerCase()}/inboundendpoints/`;
      const own = endpoints.filter((e) => e.id.toLowerCase().startsWith(prefix));
      return { ...resolver, inboundAddresses: inboundAddressesInOrder(own) };
    });
  }

  async function perSubscriptionWhole<T>(
    scope: InventoryScope,
    list: (subscriptionId: string) => Promise<readonly T[]>,
  ): Promise<T[]> {
    const subscriptions = await subscriptionsOf(scope);
    return (await boundedMap(subscriptions, ARM_LISTS_AT_ONCE, list)).flat();
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
    policyAssignments: async (subscriptions) => {
      if (subscriptions.length === 0) return new Map();
      return whole(
        () => policyThroughGraph(subscriptions),
        () => policyThroughArm(subscriptions),
      );
    },
    dnsResolvers: async (scope) => {
      if (scope !== "every" && scope.length === 0) return [];
      return byId(
        await whole(
          () => resolversThroughGraph(scope),
          () => perSubscriptionWhole(scope, (id) => arm.listDnsResolvers(id)),
        ),
      );
    },
    dnsForwardingRulesets: async (scope) => {
      if (scope !== "every" && scope.length === 0) return [];
      type Listed =
        | { readonly complete: false; readonly rulesets: readonly RulesetOnly[] }
        | { readonly complete: true; readonly rulesets: readonly DnsForwardingRuleset[] };
      const listed = await whole<Listed>(
        async () => ({
          complete: false as const,
          rulesets: await rows(
            graph("DNS forwarding rulesets", QUERIES.dnsForwardingRulesets, scope, (row) =>
              toRuleset(row as Parameters<typeof toRuleset>[0]),
            ),
          ),
        }),
        async () => ({
          complete: true as const,
          rulesets: await perSubscriptionWhole(scope, (id) => arm.listDnsForwardingRulesets(id)),
        }),
      );
      // The rules and links are ARM's alone: read per ruleset found, not per subscription; a refusal of these is
      // ARM's, not Resource Graph's, so it is not taken for one.
      return byId(
        listed.complete
          ? listed.rulesets
          : await boundedMap(listed.rulesets, ARM_LISTS_AT_ONCE, (ruleset) =>
              readRulesetContents(clients, ruleset),
            ),
      );
    },
    fallbackNotice: () => notice,
  };
}
