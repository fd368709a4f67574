import { scopeId } from "./resource-ids.js";
import { IdSequence } from "./stable-ids.js";
import type { ArmResource, SandboxState, SandboxSubscription } from "./state.js";

/**
 * The key a resource is stored under. ARM compares ids and names case-insensitively (`sameResourceId`), so
 * the store keys by the lower-cased id and serves each resource in the casing it was created with.
 */
export function idKey(id: string): string {
  return id.toLowerCase();
}

export type ResourceGroupRecord = SandboxSubscription["resourceGroups"][number];

/**
 * The tenant in memory: subscriptions, resource groups and resources keyed by lower-cased id (ARM ids are
 * case-insensitive), each resource kept in its ARM GET shape and in insertion order.
 */
export class ResourceStore {
  private readonly subscriptions = new Map<string, SandboxSubscription>();
  private readonly resources = new Map<string, ArmResource>();
  private lastDatetimeEtag = 0;
  /** Where every GUID the sandbox hands out while serving comes from (etags, NIC names, operation ids). */
  readonly ids: IdSequence;
  /** Milliseconds since epoch: the sandbox's clock, for the Recovery Services RP's datetime etags. */
  readonly now: () => number;

  constructor(state: SandboxState, options: { seed: string; clock: () => number }) {
    this.ids = new IdSequence(options.seed);
    this.now = options.clock;
    for (const s of structuredClone(state.subscriptions)) this.subscriptions.set(idKey(s.subscriptionId), s);
    for (const r of structuredClone(state.resources)) this.resources.set(idKey(r.id), r);
  }

  listSubscriptions(): readonly SandboxSubscription[] {
    return [...this.subscriptions.values()];
  }

  subscription(subscriptionId: string): SandboxSubscription | undefined {
    return this.subscriptions.get(idKey(subscriptionId));
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroupRecord | undefined {
    return this.subscription(subscriptionId)?.resourceGroups.find((g) => idKey(g.name) === idKey(name));
  }

  putResourceGroup(subscriptionId: string, group: ResourceGroupRecord): void {
    const subscription = this.subscription(subscriptionId);
    if (!subscription) return;
    const index = subscription.resourceGroups.findIndex((g) => idKey(g.name) === idKey(group.name));
    if (index === -1) subscription.resourceGroups.push(group);
    else subscription.resourceGroups[index] = group;
  }

  /** Removes a resource group and every resource in it (ARM's ResourceGroups_Delete). */
  deleteResourceGroup(subscriptionId: string, name: string): void {
    const subscription = this.subscription(subscriptionId);
    if (!subscription) return;
    subscription.resourceGroups = subscription.resourceGroups.filter((g) => idKey(g.name) !== idKey(name));
    const prefix = `${idKey(scopeId(subscriptionId, name))}/`;
    for (const key of [...this.resources.keys()]) if (key.startsWith(prefix)) this.resources.delete(key);
  }

  get(id: string): ArmResource | undefined {
    return this.resources.get(idKey(id));
  }

  /** Stores a resource (replacing one with the same id) with a fresh etag, and returns it. */
  put(resource: ArmResource, etagStyle: EtagStyle = "weak"): ArmResource {
    const stored = { ...resource, etag: this.newEtag(etagStyle) };
    this.resources.set(idKey(resource.id), stored);
    return stored;
  }

  /** Stores without touching the etag: for server-side progress that is not a user write. */
  replace(resource: ArmResource): void {
    this.resources.set(idKey(resource.id), resource);
  }

  delete(id: string): boolean {
    const key = idKey(id);
    const existed = this.resources.delete(key);
    for (const child of [...this.resources.keys()])
      if (child.startsWith(`${key}/`)) this.resources.delete(child);
    return existed;
  }

  /** Resources of one type (case-insensitive) in a subscription, optionally one resource group. */
  listByType(type: string, subscriptionId: string, resourceGroup?: string): ArmResource[] {
    const prefix = `${idKey(scopeId(subscriptionId, resourceGroup))}/`;
    const wanted = type.toLowerCase();
    const out: ArmResource[] = [];
    for (const [key, r] of this.resources) {
      if (key.startsWith(prefix) && r.type.toLowerCase() === wanted) out.push(r);
    }
    return out;
  }

  /** Every resource of one type in the tenant, all subscriptions. */
  listAllOfType(type: string): ArmResource[] {
    const wanted = type.toLowerCase();
    return [...this.resources.values()].filter((r) => r.type.toLowerCase() === wanted);
  }

  /** Direct children of `parentId` whose type is `type`: one `{childType}/{name}` step below it. */
  childrenOf(parentId: string, type: string): ArmResource[] {
    const prefix = `${idKey(parentId)}/`;
    const wanted = type.toLowerCase();
    const out: ArmResource[] = [];
    for (const [key, r] of this.resources) {
      if (!key.startsWith(prefix) || r.type.toLowerCase() !== wanted) continue;
      if (key.slice(prefix.length).split("/").length === 2) out.push(r);
    }
    return out;
  }

  all(): IterableIterator<ArmResource> {
    return this.resources.values();
  }

  /** A weak network-style etag `W/"guid"`, for inline children the store does not write on its own. */
  weakEtag(): string {
    return `W/"${this.ids.next()}"`;
  }

  private newEtag(style: EtagStyle): string {
    switch (style) {
      case "weak":
        return this.weakEtag();
      case "bare":
        return this.ids.next();
      case "quoted":
        return `"${this.ids.next()}"`;
      case "datetime": {
        // Two writes in the same millisecond must still get different etags.
        this.lastDatetimeEtag = Math.max(this.now(), this.lastDatetimeEtag + 1);
        return `W/"datetime'${encodeURIComponent(new Date(this.lastDatetimeEtag).toISOString())}'"`;
      }
    }
  }

  snapshot(): SandboxState {
    return structuredClone({
      subscriptions: [...this.subscriptions.values()],
      resources: [...this.resources.values()],
    });
  }
}

/**
 * ETag styles as the providers write them: network uses weak `W/"guid"`, private DNS a bare guid for zones and
 * record sets and a quoted one for VNet links (azure-cli's recordings, test/fixtures/recordings/), the Recovery
 * Services RP `W/"datetime'…'"`.
 */
/**
 * A map kept beside each store (side state a handler needs, such as a stack's what-if results), made on first use
 * and dropped with its store.
 */
export function perStoreMap<K, V>(): (store: ResourceStore) => Map<K, V> {
  const maps = new WeakMap<ResourceStore, Map<K, V>>();
  return (store) => {
    let map = maps.get(store);
    if (map === undefined) {
      map = new Map();
      maps.set(store, map);
    }
    return map;
  };
}

export type EtagStyle = "weak" | "bare" | "quoted" | "datetime";
