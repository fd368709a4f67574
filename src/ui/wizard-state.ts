import type { Vault } from "../core/inventory.js";
import type { EndpointChoice } from "../core/plan/build-plan.js";
import type { DnsPlan, Plan, Workload } from "../core/plan/plan-schema.js";
import type { Action } from "../engine/action.js";

/** The wizard's screens, in order. `secondary` is shown only for a vault that has or could have cross-region restore. */
export const STEP_IDS = [
  "scope",
  "vault",
  "endpoints",
  "dns",
  "guidance",
  "secondary",
  "review",
  "apply",
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** A primary endpoint choice, with the VNet it lands in (for showing and for DNS links). */
export interface EndpointSelection extends EndpointChoice {
  readonly virtualNetworkId: string;
}

/** The secondary endpoint for cross-region restore: added in the paired region, or left out. */
export type SecondaryChoice = { readonly kind: "skip" } | ({ readonly kind: "add" } & EndpointSelection);

/** What the person has chosen so far; each step fills one field, and going back keeps them all. */
export interface WizardChoices {
  readonly subscriptionIds: readonly string[] | undefined;
  readonly vault: Vault | undefined;
  /** What the vault will protect, asked at the start of the endpoints step (it sizes their subnets). */
  readonly workloads: readonly Workload[] | undefined;
  readonly endpoints: readonly EndpointSelection[];
  readonly dns: DnsPlan | undefined;
  readonly guidance: Plan["guidance"] | undefined;
  readonly secondary: SecondaryChoice | undefined;
}

/** An overlay over the current step: the keys, or the question before quitting. */
export type Overlay = "none" | "help" | "quit";

/** What the review hands to the apply step: the saved plan, where it is, and the dry run's actions. */
export interface ApplyRun {
  readonly planPath: string;
  readonly plan: Plan;
  /** The review's actions, shown until the apply step's own preview (made right before writing) replaces them. */
  readonly actions: readonly Action[];
}

export interface WizardState {
  readonly step: StepId;
  readonly choices: WizardChoices;
  readonly overlay: Overlay;
  /** Set when the person chose "apply now" on the review. */
  readonly run: ApplyRun | undefined;
}

export type WizardAction =
  | { readonly type: "scopeChosen"; readonly subscriptionIds: readonly string[] }
  | { readonly type: "vaultChosen"; readonly vault: Vault }
  /** Answered within the endpoints step: the step stays, its subnet list follows. */
  | { readonly type: "workloadsChosen"; readonly workloads: readonly Workload[] }
  | { readonly type: "endpointsChosen"; readonly endpoints: readonly EndpointSelection[] }
  | { readonly type: "dnsChosen"; readonly dns: DnsPlan }
  | { readonly type: "guidanceChosen"; readonly guidance: Plan["guidance"] }
  | { readonly type: "secondaryChosen"; readonly secondary: SecondaryChoice }
  | { readonly type: "applyChosen"; readonly run: ApplyRun }
  | { readonly type: "back" }
  | { readonly type: "toggleHelp" }
  | { readonly type: "askQuit" }
  | { readonly type: "cancelQuit" };

export const initialWizardState: WizardState = {
  step: "scope",
  choices: {
    subscriptionIds: undefined,
    vault: undefined,
    workloads: undefined,
    endpoints: [],
    dns: undefined,
    guidance: undefined,
    secondary: undefined,
  },
  overlay: "none",
  run: undefined,
};

/**
 * Cross-region restore needs geo-redundant storage
 * (https://learn.microsoft.com/azure/backup/backup-create-recovery-services-vault#set-cross-region-restore): a GRS
 * vault could have it, a vault with it on needs the secondary endpoint to restore privately.
 */
export function offersSecondaryRegion(vault: Vault | undefined): boolean {
  return vault !== undefined && (vault.crossRegionRestore || vault.redundancy === "GRS");
}

/** Why a step does not apply to these choices, or undefined when it does (or cannot be told yet). */
export function skippedBecause(step: StepId, choices: WizardChoices): string | undefined {
  const { vault } = choices;
  if (step === "secondary" && vault !== undefined && !offersSecondaryRegion(vault))
    return `${vault.name} is ${vault.redundancy}, no cross-region restore`;
  return undefined;
}

/**
 * The steps this person goes through, given the vault chosen. "Step N of M" counts every step, skipped or not, so
 * the total never changes under the person (steps that do not apply are shown as skipped, with why).
 */
export function visibleSteps(choices: WizardChoices): StepId[] {
  return STEP_IDS.filter((step) => skippedBecause(step, choices) === undefined);
}

function next(step: StepId, choices: WizardChoices): StepId {
  const steps = visibleSteps(choices);
  return steps[steps.indexOf(step) + 1] ?? step;
}

function previous(step: StepId, choices: WizardChoices): StepId {
  const steps = visibleSteps(choices);
  return steps[Math.max(0, steps.indexOf(step) - 1)] ?? step;
}

function forward(state: WizardState, choices: WizardChoices): WizardState {
  return { ...state, choices, step: next(state.step, choices) };
}

/**
 * The wizard as one pure function: a step's answer moves forward, `back` moves back one visible step and keeps
 * every choice. Choosing another vault drops the endpoints and the secondary choice: their names and the 12-per-vault
 * count belong to the vault they were made for.
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  const { choices } = state;
  switch (action.type) {
    case "scopeChosen":
      return forward(state, { ...choices, subscriptionIds: action.subscriptionIds });
    case "vaultChosen": {
      const sameVault = choices.vault?.id.toLowerCase() === action.vault.id.toLowerCase();
      return forward(state, {
        ...choices,
        vault: action.vault,
        endpoints: sameVault ? choices.endpoints : [],
        secondary: sameVault ? choices.secondary : undefined,
      });
    }
    case "workloadsChosen":
      return { ...state, choices: { ...choices, workloads: action.workloads } };
    case "endpointsChosen":
      return forward(state, { ...choices, endpoints: action.endpoints });
    case "dnsChosen":
      return forward(state, { ...choices, dns: action.dns });
    case "guidanceChosen":
      return forward(state, { ...choices, guidance: action.guidance });
    case "secondaryChosen":
      return forward(state, { ...choices, secondary: action.secondary });
    case "applyChosen":
      return state.step === "review" ? { ...state, step: "apply", run: action.run } : state;
    case "back":
      if (state.overlay !== "none") return { ...state, overlay: "none" };
      // Once writes began there is no going back: the apply screen ends the wizard.
      if (state.step === "apply") return state;
      return { ...state, step: previous(state.step, choices) };
    case "toggleHelp":
      return { ...state, overlay: state.overlay === "help" ? "none" : "help" };
    case "askQuit":
      return { ...state, overlay: "quit" };
    case "cancelQuit":
      return { ...state, overlay: "none" };
  }
}
