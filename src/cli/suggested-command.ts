import type { GlobalOptions } from "./global-options.js";

/** A word as a POSIX shell reads it back: plain when it is safe, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

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
