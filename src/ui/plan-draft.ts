import type { AzureAdapter } from "../azure/adapter.js";
import { parseResourceId } from "../core/arm-id.js";
import type { CloudName } from "../core/clouds.js";
import { buildPlan, withObserved } from "../core/plan/build-plan.js";
import type { DnsPlan, Plan } from "../core/plan/plan-schema.js";
import { observedFactsOf } from "../engine/drift.js";
import { type Preview, previewPlan } from "../engine/preview.js";
import type { WizardChoices } from "./wizard-state.js";

/** Where a plan is saved unless the person says otherwise. */
export function defaultPlanPath(vaultName: string): string {
  return `./vaultlink-${vaultName}.plan.json`;
}

/** Azure Private DNS zones next to the first endpoint's VNet: what a plan saved before the DNS step gets. */
function defaultDns(choices: WizardChoices): DnsPlan | undefined {
  const first = choices.endpoints[0];
  if (first === undefined) return undefined;
  const subnet = parseResourceId(first.subnetId);
  if (subnet.kind === "subscription" || subnet.resourceGroup === undefined) return undefined;
  return {
    strategy: "privateZones",
    zoneResourceGroupId: `/subscriptions/${subnet.subscriptionId}/resourceGroups/${subnet.resourceGroup}`,
    zoneGroups: "create",
    extraLinkedVirtualNetworkIds: [],
  };
}

/** What a plan saved before the guidance step gets: change nothing about access, only print the Entra ID rules. */
const DEFAULT_GUIDANCE: Plan["guidance"] = {
  publicNetworkAccess: "keep",
  entraIdOutbound: { mode: "print" },
};

export type Draft =
  | { readonly kind: "plan"; readonly plan: Plan; readonly defaulted: readonly string[] }
  | { readonly kind: "incomplete"; readonly reason: string };

/**
 * The plan the choices so far make. Steps not reached yet take safe defaults (named in `defaulted`, so the person is
 * told); a plan needs at least a vault and one endpoint.
 */
export function draftPlan(choices: WizardChoices, cloud: CloudName, at: Date): Draft {
  const { vault } = choices;
  if (vault === undefined) return { kind: "incomplete", reason: "no vault is chosen yet" };
  if (choices.endpoints.length === 0) return { kind: "incomplete", reason: "no endpoint is chosen yet" };
  const dns = choices.dns ?? defaultDns(choices);
  if (dns === undefined) return { kind: "incomplete", reason: "the endpoints' resource group is unknown" };
  const defaulted = [
    ...(choices.dns === undefined
      ? ["DNS: Azure Private DNS zones in the first endpoint's resource group"]
      : []),
    ...(choices.guidance === undefined
      ? ["guidance: keep public network access, print the Entra ID rules"]
      : []),
  ];
  const secondary = choices.secondary?.kind === "add" ? choices.secondary : null;
  const plan = buildPlan({
    cloud,
    vault: { id: vault.id, location: vault.location },
    endpoints: choices.endpoints,
    secondary:
      secondary === null
        ? null
        : { name: secondary.name, subnetId: secondary.subnetId, location: secondary.location },
    dns,
    guidance: choices.guidance ?? DEFAULT_GUIDANCE,
    workloads: choices.workloads,
    observed: { at, resources: [] },
  });
  return { kind: "plan", plan, defaulted };
}

/**
 * The dry run of a fresh plan (the same engine as `apply --dry-run`), and the plan with what it observed recorded,
 * so that a later `vaultlink apply` can tell when the tenant changed since.
 */
export async function previewDraft(
  adapter: AzureAdapter,
  plan: Plan,
  at: Date,
): Promise<{ readonly preview: Preview; readonly plan: Plan }> {
  const preview = await previewPlan(adapter, plan, { refresh: false });
  return { preview, plan: withObserved(plan, at, observedFactsOf(plan, preview.observed)) };
}
