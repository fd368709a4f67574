/**
 * A problem with what a sandbox user gave it (a state file, a --faults schedule, an event for a vault it does not
 * serve): the message says what and where, the hint how to fix it. The sandbox keeps its own error type rather than
 * the product's, so it depends on nothing of vaultlink but types; `vaultlink sandbox` reports it as a user error.
 */
export class SandboxInputError extends Error {
  override readonly name = "SandboxInputError";
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}
