import { subnetAddressesOf, subnetCapacity } from "../core/address-capacity.js";
import { sameResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";

type Fact = string | number | boolean | null;
export type ObservedResource = Plan["observed"]["resources"][number];

/** One fact that differs between planning and now. */
export interface Drift {
  readonly id: string;
  readonly field: string;
  readonly planned: Fact;
  readonly now: Fact;
}

/**
 * The facts a plan depends on, per resource: recorded in the plan when it is made, and compared with today's on
 * apply. The same function does both, so what is recorded is exactly what is checked. Facts leave out what the
 * plan's own endpoints change (their connections, their addresses), so re-running an interrupted apply is not
 * mistaken for drift.
 */
export function observedFactsOf(plan: Plan, observed: ObservedState): ObservedResource[] {
  const desired = desiredStateOf(plan);
  const ownEndpoints = observed.privateEndpoints.filter((e) =>
    desired.endpoints.some((d) => sameResourceId(d.request.id, e.id)),
  );
  const isOwnEndpoint = (id: string) => ownEndpoints.some((e) => sameResourceId(e.id, id));
  const ownNetworkInterfaces = ownEndpoints.flatMap((e) =>
    e.networkInterfaceIds.map((id) => id.toLowerCase()),
  );
  const isOwnAddress = (ipConfigurationId: string) =>
    ownNetworkInterfaces.some((nic) => ipConfigurationId.toLowerCase().startsWith(`${nic}/`));

  const vault = observed.vault;
  const resources: ObservedResource[] = [
    {
      id: plan.vault.id,
      etag: null,
      facts:
        vault === undefined
          ? { exists: false }
          : {
              exists: true,
              publicNetworkAccess: vault.publicNetworkAccess,
              otherPrivateEndpointConnections: vault.privateEndpointConnections.filter(
                (c) => !isOwnEndpoint(c.privateEndpointId),
              ).length,
              protectedItems: observed.protectedItems,
            },
    },
  ];
  const subnetIds = new Map(plan.endpoints.map((e) => [e.subnetId.toLowerCase(), e.subnetId]));
  for (const id of subnetIds.values()) {
    const subnet = observed.subnets.find((s) => sameResourceId(s.id, id));
    const others = subnet?.ipConfigurations.filter((c) => !isOwnAddress(c.id)) ?? [];
    resources.push({
      id,
      etag: null,
      facts:
        subnet === undefined
          ? { exists: false }
          : {
              exists: true,
              freeAddresses: subnetCapacity(subnetAddressesOf({ ...subnet, ipConfigurations: others })).free,
            },
    });
  }
  return resources;
}

/** What changed since the plan was made, field by field; empty when nothing the plan relied on moved. */
export function driftSince(plan: Plan, observed: ObservedState): Drift[] {
  const now = observedFactsOf(plan, observed);
  return plan.observed.resources.flatMap((recorded) => {
    const current = now.find((r) => sameResourceId(r.id, recorded.id));
    if (current === undefined) return [];
    return Object.entries(recorded.facts).flatMap(([field, planned]): Drift[] => {
      const value = current.facts[field] ?? null;
      return value === planned ? [] : [{ id: recorded.id, field, planned, now: value }];
    });
  });
}
