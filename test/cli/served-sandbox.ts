import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { changesTenant } from "../support/tenant-writes.js";

/** `vaultlink sandbox` as a user starts it: its own process, a random port, a request log. */
export interface ServedSandbox {
  readonly url: string;
  /** Its DNS server, `127.0.0.1:PORT`, answering as Azure's resolver does in a VNet linked to the zones. */
  readonly dnsServer: string;
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
  // The sandbox prints its URL, then its DNS address, then "Press Ctrl-C to stop." once both listen.
  const { url, dnsServer } = await new Promise<{ url: string; dnsServer: string }>((resolve, reject) => {
    let url: string | undefined;
    let dnsServer: string | undefined;
    lines.on("line", (line) => {
      url ??= /at (https?:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
      const dns = /^DNS .*: (127\.0\.0\.1) port (\d+)$/.exec(line);
      if (dns !== null) dnsServer = `${dns[1]}:${dns[2]}`;
      if (/^Press Ctrl-C to stop\./.test(line) && url !== undefined && dnsServer !== undefined)
        resolve({ url, dnsServer });
    });
    child.on("exit", () => reject(new Error("the sandbox exited before serving")));
  });
  return {
    url,
    dnsServer,
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
