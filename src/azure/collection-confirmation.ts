/**
 * Private DNS writes made together end together: apply links a zone to every VNet at once, and their operations
 * share ARM's Retry-After. Rather than one status poll per write, two or more writes of one collection (a zone's
 * links, a resource group's zones) due at the same time are confirmed by one list of that collection: each write
 * whose resource the list shows provisioned (Succeeded) and as requested is done. A write the list does not confirm
 * (not there yet, still provisioning, failed, or not as requested) goes on to poll its own status monitor, which
 * stays the authority on failure.
 */

/** One collection's pending confirmations: writes that started and have not yet asked, and those waiting. */
interface Collection {
  /** Writes of this collection that entered and have not yet asked to be confirmed or left. */
  expected: number;
  /** The confirmations waiting for the next list, and when it is sent at the latest. */
  batch: { readonly waiters: Waiter[]; readonly timer: NodeJS.Timeout } | undefined;
  readonly list: () => Promise<readonly unknown[]>;
}

interface Waiter {
  readonly confirms: (listed: readonly unknown[]) => boolean;
  readonly resolve: (confirmed: boolean) => void;
}

/** One write's place in its collection's confirmations. */
export interface CollectionMember {
  /**
   * Waits for the collection's next list (sent once every write that entered has asked, or after a short bound)
   * and tells whether it shows this write done. Asked at most once.
   */
  confirm(confirms: (listed: readonly unknown[]) => boolean): Promise<boolean>;
  /** The write ended without asking (answered at once, or failed): the others do not wait for it. */
  leave(): void;
}

/** How long the first write due waits for the others of its collection before the list is sent anyway. */
const MAX_WAIT_MS = 500;

export class CollectionConfirmations {
  private readonly collections = new Map<string, Collection>();

  /**
   * Called before a write's PUT is sent. `key` names the collection (the same key, the same list); `list` reads it
   * whole. The member must end with {@link CollectionMember.confirm} or {@link CollectionMember.leave}.
   */
  enter(key: string, list: () => Promise<readonly unknown[]>): CollectionMember {
    const collection = this.collections.get(key) ?? { expected: 0, batch: undefined, list };
    this.collections.set(key, collection);
    collection.expected += 1;
    let ended = false;
    const end = () => {
      if (ended) return false;
      ended = true;
      collection.expected -= 1;
      return true;
    };
    return {
      confirm: (confirms) => {
        if (!end()) return Promise.resolve(false);
        const confirmed = new Promise<boolean>((resolve) => {
          collection.batch ??= {
            waiters: [],
            timer: setTimeout(() => this.flush(key, collection), MAX_WAIT_MS),
          };
          collection.batch.waiters.push({ confirms, resolve });
        });
        if (collection.expected === 0) this.flush(key, collection);
        return confirmed;
      },
      leave: () => {
        if (end() && collection.expected === 0 && collection.batch !== undefined) this.flush(key, collection);
        if (collection.expected === 0 && collection.batch === undefined) this.forget(key, collection);
      },
    };
  }

  /** Drops a collection with nothing pending, unless a newer one of the same key has taken its place. */
  private forget(key: string, collection: Collection): void {
    if (this.collections.get(key) === collection) this.collections.delete(key);
  }

  private flush(key: string, collection: Collection): void {
    const batch = collection.batch;
    if (batch === undefined) return;
    collection.batch = undefined;
    clearTimeout(batch.timer);
    if (collection.expected === 0) this.forget(key, collection);
    // One write alone polls its own status monitor: a list saves nothing then, and may be longer to read.
    if (batch.waiters.length < 2) {
      for (const waiter of batch.waiters) waiter.resolve(false);
      return;
    }
    collection.list().then(
      (listed) => {
        for (const waiter of batch.waiters) waiter.resolve(waiter.confirms(listed));
      },
      // An unreadable list confirms nothing: each write polls its own status monitor instead.
      () => {
        for (const waiter of batch.waiters) waiter.resolve(false);
      },
    );
  }
}
