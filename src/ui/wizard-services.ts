import type { AzureAdapter } from "../azure/adapter.js";
import type { CloudName } from "../core/clouds.js";

/** What the wizard works with besides the person's keys: Azure (or the sandbox), a clock and a directory. */
export interface WizardServices {
  readonly adapter: AzureAdapter;
  /** Who and what the wizard works against, e.g. "the built-in demo tenant (sandbox)"; never a token. */
  readonly targetDescription: string;
  readonly cloud: CloudName;
  /** The time recorded as the plan's `observed.at`; injectable so a saved plan can be compared with a golden file. */
  readonly now: () => Date;
  /** Relative plan paths are resolved against this directory. */
  readonly cwd: string;
  /** Subscriptions given with --subscription: picked in advance on the first screen. */
  readonly preselectedSubscriptions: readonly string[];
  /** The DNS server verification resolves through; undefined: the system resolver. */
  readonly dnsServer?: string | undefined;
  /** The hosts file verification reads first (a hosts-file plan); undefined: the plan platform's own. */
  readonly hostsFile?: string | undefined;
  /** The JSON Schema the saved plan's `$schema` points at; the installed one unless a test says otherwise. */
  readonly planSchemaPath?: string;
}
