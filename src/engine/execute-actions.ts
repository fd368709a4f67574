import type { AzureAdapter } from "../azure/adapter.js";
import type { LongRunningStatus, WriteOptions } from "../azure/long-running.js";
import type { Action, Write } from "./action.js";

/**
 * Writes in flight at once, per run. Terraform's default parallelism is 10; backup endpoint plans are wide (every
 * zone linked to every VNet at once), and ARM's write budget (about 1,200 writes per hour per subscription and
 * principal) is far above what one plan needs, so vaultlink allows more.
 */
export const DEFAULT_WRITE_CONCURRENCY = 16;

/** What apply reports as it goes: the CLI prints these as lines, JSON events or an Ink task list. */
export type ApplyEvent =
  | { readonly type: "started"; readonly action: Action }
  | { readonly type: "progress"; readonly action: Action; readonly status: LongRunningStatus }
  | { readonly type: "succeeded"; readonly action: Action; readonly durationMs: number }
  | { readonly type: "failed"; readonly action: Action; readonly error: Error }
  | { readonly type: "skipped"; readonly action: Action; readonly reason: string }
  /** Not written now, and not a failure: its condition does not hold yet (`reason`: what it waits for). */
  | { readonly type: "held"; readonly action: Action; readonly reason: string }
  /**
   * Before the preview apply acts on: a pause while an operation is still running on the action's resource (its
   * provisioningState, e.g. Updating), shown like a pacing wait.
   */
  | {
      readonly type: "operationWait";
      readonly action: Action;
      readonly state: string;
      readonly waitMs: number;
    };

export interface ApplyOptions {
  /** How many writes may be in flight at once; ARM throttles per subscription, the SDK retries 429s. */
  readonly concurrency: number;
  readonly onEvent: (event: ApplyEvent) => void;
  /** Aborting stops starting new writes; writes in flight are awaited, never abandoned half-way. */
  readonly signal?: AbortSignal;
  /**
   * Asked for an action with a `condition` when its turn comes (its dependencies done): what it still waits for,
   * or undefined to write it now. A held action is reported, not written, and is not a failure.
   */
  readonly holdBack?: (action: Action) => Promise<string | undefined>;
}

/** A write whose condition did not hold when its turn came: the next run makes it. */
export interface HeldAction {
  readonly action: Action;
  /** What it waits for, e.g. `waiting for connection of pe-x is approved (Pending)`. */
  readonly reason: string;
}

export interface ApplyOutcome {
  readonly succeeded: readonly Action[];
  readonly failed: readonly { readonly action: Action; readonly error: Error }[];
  /** Not started: a dependency failed, or the run was interrupted. Re-running the plan picks them up. */
  readonly skipped: readonly Action[];
  /** Held back by their condition (public access Deny before the private path works); not failures. */
  readonly held: readonly HeldAction[];
  readonly interrupted: boolean;
}

function write(adapter: AzureAdapter, change: Write, options: WriteOptions): Promise<unknown> {
  switch (change.resource) {
    case "privateEndpoint":
      return adapter.createOrUpdatePrivateEndpoint(change.request, options);
    case "privateDnsZone":
      return adapter.createOrUpdatePrivateDnsZone(change.request, options);
    case "virtualNetworkLink":
      return adapter.createOrUpdateVirtualNetworkLink(change.request, options);
    case "privateDnsZoneGroup":
      return adapter.createOrUpdatePrivateDnsZoneGroup(change.request, options);
    case "vaultPublicNetworkAccess":
      return adapter.setVaultPublicNetworkAccess(change.vaultId, change.access, options);
    case "securityRule":
      return adapter.createOrUpdateSecurityRule(change.request, options);
  }
}

/**
 * The executor behind `applyPlan` (apply.ts), which is the only caller: carries out create and update actions in
 * dependency order, independent ones concurrently. Blocked actions must
 * have been refused by the caller. A failed action skips what depends on it and lets the rest finish, so one run
 * does as much as it safely can and a re-run does the remainder.
 */
