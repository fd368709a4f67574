import { terminalSafe } from "../core/terminal-safe.js";
import { UserError } from "../core/user-error.js";

/** A read that failed, as one line for the screen: a UserError's message and hint; anything else says it is a bug. */
export function errorText(error: unknown): string {
  return terminalSafe(untrustedErrorText(error));
}

/** Quotes ARM's and the tenant's words, so {@link errorText} makes it terminal-safe (core/terminal-safe.ts). */
function untrustedErrorText(error: unknown): string {
  if (error instanceof UserError)
    return error.hint === undefined ? error.message : `${error.message} ${error.hint}`;
  const message = error instanceof Error ? error.message : String(error);
  return `Internal error: ${message}. This is a bug in vaultlink, not something you did.`;
}

/**
 * @azure/identity's errors when no credential in the default chain works (no `az login`, no environment
 * variables, no managed identity). Tested by name, as src/azure/arm-errors.ts tests RestError, so the wizard does
 * not load the SDK to recognise them.
 */
const MISSING_CREDENTIAL = new Set([
  "CredentialUnavailableError",
  "AggregateAuthenticationError",
  "AuthenticationError",
]);

export function isMissingCredential(error: unknown): boolean {
  return error instanceof Error && MISSING_CREDENTIAL.has(error.name);
}
