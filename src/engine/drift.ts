import { subnetAddressesOf, subnetCapacity } from "../core/address-capacity.js";
import { sameResourceId } from "../core/arm-id.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { MAX_BACKUP_ENDPOINTS_PER_VAULT } from "../core/rules/endpoint-limits.js";
import { addressesNeeded } from "../core/rules/endpoint-subnet.js";
import { backupServerDataSources } from "../core/rules/workloads.js";
import { desiredStateOf } from "./desired-state.js";
import type { ObservedState } from "./observed-state.js";

type Fact = string | number | boolean | null;
export type ObservedResource = Plan["observed"]["resources"][number];

/**
 * One fact the plan relied on that changed in a way that matters: the decision it fed would now be different.
 * `reason` says which decision, in words.
 */
export interface Drift {
  readonly id: string;
  readonly field: string;
  readonly planned: Fact;
  readonly now: Fact;
  readonly reason: string;
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

/**
 * How each recorded fact is judged: the decision it fed at planning time, made again with today's value. A fact is
 * drift only when that decision comes out differently, never merely because a number moved; and a fact the plan
 * itself sets (public network access) is drift only when today's value is neither the one observed at planning
 * nor the one the plan sets, so a replay after a complete or interrupted apply is not mistaken for a change.
 * A fact this table does not know is compared as it is.
 */
type Judge = (recorded: Fact, now: Fact, plan: Plan, resourceId: string) => string | undefined;

const plannedEndpointsIn = (plan: Plan, subnetId: string) =>
  plan.endpoints.filter((e) => sameResourceId(e.subnetId, subnetId)).length;

const JUDGES: Readonly<Record<string, Judge>> = {
  exists: (recorded, now) => (recorded === true && now === false ? "it no longer exists" : undefined),
  publicNetworkAccess: (recorded, now, plan) => {
    const intended = plan.guidance.publicNetworkAccess === "deny" ? "Disabled" : undefined;
    if (now === recorded || now === intended) return undefined;
    return plan.guidance.publicNetworkAccess === "deny"
      ? `public network access is ${String(now)}, neither as observed nor as the plan sets it`
      : `the plan keeps public network access as it was (${String(recorded)}), and it is ${String(now)} now`;
  },
  protectedItems: (recorded, now) => {
    const had = typeof recorded === "number" && recorded > 0;
    const has = typeof now === "number" && now > 0;
    return !had && has
      ? "items are protected in the vault now: it can no longer take backup private endpoints"
      : undefined;
  },
  otherPrivateEndpointConnections: (recorded, now, plan) => {
    const fits = (others: Fact) =>
      typeof others === "number" && others + plan.endpoints.length <= MAX_BACKUP_ENDPOINTS_PER_VAULT;
    if (!fits(recorded) || fits(now)) return undefined;
    return `with ${String(now)} other endpoints, the plan's ${plan.endpoints.length} no longer fit under the limit of ${MAX_BACKUP_ENDPOINTS_PER_VAULT} per vault`;
  },
  freeAddresses: (recorded, now, plan, subnetId) => {
    const planned = plannedEndpointsIn(plan, subnetId);
    const dataSources = backupServerDataSources(plan.workloads);
    const needed = addressesNeeded(planned, dataSources);
    const fits = (free: Fact) => typeof free === "number" && free >= needed;
    if (!fits(recorded) || fits(now)) return undefined;
    const serverNote = dataSources > 0 ? `, with ${dataSources} for the backup server's data sources` : "";
    return `the ${planned} planned endpoint${planned === 1 ? "" : "s"} (${needed} addresses${serverNote}) no longer fit${planned === 1 ? "s" : ""}: ${String(now)} free`;
  },
};

const compareAsIs: Judge = (recorded, now) =>
  recorded === now ? undefined : "it differs from what was observed when the plan was made";

/**
 * What changed since the plan was made that turns a decision the plan was built on against it; empty when
 * nothing that matters moved. A change for the better (addresses freed, say) is not drift: the preview shows its
 * effect, and a plan saved while blocked can be applied once the blocker is fixed. Resources observed now but not recorded (an older plan, or a plan written by hand) are not drift.
 */
export function driftSince(plan: Plan, observed: ObservedState): Drift[] {
  const now = observedFactsOf(plan, observed);
  return plan.observed.resources.flatMap((recorded) => {
    const current = now.find((r) => sameResourceId(r.id, recorded.id));
    if (current === undefined) return [];
    const gone = current.facts.exists === false && recorded.facts.exists !== false;
    return Object.entries(recorded.facts).flatMap(([field, planned]): Drift[] => {
      const value = current.facts[field] ?? null;
      // A resource that is gone is one drift ("it no longer exists"), not one per fact it had.
      if (gone && field !== "exists") return [];
      const reason = (JUDGES[field] ?? compareAsIs)(planned, value, plan, recorded.id);
      return reason === undefined ? [] : [{ id: recorded.id, field, planned, now: value, reason }];
    });
  });
}