export async function executeActions(
  adapter: AzureAdapter,
  actions: readonly Action[],
  options: ApplyOptions,
): Promise<ApplyOutcome> {
  const blocked = actions.filter((action) => action.kind === "blocked");
  if (blocked.length > 0) throw new Error(`executeActions was given ${blocked.length} blocked action(s)`);

  const key = (id: string) => id.toLowerCase();
  // Waiting actions are not written now (their reason says what they wait for) and are not failures.
  const pending = new Map(
    actions.filter((a) => a.kind === "create" || a.kind === "update").map((a) => [key(a.id), a]),
  );
  const done = new Set(actions.filter((a) => a.kind === "noChange").map((a) => key(a.id)));
  const failedIds = new Set<string>();
  const succeeded: Action[] = [];
  const failed: { action: Action; error: Error }[] = [];
  const skipped: Action[] = [];
  const held: HeldAction[] = [];
  const running = new Set<Promise<void>>();

  const known = new Set(actions.map((a) => key(a.id)));
  const ready = (action: Action) => action.dependsOn.every((id) => !known.has(key(id)) || done.has(key(id)));
  const doomed = (action: Action) => action.dependsOn.some((id) => failedIds.has(key(id)));

  // Start first what has the longest chain of work behind it, so the critical path is never kept waiting.
  const height = chainHeights(actions);
  const byPriority = (a: Action, b: Action) => (height.get(key(b.id)) ?? 0) - (height.get(key(a.id)) ?? 0);

  const waitsFor = async (action: Action): Promise<string | undefined> =>
    action.condition === undefined || options.holdBack === undefined ? undefined : options.holdBack(action);

  const start = (action: Action) => {
    if (action.kind !== "create" && action.kind !== "update") return;
    pending.delete(key(action.id));
    const run = async () => {
      const reason = await waitsFor(action);
      if (reason !== undefined) {
        // Not done: anything that depends on it stays pending and is reported as not run.
        held.push({ action, reason });
        options.onEvent({ type: "held", action, reason });
        return;
      }
      if (options.signal?.aborted === true) {
        pending.set(key(action.id), action);
        return;
      }
      options.onEvent({ type: "started", action });
      const began = performance.now();
      await write(adapter, action.write, {
        onProgress: (status) => options.onEvent({ type: "progress", action, status }),
        // Absent when the preview read: a resource that appeared since is not overwritten.
        createOnly: action.kind === "create",
      });
      done.add(key(action.id));
      succeeded.push(action);
      options.onEvent({ type: "succeeded", action, durationMs: performance.now() - began });
    };
    const task = run()
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error : new Error(String(error));
        failedIds.add(key(action.id));
        failed.push({ action, error: reason });
        options.onEvent({ type: "failed", action, error: reason });
      })
      .finally(() => running.delete(task));
    running.add(task);
  };

  for (;;) {
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const action of [...pending.values()]) {
        if (doomed(action)) {
          pending.delete(key(action.id));
          failedIds.add(key(action.id));
          skipped.push(action);
          options.onEvent({ type: "skipped", action, reason: "an action it depends on failed" });
          progressed = true;
        }
      }
    }
    if (!options.signal?.aborted) {
      for (const action of [...pending.values()].sort(byPriority)) {
        if (running.size >= options.concurrency) break;
        if (ready(action)) start(action);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }

  const interrupted = options.signal?.aborted === true;
  for (const action of pending.values()) {
    skipped.push(action);
    options.onEvent({
      type: "skipped",
      action,
      reason: interrupted ? "the run was interrupted" : "an action it depends on did not run",
    });
  }
  return { succeeded, failed, skipped, held, interrupted };
}

/** For each action, how many actions long the longest chain that waits for it is (itself included). */
function chainHeights(actions: readonly Action[]): ReadonlyMap<string, number> {
  const dependents = new Map<string, string[]>();
  for (const action of actions) {
    for (const id of action.dependsOn) {
      const list = dependents.get(id.toLowerCase()) ?? [];
      list.push(action.id.toLowerCase());
      dependents.set(id.toLowerCase(), list);
    }
  }
  const heights = new Map<string, number>();
  const heightOf = (id: string): number => {
    const known = heights.get(id);
    if (known !== undefined) return known;
    heights.set(id, 1);
    const value = 1 + Math.max(0, ...(dependents.get(id) ?? []).map(heightOf));
    heights.set(id, value);
    return value;
  };
  for (const action of actions) heightOf(action.id.toLowerCase());
  return heights;
}
