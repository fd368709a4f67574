import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

const WRITES = new Set(["PUT", "PATCH", "POST", "DELETE"]);

/** `vaultlink sandbox` as a user starts it: its own process, a random port, a request log. */
export interface ServedSandbox {
  readonly url: string;
  /** `127.0.0.1:PORT` of the sandbox's DNS server, for `verify --dns-server`. */
  readonly dns: string;
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
  const [url, dns] = await new Promise<[string, string]>((resolve, reject) => {
    let served: string | undefined;
    lines.on("line", (line) => {
      served ??= /at (https?:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      const port = /^DNS .*: 127\.0\.0\.1 port (\d+)/.exec(line)?.[1];
      if (served !== undefined && port !== undefined) resolve([served, `127.0.0.1:${port}`]);
    });
    child.on("exit", () => reject(new Error("the sandbox exited before serving")));
  });
  return {
    url,
    dns,
    writes: async () => {
      const text = await readFile(logFile, "utf8").catch(() => "");
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .filter((line) => WRITES.has(JSON.parse(line).method)).length;
    },
    stop: async () => {
      child.kill("SIGINT");
      await exited;
    },
  };
}
