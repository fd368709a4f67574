import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ServedSandbox {
  /** The ARM base URL to give `--sandbox`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `vaultlink sandbox --port 0` in its own process, as a pipeline would run it: one tenant whose state outlives
 * each CLI call, so a test can apply a plan and then look at the result with another command.
 */
export async function serveSandbox(): Promise<ServedSandbox> {
  const child = spawn(process.execPath, ["bin/vaultlink", "sandbox", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on("exit", () => reject(new Error("the sandbox exited before serving")));
  });
  return {
    url,
    async stop() {
      child.kill("SIGINT");
      await exited;
    },
  };
}
