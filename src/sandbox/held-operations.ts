import { objectAt } from "./arm-resource.js";
import { SandboxInputError } from "./sandbox-error.js";
import type { ResourceStore } from "./store.js";

/**
 * An operation on a resource that is still running, held as long as a test (or a sandbox user) wants: the resource
 * shows a non-terminal provisioningState (`Updating`, `Creating`, `Deleting`…) to every GET until it is released,
 * then ends `Succeeded` or `Failed` as that operation would. This is what a client meets when an earlier run's write
 * (interrupted, or another person's) is still in flight: ARM's provisioningState values are documented at
 * https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations. No ARM request can ask for
 * it and a latency profile only races, so the sandbox takes it on its own route (operations-route.ts).
 */
export const HELD_STATES = ["Updating", "Creating", "Accepted", "Provisioning", "Deleting"] as const;
export type HeldState = (typeof HELD_STATES)[number];

export const HELD_OUTCOMES = ["Succeeded", "Failed", "Canceled"] as const;
export type HeldOutcome = (typeof HELD_OUTCOMES)[number];

export interface HeldOperation {
  readonly resourceId: string;
  readonly state: HeldState;
}

function requireResource(store: ResourceStore, resourceId: string, verb: string) {
  const resource = store.get(resourceId);
  if (resource === undefined)
    throw new SandboxInputError(`${verb}: ${resourceId} is not a resource in the sandbox.`, {
      hint: "Give the full ARM id of a resource the sandbox serves (a GET of it answers 200).",
    });
  return resource;
}

/** Puts `resourceId` in `state` until {@link releaseOperation}: what its GETs show while the operation runs. */
export function holdOperation(store: ResourceStore, resourceId: string, state: HeldState): HeldOperation {
  const resource = requireResource(store, resourceId, "hold");
  objectAt(resource.properties).provisioningState = state;
  store.put(resource);
  return { resourceId: resource.id, state };
}

/** Ends the held operation on `resourceId`: the resource is left in `outcome`, as ARM leaves it. */
export function releaseOperation(
  store: ResourceStore,
  resourceId: string,
  outcome: HeldOutcome,
): { readonly resourceId: string; readonly provisioningState: HeldOutcome } {
  const resource = requireResource(store, resourceId, "release");
  objectAt(resource.properties).provisioningState = outcome;
  store.put(resource);
  return { resourceId: resource.id, provisioningState: outcome };
}
