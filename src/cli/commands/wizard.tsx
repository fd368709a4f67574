import { render } from "ink";
import { WizardPlaceholder } from "../../ui/WizardPlaceholder.js";
import type { Target } from "../global-options.js";
import type { CommandContext } from "../program.js";
import { version } from "../version.js";

function describeTarget(target: Target): string {
  switch (target.kind) {
    case "azure":
      return "Azure (your signed-in account)";
    case "builtInSandbox":
      return "the built-in demo tenant (sandbox)";
    case "sandboxUrl":
      return `the sandbox at ${target.url.origin}`;
  }
}

/** `vaultlink` with no command: the interactive wizard (a placeholder screen until the wizard lands). */
export async function runWizard({ options, io }: CommandContext): Promise<void> {
  const instance = render(<WizardPlaceholder version={version} target={describeTarget(options.target)} />, {
    stdout: io.stdout,
    stderr: io.stderr,
    patchConsole: false,
  });
  await instance.waitUntilExit();
}
