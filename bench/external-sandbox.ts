import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

export interface ExternalSandbox {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `vaultlink sandbox` in its own process, serving the state in `stateFile`: the benchmark's own memory and CPU figures then count
 * the client (adapter, engine, UI) alone, as a user's vaultlink process would be against Azure.
 */
export async function startExternalSandboxFromFile(stateFile: string): Promise<ExternalSandbox> {
  const child = spawn(
    process.execPath,
    [resolve("bin/vaultlink"), "sandbox", "--port", "0", "--state", stateFile],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  const url = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match?.[1] !== undefined) done(match[1]);
    });
    child.on("exit", () => fail(new Error("the sandbox exited before serving")));
  });
  return {
    url,
    close: async () => {
      child.kill("SIGINT");
      await exited;
    },
  };
}
