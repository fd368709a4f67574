import { shellWord } from "../core/shell-quote.js";
import type { GlobalOptions } from "./global-options.js";

/**
 * A vaultlink command line to suggest, with the target the user ran against (`--sandbox [URL]`, `--cloud`), so it
 * can be pasted as printed and reach the same tenant.
 */
export function suggestedCommand(
  options: Pick<GlobalOptions, "target" | "cloud">,
  words: readonly string[],
): string {
  const target =
    options.target.kind === "builtInSandbox"
      ? ["--sandbox"]
      : options.target.kind === "sandboxUrl"
        ? ["--sandbox", options.target.url.href.replace(/\/$/, "")]
        : [];
  const cloud = options.cloud === undefined ? [] : ["--cloud", options.cloud];
  return ["vaultlink", ...words, ...target, ...cloud].map(shellWord).join(" ");
}
