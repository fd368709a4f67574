import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runBuiltCli } from "./run-cli.js";

const PLAN = "examples/private-zones.plan.json";

describe("Ctrl-C during vaultlink apply", () => {
  let sandbox: RunningSandbox;

  beforeEach(async () => {
    // Long-running writes take a while, so the interrupt lands with writes in flight.
    sandbox = await startSandbox({ port: 0, latency: { read: 0, write: 0, lro: 600 } });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it("lets the writes in flight finish, then says what was done and what was not, and a re-run finishes", async () => {
    const child = spawn(
      process.execPath,
      ["bin/vaultlink", "apply", PLAN, "--sandbox", sandbox.url, "--yes"],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      // The first write has started: interrupt as a person pressing Ctrl-C would (the terminal sends SIGINT).
      if (!interrupted && /^… /m.test(stdout)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));

    expect(interrupted).toBe(true);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "Interrupted: waiting for the writes in flight to finish, starting no new ones…",
    );
    expect(stderr).toMatch(
      /^Error: Interrupted after [1-9]\d* of \d+ changes \(0 failed, [1-9]\d* not started\)\.$/m,
    );
    // The command to run again keeps the target, so it can be pasted as printed.
    expect(stderr).toContain(
      `Run \`vaultlink apply ${PLAN} --sandbox ${sandbox.url.replace(/\/$/, "")}\` again to finish`,
    );
    // Every write that started also finished: no ✓-less start.
    const started = stdout.match(/^… .*$/gm) ?? [];
    const finished = stdout.match(/^✓ .*$/gm) ?? [];
    expect(finished.length).toBe(started.length);
    expect(stdout).toMatch(/skipped, the run was interrupted$/m);

    const rerun = await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/^Applied: \d+ changes?\.$/m);
    const again = await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"]);
    expect(again.stdout).toContain("Nothing to do: Azure already matches the plan.");
  });
});
