import { cloudFor } from "../../core/clouds.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { openAzureSession } from "../azure-session.js";
import type { CommandContext } from "../program.js";
import { noPromptReason } from "../prompt-policy.js";

/**
 * `vaultlink` with no command: the interactive wizard. It needs a terminal for keys; without one it says what to
 * run instead. The UI (Ink) is imported only here and after colour is settled: chalk, inside Ink, decides its colour
 * level when it loads and reads FORCE_COLOR but not NO_COLOR, so NO_COLOR and --no-color become FORCE_COLOR=0 first.
 */
export async function runWizard({ options, io }: CommandContext): Promise<ExitCode> {
  const stdin = process.stdin;
  const reason = noPromptReason(options, io.env, { stdin, stdout: io.stdout });
  if (reason !== undefined) {
    throw new UserError(`The wizard asks questions, and vaultlink does not prompt here (${reason}).`, {
      hint: "Run `vaultlink` in a terminal, or replay a saved plan with `vaultlink apply PLAN` (add --dry-run to preview).",
      exitCode: ExitCode.badInput,
    });
  }
  if (!options.color) io.env.FORCE_COLOR = "0";
  const { runWizardApp } = await import("../../ui/run-wizard.js");
  const configuredIsSandbox = options.target.kind !== "azure";
  const outcome = await runWizardApp({
    stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    configuredIsSandbox,
    configuredDescription:
      options.target.kind === "azure"
        ? `Azure (${cloudFor(options.cloud ?? "AzureCloud").name})`
        : "the sandbox",
    openSession: (which) =>
      openAzureSession(which === "sandbox" ? { ...options, target: { kind: "builtInSandbox" } } : options),
    services: {
      cloud: options.cloud ?? "AzureCloud",
      now: () => new Date(),
      cwd: process.cwd(),
      preselectedSubscriptions: options.subscriptions,
    },
  });
  // The last frame already says what happened (printing it again as an error would say it twice); the exit code
  // tells scripts: 0 for a plan saved or a chosen quit, 1 for a failure, 130 for Ctrl-C.
  return outcome.exitCode;
}
