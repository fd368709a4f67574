/** Exit codes scripts can rely on (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  badInput: 2,
  blockedByFinding: 3,
  /** `vaultlink dns --check`: DNS lacks records the endpoints list today (like `terraform plan -detailed-exitcode`). */
  dnsOutOfDate: 4,
  /**
   * `vaultlink apply PLAN --dry-run --detailed-exitcode`: the preview found changes to make (Terraform's
   * `plan -detailed-exitcode` says 2; vaultlink's 2 is bad input, so 5).
   */
  changesPending: 5,
  /**
   * `vaultlink apply`: an operation someone else started (an interrupted earlier run's write, a person in the portal)
   * was still running on a planned resource when apply stopped waiting for it; nothing was written.
   */
  operationInProgress: 6,
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report a process SIGINT ended). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A problem the user can fix: bad input, a missing file, a refused request. The CLI prints its message
 * and hint without a stack trace and exits with its code. Anything that is not a UserError is a bug.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.badInput;
  }
}
