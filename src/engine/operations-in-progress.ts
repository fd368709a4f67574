import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { sameResourceId } from "../core/arm-id.js";
import type { Action } from "./action.js";

/**
 * ARM's terminal provisioning states: any other value (`Updating`, `Creating`, `Accepted`, `Provisioning`,
 * `Deleting`…) means an operation on the resource is still running and its outcome is not known yet
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations#provisioningstate-values).
 */
const TERMINAL_STATES = ["succeeded", "failed", "canceled"];

/**
 * Whether an operation on a resource is still running: a resource some write (an interrupted earlier apply, a person
 * in the portal) is still changing is neither done nor failed yet. A resource ARM shows without a state counts as
 * done. Apply waits for it; the dry run says so; verify does not pass it.
 */
export function operationInProgress(resource: { readonly provisioningState: string | undefined }): boolean {
  const state = resource.provisioningState;
  return state !== undefined && !TERMINAL_STATES.includes(state.toLowerCase());
}

/**
 * A resource whose last operation ended Failed (or Canceled) exists but is not in working order. Azure's remedy is
 * to PUT the same resource again ("Troubleshoot Azure Microsoft.Network failed provisioning state": "a PUT of the
 * same configuration"), so a re-run re-sends the planned write instead of calling the resource done.
 */
export function operationFailed(resource: { readonly provisioningState: string | undefined }): boolean {
  return resource.provisioningState === "Failed" || resource.provisioningState === "Canceled";
}

/** What a look at one resource found: its provisioning state, or that it is gone (a delete that finished). */
export type LookedState =
  | { readonly kind: "found"; readonly state: string | undefined }
  | { readonly kind: "gone" };

/** The child's parent id: a zone of a link, an endpoint of a zone group. */
function parentId(id: string, childType: string): string {
  return id.replace(new RegExp(`/${childType}/[^/]+$`, "i"), "");
}

/**
 * One read of the resource an in-progress action is about, for its provisioning state. Links and zone groups have
 * no GET in the adapter: their parent's list is one read too.
 */
export async function lookAt(adapter: AzureAdapter, action: Action): Promise<LookedState> {
  const found = (resource: { readonly provisioningState: string | undefined } | undefined): LookedState =>
    resource === undefined ? { kind: "gone" } : { kind: "found", state: resource.provisioningState };
  switch (action.resource) {
    case "privateEndpoint":
      return found(await unlessNotFound(adapter.getPrivateEndpoint(action.id)));
    case "privateDnsZone":
      return found(await unlessNotFound(adapter.getPrivateDnsZone(action.id)));
    case "virtualNetworkLink": {
      const links = await unlessNotFound(
        allPages(adapter.listVirtualNetworkLinks(parentId(action.id, "virtualNetworkLinks"))),
      );
      return found(links?.find((link) => sameResourceId(link.id, action.id)));
    }
    case "privateDnsZoneGroup": {
      const groups = await unlessNotFound(
        allPages(adapter.listPrivateDnsZoneGroups(parentId(action.id, "privateDnsZoneGroups"))),
      );
      return found(groups?.find((group) => sameResourceId(group.id, action.id)));
    }
    case "vaultPublicNetworkAccess":
      return found(await unlessNotFound(adapter.getVault(action.id)));
    default:
      // The plan never finds these in progress (plan-actions.ts): nothing to wait for.
      return { kind: "found", state: undefined };
  }
}

/** How apply waits for operations in progress: bounded, with a back-off between looks. */
export interface OperationWaitOptions {
  /** How long to wait in all before giving up (apply then exits 6). */
  readonly timeoutMs: number;
  /** The first pause between looks; it doubles up to {@link maxDelayMs}. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

/**
 * Ten minutes: long enough for the network operations a backup endpoint plan makes (endpoints take a few minutes at
 * worst), short enough that a pipeline stuck behind someone else's operation says so.
 */
export const DEFAULT_OPERATION_WAIT: OperationWaitOptions = {
  timeoutMs: 600_000,
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/** One pause while an operation is in progress, for the progress view. */
export interface OperationWait {
  readonly action: Action;
  /** The provisioning state seen, e.g. `Updating`. */
  readonly state: string;
  readonly waitMs: number;
}

/** The pause in words, like a pacing wait's: how long, what, and its state. */
export function operationWaitText(wait: OperationWait): string {
  return `waiting ${(wait.waitMs / 1000).toFixed(1)} s: an operation is still running on ${wait.action.description} (provisioningState ${wait.state})`;
}

/** What is still running when apply stopped waiting, in one sentence. */
export function stillRunningText(still: readonly OperationWait[]): string {
  const what = still.map((w) => `${w.action.description} (${w.state}, ${w.action.id})`).join("; ");
  return `Operations still running on ${still.length} planned resource${still.length === 1 ? "" : "s"} after the wait: ${what}. Nothing was written.`;
}

export type OperationWaitResult =
  | { readonly kind: "ended" }
  | { readonly kind: "interrupted" }
  /** The deadline passed with these still in progress, each with the state last seen. */
  | { readonly kind: "timedOut"; readonly still: readonly OperationWait[] };

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Waits until every in-progress action's resource reaches a terminal state (or is gone), looking again after a
 * back-off (1 s, 2 s, 4 s… up to 30 s) and reporting each pause. Reads only: what to do once an operation has ended
 * is decided again by the preview, on what is there then.
 */
export async function awaitOperations(
  adapter: AzureAdapter,
  actions: readonly (Action & { readonly kind: "inProgress" })[],
  options: OperationWaitOptions & {
    readonly onWait: (wait: OperationWait) => void;
    readonly signal?: AbortSignal;
    readonly now?: () => number;
  },
): Promise<OperationWaitResult> {
  const now = options.now ?? Date.now;
  const aborted = () => options.signal?.aborted === true;
  const deadline = now() + options.timeoutMs;
  let delay = options.firstDelayMs ?? DEFAULT_OPERATION_WAIT.firstDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? DEFAULT_OPERATION_WAIT.maxDelayMs ?? 30_000;
  let running: OperationWait[] = actions.map((action) => ({ action, state: action.state, waitMs: 0 }));
  for (;;) {
    if (aborted()) return { kind: "interrupted" };
    const left = deadline - now();
    if (left <= 0) return { kind: "timedOut", still: running };
    const waitMs = Math.min(delay, left);
    for (const wait of running) options.onWait({ ...wait, waitMs });
    await pause(waitMs, options.signal);
    if (aborted()) return { kind: "interrupted" };
    const looked = await Promise.all(
      running.map(async (wait) => ({ wait, seen: await lookAt(adapter, wait.action) })),
    );
    running = looked.flatMap(({ wait, seen }) =>
      seen.kind === "found" && operationInProgress({ provisioningState: seen.state })
        ? [{ ...wait, state: seen.state ?? wait.state }]
        : [],
    );
    if (running.length === 0) return { kind: "ended" };
    delay = Math.min(delay * 2, maxDelay);
  }
}
