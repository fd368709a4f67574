import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";

/*
 * The tenant's life, triggered by a user: after `vaultlink apply` and a DNS artefact that was up to date, the
 * vault's first backup (over the sandbox's own route, or `--event` at start) gives its endpoint new storage names,
 * and `vaultlink dns --check` finds them (exit 4), all through the built CLI.
 */
const PLAN = "examples/private-zones.plan.json";
const VAULT = "rsv-prod-weu";

interface Served {
  readonly url: string;
  readonly lines: string[];
  stop(): Promise<number | null>;
}

function serve(args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, ["bin/vaultlink", "sandbox", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      const url = /at (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      if (url !== undefined)
        resolve({
          url,
          lines,
          stop: async () => {
            child.kill("SIGINT");
            return exited;
          },
        });
    });
    child.on("exit", (code) => reject(new Error(`the sandbox exited (${code}) before serving: ${stderr}`)));
  });
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-sandbox-events-"));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe("a vault's first backup, triggered in the sandbox", () => {
  it("over POST /_sandbox/events: dns --check then finds the new records and exits 4", async () => {
    const sandbox = await serve([]);
    try {
      const out = join(directory, "route");
      expect((await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"])).code).toBe(0);
      const dns = (...args: string[]) =>
        runBuiltCli(["dns", PLAN, "--sandbox", sandbox.url, "--format", "hosts", "--out", out, ...args]);
      expect((await dns()).code).toBe(0);
      expect((await dns("--check")).code).toBe(0);

      const trigger = await fetch(`${sandbox.url}/_sandbox/events`, {
        method: "POST",
        body: JSON.stringify({ event: "first-backup", vault: VAULT }),
      });
      expect(trigger.status).toBe(200);
      const answer = (await trigger.json()) as { endpoints: { added: { fqdn: string }[] }[] };
      const added = answer.endpoints.flatMap((e) => e.added.map((a) => a.fqdn));
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((fqdn) => fqdn.endsWith(".blob.core.windows.net"))).toBe(true);

      const check = await dns("--check", "-o", "json");
      expect(check.code).toBe(4);
      // Reported as the record in its zone: `<account>.privatelink.blob.core.windows.net`.
      const changed = JSON.parse(check.stdout).changes.map((c: { fqdn: string }) =>
        c.fqdn.replace(".privatelink.", "."),
      );
      // The vault has endpoints outside the plan too; the check covers the plan's, whose new name is among them.
      expect(changed.length).toBeGreaterThan(0);
      expect(added).toEqual(expect.arrayContaining(changed));

      const again = await fetch(`${sandbox.url}/_sandbox/events`, {
        method: "POST",
        body: JSON.stringify({ event: "first-backup", vault: "rsv-nowhere" }),
      });
      expect(again.status).toBe(404);
      expect(((await again.json()) as { error: { message: string } }).error.message).toContain("rsv-nowhere");
    } finally {
      expect(await sandbox.stop()).toBe(0);
    }
  });

  it("with --event first-backup=VAULT at start, over a state saved after apply", async () => {
    const state = join(directory, "applied.json");
    const first = await serve(["--save-state", state]);
    const out = join(directory, "option");
    try {
      expect((await runBuiltCli(["apply", PLAN, "--sandbox", first.url, "--yes"])).code).toBe(0);
      expect(
        (await runBuiltCli(["dns", PLAN, "--sandbox", first.url, "--format", "hosts", "--out", out])).code,
      ).toBe(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await serve(["--state", state, "--event", `first-backup=${VAULT}`]);
    try {
      expect(second.lines.join("\n")).toMatch(
        /firstBackup of rsv-prod-weu: [1-9]\d* new names on [1-9]\d* endpoints?\./,
      );
      const check = await runBuiltCli([
        "dns",
        PLAN,
        "--sandbox",
        second.url,
        "--format",
        "hosts",
        "--out",
        out,
        "--check",
      ]);
      expect(check.code).toBe(4);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it("refuses an --event it cannot read with exit 2", async () => {
    const bad = await runBuiltCli(["sandbox", "--port", "0", "--event", "first-restore=rsv-prod-weu"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--event: "first-restore=rsv-prod-weu" is not an event.');
    const nowhere = await runBuiltCli(["sandbox", "--port", "0", "--event", "first-backup=rsv-nowhere"]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain("rsv-nowhere is not a Recovery Services vault in the sandbox");
  });
});
