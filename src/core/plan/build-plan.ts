import type { CloudName } from "../clouds.js";
import { type DnsPlan, PLAN_VERSION, type Plan, planSchema, type Workload } from "./plan-schema.js";

/** One endpoint the person chose: a subnet (in a VNet of `location`) and the endpoint's name. */
export interface EndpointChoice {
  readonly name: string;
  readonly subnetId: string;
  /** The region of the subnet's VNet, which is where the endpoint goes. */
  readonly location: string;
}

/** Everything the wizard asks, as plain values: what `buildPlan` turns into a plan. */
export interface PlanChoices {
  readonly cloud: CloudName;
  readonly vault: { readonly id: string; readonly location: string };
  /** Primary (AzureBackup) endpoints, at least one. */
  readonly endpoints: readonly EndpointChoice[];
  /** The cross-region restore endpoint (AzureBackup_secondary) in the paired region, or null for none. */
  readonly secondary: EndpointChoice | null;
  readonly dns: DnsPlan;
  readonly guidance: Plan["guidance"];
  /** What the vault will protect, as answered; undefined when not asked. */
  readonly workloads?: readonly Workload[] | undefined;
  /** When the inventory behind the choices was read, and the facts the plan relies on (for drift on apply). */
  readonly observed: { readonly at: Date; readonly resources: Plan["observed"]["resources"] };
}

/**
 * The wizard's choices as a plan (version 1), checked by the plan schema: a choice the schema refuses is a bug in
 * the wizard, not something the person can fix, so it throws. Endpoints are auto-approved: the person applying the
 * plan is expected to hold rights on the vault (the dry run says when they do not).
 */
export function buildPlan(choices: PlanChoices): Plan {
  const endpoints: Plan["endpoints"] = [
    ...choices.endpoints.map((e) => ({
      name: e.name,
      groupId: "AzureBackup" as const,
      subnetId: e.subnetId,
      location: e.location,
      approval: "auto" as const,
    })),
    ...(choices.secondary === null
      ? []
      : [
          {
            name: choices.secondary.name,
            groupId: "AzureBackup_secondary" as const,
            subnetId: choices.secondary.subnetId,
            location: choices.secondary.location,
            approval: "auto" as const,
          },
        ]),
  ];
  return planSchema.parse({
    version: PLAN_VERSION,
    cloud: choices.cloud,
    vault: { id: choices.vault.id, location: choices.vault.location },
    endpoints,
    secondaryRegion: choices.secondary === null ? null : choices.secondary.location,
    dns: choices.dns,
    guidance: choices.guidance,
    ...(choices.workloads === undefined ? {} : { workloads: choices.workloads }),
    observed: { at: choices.observed.at.toISOString(), resources: choices.observed.resources },
  });
}

/** The same plan, with what was observed when it was previewed: written into the plan file for drift checks. */
export function withObserved(plan: Plan, at: Date, resources: Plan["observed"]["resources"]): Plan {
  return { ...plan, observed: { at: at.toISOString(), resources } };
}
