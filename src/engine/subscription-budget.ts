import type { AzureAdapter, Pages } from "../azure/adapter.js";

/** A counting semaphore with a FIFO queue: who asked first gets the next free slot. */
class Slots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next === undefined) this.free++;
      else next();
    }
  }
}

/** Requests without a subscription (the subscription list) share one budget of their own. */
const TENANT = "tenant";

function subscriptionOf(idOrSubscription: string): string {
  return (/^\/subscriptions\/([^/]+)/i.exec(idOrSubscription)?.[1] ?? idOrSubscription).toLowerCase();
}

/**
 * The adapter, with at most `budget` calls in flight per subscription. Each adapter call sends its HTTP requests
 * one after another (a PUT then its polls, a retry after a 429, one page at a time), so this also bounds the
 * requests ARM sees per subscription. ARM throttles per subscription (and per region and principal); the SDK
 * retries a 429 after its Retry-After, and a budget keeps a fleet from provoking them in the first place.
 * Source: https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 */
export function withSubscriptionBudget(adapter: AzureAdapter, budget: number): AzureAdapter {
  if (!Number.isInteger(budget) || budget < 1)
    throw new Error(`budget must be a positive integer, not ${budget}`);
  const slots = new Map<string, Slots>();
  const slotsOf = (subscription: string) => {
    const existing = slots.get(subscription);
    if (existing !== undefined) return existing;
    const created = new Slots(budget);
    slots.set(subscription, created);
    return created;
  };
  const call = <T>(id: string, work: () => Promise<T>) => slotsOf(subscriptionOf(id)).hold(work);
  // A slot per page, not per list: a caller that holds an iterator open while it awaits other calls in the same
  // subscription must not starve them.
  const pages = <T>(id: string, list: () => Pages<T>): Pages<T> => ({
    [Symbol.asyncIterator]() {
      const iterator = list()[Symbol.asyncIterator]();
      return { next: () => call(id, () => iterator.next()) };
    },
  });
  return {
    // Tenant-level queries, paced by the client's own pipeline (pacing.ts), not per subscription.
    inventory: adapter.inventory,
    onPacingWait: (listener) => adapter.onPacingWait(listener),
    listSubscriptions: () => pages(TENANT, () => adapter.listSubscriptions()),
    listVaults: (subscriptionId) => pages(subscriptionId, () => adapter.listVaults(subscriptionId)),
    getVault: (id) => call(id, () => adapter.getVault(id)),
    countProtectedItems: (id) => call(id, () => adapter.countProtectedItems(id)),
    listPrivateLinkResources: (id) => pages(id, () => adapter.listPrivateLinkResources(id)),
    listProtectionContainers: (id, kind) => pages(id, () => adapter.listProtectionContainers(id, kind)),
    getProviderRegistration: (subscriptionId, namespace) =>
      call(subscriptionId, () => adapter.getProviderRegistration(subscriptionId, namespace)),
    findKeyVaultOfKey: (subscriptionId, keyUri) =>
      call(subscriptionId, () => adapter.findKeyVaultOfKey(subscriptionId, keyUri)),
    listVirtualNetworks: (subscriptionId) =>
      pages(subscriptionId, () => adapter.listVirtualNetworks(subscriptionId)),
    getVirtualNetwork: (id) => call(id, () => adapter.getVirtualNetwork(id)),
    listSubnets: (id) => pages(id, () => adapter.listSubnets(id)),
    listPrivateEndpoints: (scope) => pages(scope.subscriptionId, () => adapter.listPrivateEndpoints(scope)),
    getPrivateEndpoint: (id) => call(id, () => adapter.getPrivateEndpoint(id)),
    listPrivateDnsZoneGroups: (id) => pages(id, () => adapter.listPrivateDnsZoneGroups(id)),
    getNetworkSecurityGroup: (id) => call(id, () => adapter.getNetworkSecurityGroup(id)),
    getRouteTable: (id) => call(id, () => adapter.getRouteTable(id)),
    listPolicyAssignments: (subscriptionId) =>
      pages(subscriptionId, () => adapter.listPolicyAssignments(subscriptionId)),
    listPrivateDnsZones: (subscriptionId) =>
      pages(subscriptionId, () => adapter.listPrivateDnsZones(subscriptionId)),
    getPrivateDnsZone: (id) => call(id, () => adapter.getPrivateDnsZone(id)),
    listVirtualNetworkLinks: (id) => pages(id, () => adapter.listVirtualNetworkLinks(id)),
    listRecordSets: (id) => pages(id, () => adapter.listRecordSets(id)),
    createOrUpdatePrivateEndpoint: (request, options) =>
      call(request.id, () => adapter.createOrUpdatePrivateEndpoint(request, options)),
    createOrUpdatePrivateDnsZoneGroup: (request, options) =>
      call(request.privateEndpointId, () => adapter.createOrUpdatePrivateDnsZoneGroup(request, options)),
    createOrUpdatePrivateDnsZone: (request, options) =>
      call(request.id, () => adapter.createOrUpdatePrivateDnsZone(request, options)),
    createOrUpdateVirtualNetworkLink: (request, options) =>
      call(request.id, () => adapter.createOrUpdateVirtualNetworkLink(request, options)),
    createOrUpdateARecordSet: (request) => call(request.id, () => adapter.createOrUpdateARecordSet(request)),
    setVaultPublicNetworkAccess: (vaultId, access, options) =>
      call(vaultId, () => adapter.setVaultPublicNetworkAccess(vaultId, access, options)),
    approvePrivateEndpointConnection: (vaultId, name, options) =>
      call(vaultId, () => adapter.approvePrivateEndpointConnection(vaultId, name, options)),
    createOrUpdateSecurityRule: (request, options) =>
      call(request.networkSecurityGroupId, () => adapter.createOrUpdateSecurityRule(request, options)),
  };
}
