import { quote } from "./quote.js";
import { UserError } from "./user-error.js";

/**
 * Azure's naming rules for the resources vaultlink creates or points at. Unless said otherwise the limits come
 * from https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules (Microsoft.Network,
 * Microsoft.RecoveryServices, Microsoft.Resources). Lengths count UTF-16 code units, as ARM (.NET) does.
 */

export type NameRule = "length" | "characters" | "start" | "end";

export interface NameRuleFailure {
  readonly rule: NameRule;
  /** A sentence naming the value and the rule it breaks. */
  readonly message: string;
}

export type NameCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly failures: readonly NameRuleFailure[] };

interface CharacterClass {
  readonly test: RegExp;
  readonly text: string;
}

interface NameSpec {
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly allowed: CharacterClass;
  readonly start?: CharacterClass;
  readonly end?: CharacterClass;
}

const ALPHANUMERIC: CharacterClass = { test: /^[A-Za-z0-9]$/, text: "a letter or digit" };
const ALPHANUMERIC_OR_UNDERSCORE: CharacterClass = {
  test: /^[A-Za-z0-9_]$/,
  text: "a letter, digit or underscore",
};
const LETTER: CharacterClass = { test: /^[A-Za-z]$/, text: "a letter" };

/** The rule most Microsoft.Network names share: alphanumerics, underscores, periods and hyphens. */
function networkName(what: string, min: number, max: number): NameSpec {
  return {
    what,
    min,
    max,
    allowed: { test: /^[A-Za-z0-9_.-]$/, text: "letters, digits, underscores, periods and hyphens" },
    start: ALPHANUMERIC,
    end: ALPHANUMERIC_OR_UNDERSCORE,
  };
}

/** Microsoft.Network/privateEndpoints: 2–64. */
export const PRIVATE_ENDPOINT_NAME_MAX = 64;
const PRIVATE_ENDPOINT = networkName("Private endpoint name", 2, PRIVATE_ENDPOINT_NAME_MAX);
/** Microsoft.Network/networkSecurityGroups/securityRules: 1–80. */
const SECURITY_RULE = networkName("Security rule name", 1, 80);
/** Microsoft.RecoveryServices/vaults: 2–50, alphanumerics and hyphens, start with a letter. */
const RECOVERY_SERVICES_VAULT: NameSpec = {
  what: "Recovery Services vault name",
  min: 2,
  max: 50,
  allowed: { test: /^[A-Za-z0-9-]$/, text: "letters, digits and hyphens" },
  start: LETTER,
};
/**
 * Microsoft.Resources/resourceGroups: 1–90; underscores, hyphens, periods, parentheses, and letters or digits as
 * .NET's Char.IsLetterOrDigit defines them (Unicode categories Lu, Ll, Lt, Lm, Lo, Nd); can't end with a period.
 */
const RESOURCE_GROUP: NameSpec = {
  what: "Resource group name",
  min: 1,
  max: 90,
  allowed: {
    test: /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_\-.()]$/u,
    text: "letters, digits, underscores, hyphens, periods and parentheses",
  },
  end: { test: /^[^.]$/, text: "a character other than a period" },
};

function plural(n: number): string {
  return n === 1 ? "1 character" : `${n} characters`;
}

function checkSpec(spec: NameSpec, value: string): NameRuleFailure[] {
  const failures: NameRuleFailure[] = [];
  const label = `${spec.what} ${quote(value)}`;
  if (value.length < spec.min || value.length > spec.max) {
    failures.push({
      rule: "length",
      message: `${label} is ${plural(value.length)} long; it must be ${spec.min}–${spec.max} characters.`,
    });
  }
  const bad = [...new Set([...value].filter((c) => !spec.allowed.test.test(c)))];
  if (bad.length > 0) {
    failures.push({
      rule: "characters",
      message: `${label} contains ${bad.map((c) => quote(c)).join(", ")}; only ${spec.allowed.text} are allowed.`,
    });
  }
  const first = value[0];
  if (spec.start !== undefined && first !== undefined && !spec.start.test.test(first)) {
    failures.push({ rule: "start", message: `${label} must start with ${spec.start.text}.` });
  }
  const last = value.at(-1);
  if (spec.end !== undefined && last !== undefined && !spec.end.test.test(last)) {
    failures.push({ rule: "end", message: `${label} must end with ${spec.end.text}.` });
  }
  return failures;
}

function result(failures: readonly NameRuleFailure[]): NameCheck {
  return failures.length === 0 ? { ok: true } : { ok: false, failures };
}

export function validatePrivateEndpointName(name: string): NameCheck {
  return result(checkSpec(PRIVATE_ENDPOINT, name));
}

export function validateSecurityRuleName(name: string): NameCheck {
  return result(checkSpec(SECURITY_RULE, name));
}

export function validateResourceGroupName(name: string): NameCheck {
  return result(checkSpec(RESOURCE_GROUP, name));
}

export function validateVaultName(name: string): NameCheck {
  return result(checkSpec(RECOVERY_SERVICES_VAULT, name));
}

/** Deterministic 32-bit FNV-1a, written in base 36: a short tag that keeps truncated names distinct. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, "0");
}

function trimTo(text: string, max: number): string {
  return text.slice(0, max).replace(/[-._]+$/, "");
}

/**
 * A readable private endpoint name, `pe-<vault>-<vnet>-<suffix>`, e.g. `pe-rsv-prod-vnet-hub-backup`. When that
 * is longer than 64, the vault and VNet parts are shortened evenly and a hash of the full inputs is added, so
 * different long inputs still give different names. The same inputs always give the same name.
 * @throws UserError when the result would still break the naming rules (e.g. a suffix with spaces).
 */
export function proposeEndpointName(vaultName: string, vnetName: string, suffix = "backup"): string {
  const whole = `pe-${vaultName}-${vnetName}-${suffix}`;
  let name = whole;
  if (whole.length > PRIVATE_ENDPOINT_NAME_MAX) {
    const tag = shortHash(`${vaultName}\u0000${vnetName}\u0000${suffix}`);
    const fixed = `pe---${suffix}-${tag}`.length;
    const budget = Math.max(0, PRIVATE_ENDPOINT_NAME_MAX - fixed);
    const half = Math.floor(budget / 2);
    const vaultShare = Math.min(vaultName.length, Math.max(half, budget - vnetName.length));
    const vnetShare = Math.min(vnetName.length, budget - vaultShare);
    name = `pe-${trimTo(vaultName, vaultShare)}-${trimTo(vnetName, vnetShare)}-${suffix}-${tag}`;
  }
  const check = validatePrivateEndpointName(name);
  if (!check.ok) {
    throw new UserError(
      `Cannot make a private endpoint name from vault ${quote(vaultName)}, VNet ${quote(vnetName)} and suffix ${quote(suffix)}.`,
      {
        hint: check.failures.map((f) => f.message).join(" "),
      },
    );
  }
  return name;
}

/** The name for the cross-region-restore endpoint (group id AzureBackup_secondary) in the secondary region's VNet. */
export function proposeSecondaryEndpointName(vaultName: string, vnetName: string): string {
  return proposeEndpointName(vaultName, vnetName, "backup-secondary");
}
