import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/**
 * A replay is a no-op: every example plan, and a plan the wizard saved with public access Deny (its golden file, which
 * test/ui/full-flow.test.tsx checks the wizard writes), applied three times against one served sandbox. The plan's
 * own change (public access Disabled) must not read as drift on the second run.
 */
const PLANS = [
  "examples/private-zones.plan.json",
  "examples/custom-dns.plan.json",
  "test/ui/golden/rsv-prod-weu.plan.json",
];

describe.each(PLANS)("vaultlink apply %s, three times", (plan) => {
  let directory: string;
  let sandbox: ServedSandbox;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-replay-"));
    sandbox = await serveSandbox(join(directory, "requests.jsonl"));
  });

  afterEach(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("applies once, then says nothing to do twice, with no write", async () => {
    const first = await runBuiltCli(["apply", plan, "--sandbox", sandbox.url, "--yes"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Applied: \d+ changes?\./m);
    const writesAfterFirst = await sandbox.writes();
    expect(writesAfterFirst).toBeGreaterThan(0);

    for (const run of [2, 3]) {
      const again = await runBuiltCli(["apply", plan, "--sandbox", sandbox.url, "--yes"]);
      expect({ run, code: again.code, error: again.stderr.includes("Error:") }).toEqual({
        run,
        code: 0,
        error: false,
      });
      expect(again.stdout).toMatch(/^Nothing to do/m);
      expect(await sandbox.writes()).toBe(writesAfterFirst);
    }
  });
});
