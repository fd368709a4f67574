import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { sandboxTrafficEnv } from "../support/sandbox-traffic-env.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = "bin/vaultlink";

/**
 * Runs the built CLI as a user would (a separate process on the bundle), with the test's Node (22+ under
 * `npm test`). Standard input is closed and the streams are pipes, as in CI.
 */
export function runBuiltCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...sandboxTrafficEnv(), ...env },
        timeout: 15_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}
