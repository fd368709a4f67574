import { ExitCode, UserError } from "../core/user-error.js";
import type { GlobalOptions } from "./global-options.js";

/**
 * Environment variables that say nobody is at the keyboard to answer: CI systems set `CI` (GitHub Actions, Azure
 * Pipelines, GitLab, CircleCI…); coding agents set their own (`CLAUDECODE` by Claude Code, `GEMINI_CLI` by Gemini
 * CLI). `VAULTLINK_NO_PROMPT` is ours.
 */
const NO_PROMPT_VARIABLES = ["CI", "VAULTLINK_NO_PROMPT", "CLAUDECODE", "GEMINI_CLI"] as const;

const set = (value: string | undefined) =>
  value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";

/** Why vaultlink must not wait for an answer here, or undefined when it may ask. */
export function noPromptReason(
  options: Pick<GlobalOptions, "noPrompt">,
  env: NodeJS.ProcessEnv,
  streams: { readonly stdin: { readonly isTTY?: boolean }; readonly stdout: { readonly isTTY?: boolean } },
): string | undefined {
  if (options.noPrompt) return "--no-prompt was given";
  const variable = NO_PROMPT_VARIABLES.find((name) => set(env[name]));
  if (variable !== undefined) return `${variable} is set`;
  if (streams.stdin.isTTY !== true) return "standard input is not a terminal";
  if (streams.stdout.isTTY !== true) return "standard output is not a terminal";
  return undefined;
}

/**
 * A decision only a person or a flag can make, in a run that must not prompt: an error that names the flag that
 * supplies it (exit 2), never a prompt that waits forever.
 */
export function decisionNeeded(what: string, reason: string, flag: string, hint?: string): UserError {
  return new UserError(`${what}, but vaultlink does not prompt here (${reason}).`, {
    hint: hint ?? `Add ${flag} to decide it on the command line.`,
    exitCode: ExitCode.badInput,
  });
}
