import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import type { TestContext } from "vitest";
import { skipOutsideCi } from "../support/skip-outside-ci.js";

/** What `vaultlink sandbox --tls` says in its banner: everything a third-party client needs to use it. */
export interface ServedSandbox {
  readonly url: string;
  readonly certFile: string;
  readonly tokenEndpoint: string;
  readonly curlLine: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built CLI's `vaultlink sandbox --tls --port 0`, as a user would, and reads the URL, the certificate's
 * file, the managed-identity token endpoint and the curl example from its banner.
 */
export function serveSandboxWithTls(): Promise<ServedSandbox> {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  const child = spawn(process.execPath, ["bin/vaultlink", "sandbox", "--tls", "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const seen: Record<string, string> = {};
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const url = /at (https:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      const certFile = /^Certificate .*: (\S+)$/.exec(line)?.[1];
      const tokenEndpoint = /MSI_ENDPOINT=(\S+)$/.exec(line)?.[1];
      if (url !== undefined) seen.url = url;
      if (certFile !== undefined) seen.certFile = certFile;
      if (tokenEndpoint !== undefined) seen.tokenEndpoint = tokenEndpoint;
      if (line.trimStart().startsWith("try: curl")) seen.curlLine = line.trim().slice("try: ".length);
      if (line === "Press Ctrl-C to stop.") {
        const { url: u, certFile: c, tokenEndpoint: t, curlLine } = seen;
        if (u === undefined || c === undefined || t === undefined || curlLine === undefined) {
          reject(new Error(`the banner lacks a line a client needs: ${JSON.stringify(seen)}`));
          return;
        }
        resolve({
          url: u,
          certFile: c,
          tokenEndpoint: t,
          curlLine,
          child,
          stop: async () => {
            child.kill("SIGINT");
            await exited;
          },
        });
      }
    });
    child.on("exit", () => reject(new Error(`vaultlink sandbox exited early: ${stderr}`)));
  });
}

export interface ToolRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a third-party tool with exactly this environment (never the developer's own Azure sign-in). */
export function runTool(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr: error !== null && stderr === "" ? String(error) : stderr });
    });
  });
}

/**
 * Whether a third-party client is installed, and what its probe printed. In CI (CI=true, where `.ci/run` installs it) a missing tool fails the
 * test; elsewhere the test is skipped and says which package to install.
 */
export async function requireTool(
  context: TestContext,
  probe: { file: string; args: readonly string[]; install: string },
): Promise<string> {
  const run = await runTool(probe.file, probe.args, { PATH: process.env.PATH ?? "" }, 60_000);
  if (run.code === 0) return run.stdout.trim();
  const reason = `${probe.file} ${probe.args.join(" ")} failed (${run.stderr.trim().split("\n").at(-1) ?? ""}): install ${probe.install}`;
  console.warn(`skipped: ${reason}`);
  return skipOutsideCi(context, reason, "CI must have this client (.ci/run installs it).");
}
