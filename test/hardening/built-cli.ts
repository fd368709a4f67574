import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { CliResult } from "../cli/run-cli.js";

/**
 * Runs the built CLI like test/cli/run-cli.ts, with a longer limit for runs that retry with back-off. A run cut
 * off by the limit ends with code -1, which no assertion on an exit code accepts.
 */
export function runBuiltCliFor(
  limitMs: number,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["bin/vaultlink", ...args],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env },
        timeout: limitMs,
        maxBuffer: 16 * 2 ** 20,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
