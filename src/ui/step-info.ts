import type { StepId } from "./wizard-state.js";

/** What each screen says at its top: its title, one line on why it matters, and the keys it takes. */
export interface StepInfo {
  readonly title: string;
  readonly why: string;
  readonly keys: string;
}

const LIST_KEYS = "↑/↓ move · type to filter · Enter choose · Esc back · ? keys";

export const STEP_INFO: Readonly<Record<StepId, StepInfo>> = {
  scope: {
    title: "Sign-in & scope",
    why: "vaultlink reads vaults and networks only in the subscriptions you pick here.",
    keys: "↑/↓ move · Space toggle · Enter continue · q quit · ? keys",
  },
  vault: {
    title: "Vault",
    why: "Backup private endpoints work only for a vault that never had items registered; each vault is checked.",
    keys: LIST_KEYS,
  },
  endpoints: {
    title: "Endpoints & subnets",
    why: "Each endpoint takes about 10 private IPs and may grow; Microsoft recommends a /25 free.",
    keys: "↑/↓ move · type to filter · Space pick (one subnet per VNet) · Enter continue · Esc back · ? keys",
  },
  dns: {
    title: "DNS strategy",
    why: "Clients must resolve the vault's privatelink names to the endpoints' private IPs, or backups go public.",
    keys: "↑/↓ move · Enter choose · Esc back · q quit · ? keys",
  },
  guidance: {
    title: "Microsoft Entra ID & network guidance",
    why: "The endpoints do not cover Entra ID: workloads still need outbound 443 to it.",
    keys: "↑/↓ move · Space toggle · Enter choose · Esc back · q quit · ? keys",
  },
  secondary: {
    title: "Secondary region",
    why: "Cross-region restore over private networking needs an endpoint in the vault's paired region.",
    keys: "↑/↓ move · type to filter · Enter choose · Esc back · ? keys",
  },
  review: {
    title: "Review",
    why: "The dry run below is what `vaultlink apply` would do: nothing is written until you choose apply.",
    keys: "PgUp/PgDn scroll · ↑/↓ move · Enter choose · Esc back · q quit · ? keys",
  },
  apply: {
    title: "Apply & verify",
    why: "vaultlink makes Azure match the plan, then reads it back to check.",
    keys: "q quit when done",
  },
};

/** Every key the wizard takes, for the `?` screen. */
export const ALL_KEYS: readonly (readonly [string, string])[] = [
  ["↑ / ↓, PgUp / PgDn", "move in a list"],
  ["letters, digits, - . _", "filter a long list (Backspace deletes, Esc clears the filter)"],
  ["Space", "pick or unpick (subscriptions, subnets, NSGs)"],
  ["Enter", "choose, continue"],
  ["Esc", "back one step, keeping your choices"],
  ["q", "quit (asks first; not while typing in a list or a field)"],
  ["Ctrl-C", "quit (asks first, offers to save a plan)"],
  ["?", "show or hide these keys"],
];
