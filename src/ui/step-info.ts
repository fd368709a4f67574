import type { LinePart } from "./components/frame-text.js";
import type { StepId } from "./wizard-state.js";

/** What each screen says at its top: its title, one line on why it matters, and the keys it takes. */
export interface StepInfo {
  readonly title: string;
  /** One line, at most 78 columns: the frame never wraps it. */
  readonly why: string;
  /** In the order shown; at narrow widths the parts with the highest `drop` go first. */
  readonly keys: readonly LinePart[];
}

const key = (text: string, drop: number): LinePart => ({ text, drop });
const MOVE = key("↑/↓ move", 3);
const FILTER = key("type to filter", 4);
const BACK = key("Esc back", 2);
const QUIT = key("q quit", 6);
const HELP = key("? keys", 5);
const LIST_KEYS = [MOVE, FILTER, key("Enter choose", 1), BACK, HELP];

export const STEP_INFO: Readonly<Record<StepId, StepInfo>> = {
  scope: {
    title: "Sign-in & scope",
    why: "vaultlink reads vaults and networks only in the subscriptions you pick.",
    keys: [MOVE, key("Space toggle", 1), key("Enter continue", 1), QUIT, HELP],
  },
  vault: {
    title: "Vault",
    why: "Private endpoints need a vault that never had items registered.",
    keys: [MOVE, FILTER, key("Enter choose", 1), key("Tab details", 3), BACK, HELP],
  },
  endpoints: {
    title: "Endpoints & subnets",
    why: "Each endpoint takes about 10 private IPs; a /25 free is recommended.",
    keys: [MOVE, FILTER, key("Space pick", 1), key("Enter continue", 1), BACK, HELP],
  },
  dns: {
    title: "DNS strategy",
    why: "Clients must resolve the vault's privatelink names to private IPs.",
    keys: [MOVE, key("Enter choose", 1), BACK, QUIT, HELP],
  },
  guidance: {
    title: "Entra ID & network",
    why: "The endpoints do not cover Microsoft Entra ID: allow outbound 443 to it.",
    keys: [key("PgUp/PgDn scroll", 2), MOVE, key("Enter choose", 1), BACK, QUIT, HELP],
  },
  secondary: {
    title: "Secondary region",
    why: "Cross-region restore over private networks needs an endpoint in the pair.",
    keys: LIST_KEYS,
  },
  review: {
    title: "Review",
    why: "The dry run of `vaultlink apply`: nothing is written until you apply.",
    keys: [key("PgUp/PgDn scroll", 2), MOVE, key("Enter choose", 1), BACK, QUIT, HELP],
  },
  apply: {
    title: "Apply & verify",
    why: "vaultlink makes Azure match the plan, then reads it back to check.",
    keys: [key("↑/↓ PgUp/PgDn scroll", 2), key("Enter or q exit when done", 1)],
  },
};

/** Every key the wizard takes, for the `?` screen. */
export const ALL_KEYS: readonly (readonly [string, string])[] = [
  ["↑ / ↓, PgUp / PgDn", "move in a list, scroll a page"],
  ["Home / End", "to the top or the end of a page"],
  ["letters, digits, - . _", "filter a long list (Esc clears the filter)"],
  ["Space", "pick or unpick (subscriptions, subnets, NSGs)"],
  ["Enter", "choose, continue"],
  ["Tab", "the vault's details: scroll them, Tab back"],
  ["c", "a page of commands: write them to a file"],
  ["Esc", "back one step, keeping your choices"],
  ["Ctrl-A / Ctrl-E, ← / →", "in a field: start, end, one character"],
  ["Alt-B / Alt-F", "in a field: one word back, forward"],
  ["Ctrl-U / Ctrl-K / Ctrl-W", "in a field: delete to start, to end, a word"],
  ["↑ / ↓ in a path", "earlier paths typed in this run"],
  ["q", "quit (asks first; not while typing)"],
  ["Ctrl-C", "quit (asks first, offers to save a plan)"],
  ["?", "show or hide these keys"],
];
