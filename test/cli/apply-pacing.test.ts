import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

/**
 * `vaultlink apply` against a sandbox whose ARM buckets are small: vaultlink reads the remaining-budget headers and
 * waits before a bucket is empty, says each wait, and ARM never has to answer 429. The buckets are smaller than ARM's
 * but refill at ARM's documented rates (25 reads, 10 writes a second), which is what vaultlink expects of them.
 */
describe("apply paced by ARM's request budget", () => {
  let sandbox: ServedSandbox | undefined;
  let directory: string | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    sandbox = undefined;
    directory = undefined;
  });

  it("waits for the budget instead of meeting 429s, and says so as JSON events", async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-pacing-"));
    const log = join(directory, "requests.jsonl");
    sandbox = await serveSandbox(log, ["--buckets", "reads=8:25,writes=3:10"]);
    const { code, stdout, stderr } = await runBuiltCli([
      "apply",
      "examples/private-zones.plan.json",
      "--sandbox",
      sandbox.url,
      "--yes",
      "-o",
      "json",
    ]);
    expect(code, stderr).toBe(0);
    const events = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map(
        (line) => JSON.parse(line) as { event: string; budget?: string; header?: string; waitMs?: number },
      );
    const paced = events.filter((e) => e.event === "paced");
    expect(paced.length).toBeGreaterThan(0);
    expect(paced[0]).toMatchObject({
      budget: expect.stringMatching(/^subscription [0-9a-f-]{36}$/),
      header: expect.stringMatching(/^x-ms-ratelimit-remaining-subscription-global-(reads|writes): \d+$/),
      waitMs: expect.any(Number),
    });
    expect(events.at(-1)).toMatchObject({ event: "done", failed: 0 });
    const statuses = (await readFile(log, "utf8"))
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => (JSON.parse(line) as { status: number }).status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);
  });
});
