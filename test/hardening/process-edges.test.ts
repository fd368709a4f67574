import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

function requireBuild(): void {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
}

/** Runs the built CLI with its standard output read by nobody: the pipe's reader is closed before it writes. */
function runWithReaderGone(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  requireBuild();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/vaultlink", ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("output to a reader that stopped reading (`vaultlink … | head -1`)", () => {
  for (const [name, args, code] of [
    ["check", ["check", "--sandbox"], 3],
    ["apply --dry-run", ["apply", "examples/private-zones.plan.json", "--dry-run", "--sandbox"], 0],
    ["zones", ["zones", "westeurope"], 0],
  ] as const) {
    it(`${name} ends quietly with its own exit code`, async () => {
      const result = await runWithReaderGone(args);

      expect(result.stderr).not.toMatch(/EPIPE|Unhandled 'error' event|^\s+at /m);
      expect(result.code).toBe(code);
    });
  }
});

/**
 * A Node older than 22 on the machine: the machine's own `node` when it is one (CI images and this project's
 * machines have Node 20 on PATH beside the project's Node 22), else none.
 */
function olderNode(): Promise<{ path: string; version: string } | undefined> {
  return new Promise((resolve) => {
    execFile("sh", ["-c", "which -a node nodejs 2>/dev/null"], (_error, stdout) => {
      const candidates = [...new Set(stdout.split("\n").filter((line) => line !== ""))];
      const next = (index: number): void => {
        const path = candidates[index];
        if (path === undefined) {
          resolve(undefined);
          return;
        }
        execFile(path, ["--version"], (error, version) => {
          const major = Number(/^v(\d+)/.exec(version.trim())?.[1]);
          if (error === null && major < 22) resolve({ path, version: version.trim() });
          else next(index + 1);
        });
      };
      next(0);
    });
  });
}

describe("started with a Node older than 22", () => {
  it("says which Node it needs and exits 1, without a stack", async () => {
    requireBuild();
    const old = await olderNode();
    // The launcher's check is the same under any Node; with no older Node installed, Node 22 is made to report
    // itself as 20 before the launcher runs (the real Node 20 also proves the launcher parses there).
    const [node, preload] =
      old === undefined
        ? [
            process.execPath,
            [
              "--import",
              "data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.11.1'});Object.defineProperty(process,'version',{value:'v20.11.1'})",
            ],
          ]
        : [old.path, []];
    const version = old?.version ?? "v20.11.1";

    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(node, [...preload, "bin/vaultlink", "--version"], (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      ),
    );

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe(
      `vaultlink needs Node 22 or newer (this is Node ${version.replace(/^v/, "")}); use npx vaultlink, or install Node 22 (https://nodejs.org).\n`,
    );
    expect(result.stdout).toBe("");
  });
});
