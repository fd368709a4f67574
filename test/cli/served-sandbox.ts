import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { changesTenant } from "../support/tenant-writes.js";

/** `vaultlink sandbox` as a user starts it: its own process, a random port, a request log. */
export interface ServedSandbox {
  readonly url: string;
  /** Requests that change the tenant, so far (from the sandbox's --log). */
  writes(): Promise<number>;
  stop(): Promise<void>;
}

export async function serveSandbox(
  logFile: string,
  extraArgs: readonly string[] = [],
): Promise<ServedSandbox> {
  const child = spawn(
    process.execPath,
    ["bin/vaultlink", "sandbox", "--port", "0", "--log", logFile, ...extraArgs],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      const found = /at (https?:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      if (found !== undefined) resolve(found);
    });
    child.on("exit", () => reject(new Error("the sandbox exited before serving")));
  });
  return {
    url,
    writes: async () => {
      const text = await readFile(logFile, "utf8").catch(() => "");
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .filter((line) => changesTenant(JSON.parse(line))).length;
    },
    stop: async () => {
      child.kill("SIGINT");
      await exited;
    },
  };
}
