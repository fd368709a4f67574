import type { WizardServices } from "../wizard-services.js";
import type { WizardAction, WizardState } from "../wizard-state.js";

/** What every step screen receives. */
export interface StepProps {
  readonly state: WizardState;
  readonly dispatch: (action: WizardAction) => void;
  readonly services: WizardServices;
  /** False while an overlay (keys, quit) is open: the step ignores keys. */
  readonly active: boolean;
  /** Lines a list or a scrolled view may take on this terminal. */
  readonly height: number;
}
