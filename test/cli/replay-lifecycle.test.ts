import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesTenant } from "../support/tenant-writes.js";
import { runBuiltCli } from "./run-cli.js";

/**
 * The three ways in, against one long-lived `vaultlink sandbox`, as a pipeline would use them: dry run (reads
 * only), apply, replay (no writes), then verify with names resolved through the sandbox's DNS server.
 */
describe("dry run, apply, replay and verify of the private-zones example through the CLI", () => {
  let directory: string;
  let logFile: string;
  let base: string;
  let dns: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-lifecycle-"));
    logFile = join(directory, "requests.jsonl");
    const child = spawn(process.execPath, ["bin/vaultlink", "sandbox", "--port", "0", "--log", logFile], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    stop = async () => {
      child.kill("SIGINT");
      await exited;
    };
    const lines = createInterface({ input: child.stdout });
    [base, dns] = await new Promise<[string, string]>((resolve, reject) => {
      let url = "";
      lines.on("line", (line) => {
        url ||= /at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1] ?? "";
        const port = /DNS .*: 127\.0\.0\.1 port (\d+)$/.exec(line)?.[1];
        if (url !== "" && port !== undefined) resolve([url, `127.0.0.1:${port}`]);
      });
      child.on("exit", () => reject(new Error("the sandbox exited before serving")));
    });
  });

  afterAll(async () => {
    await stop();
    await rm(directory, { recursive: true, force: true });
  });

  async function writesSoFar(): Promise<number> {
    const text = await readFile(logFile, "utf8");
    return text
      .trim()
      .split("\n")
      .filter((line) => changesTenant(JSON.parse(line))).length;
  }

  const plan = "examples/private-zones.plan.json";

  it("dry run lists the creates and makes no write", async () => {
    const { code, stdout } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", base]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Plan: [1-9]\d* to create, 0 to update, \d+ unchanged, 0 blocked\.$/m);
    expect(await writesSoFar()).toBe(0);
  });

  it("apply carries it out", async () => {
    const { code, stdout } = await runBuiltCli(["apply", plan, "--sandbox", base, "--yes"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Applied: \d+ changes\.$/m);
    expect(await writesSoFar()).toBeGreaterThan(0);
  });

  it("a second apply changes nothing and writes nothing", async () => {
    const before = await writesSoFar();
    const { code, stdout } = await runBuiltCli(["apply", plan, "--sandbox", base, "--yes"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Plan: 0 to create, 0 to update, \d+ unchanged, 0 blocked\.$/m);
    expect(stdout).toContain("Nothing to do: Azure already matches the plan.");
    expect(await writesSoFar()).toBe(before);
  });

  it("verify refuses to send the sandbox's names to the machine's own resolver", async () => {
    const { code, stderr } = await runBuiltCli(["verify", plan, "--sandbox", base]);
    expect(code).toBe(2);
    expect(stderr).toContain("verify against a sandbox URL needs the sandbox's DNS server.");
    expect(stderr).toContain("--dns-server 127.0.0.1:PORT");
  });

  it("verify passes, resolving every name through the sandbox's DNS", async () => {
    const { code, stdout } = await runBuiltCli([
      "verify",
      plan,
      "--sandbox",
      base,
      "--dns-server",
      dns,
      "-o",
      "json",
    ]);
    const result = JSON.parse(stdout);
    expect(result.summary.fail + result.summary.unknown).toBe(0);
    expect(
      result.checks.filter((c: { title: string }) => c.title.includes("resolves privately")).length,
    ).toBeGreaterThan(0);
    expect(code).toBe(0);
  });
});
