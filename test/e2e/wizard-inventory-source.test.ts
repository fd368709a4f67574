import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../cli/run-cli.js";
import { type ServedSandbox, serveSandbox } from "../cli/served-sandbox.js";
import { Keys, startCli } from "./pseudo-terminal.js";

const GRAPH = "/providers/Microsoft.ResourceGraph/resources";

/**
 * The wizard in a real terminal with each `--inventory` source, against one served demo tenant: the vault step
 * lists the same vaults with the same badges, and each run read its list the way it was told to (Resource Graph
 * queries, or ARM's vault list per subscription and no query).
 */
describe("the wizard's vault list with --inventory graph and --inventory arm", () => {
  let directory: string;
  let logFile: string;
  let sandbox: ServedSandbox;

  beforeAll(async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    directory = await mkdtemp(join(tmpdir(), "vaultlink-wizard-inventory-"));
    logFile = join(directory, "requests.jsonl");
    sandbox = await serveSandbox(logFile);
  });
  afterAll(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  async function paths(): Promise<string[]> {
    const text = await readFile(logFile, "utf8").catch(() => "");
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => (JSON.parse(line) as { path: string }).path);
  }

  /** The vault step's rows once every badge is filled in, and the requests the run sent until then. */
  async function vaultRows(source: "graph" | "arm", count: number) {
    const before = (await paths()).length;
    const cli = await startCli(
      ["--sandbox", sandbox.url, "--inventory", source],
      {},
      { columns: 100, rows: 40 },
    );
    try {
      await cli.waitFor("Contoso Dev/Test");
      await cli.press(Keys.enter);
      // The whole list: the rows stream in, Recovery Services vaults and Backup vaults each as their pages arrive.
      await cli.waitFor(`${count} of ${count} vaults`);
      // Every badge filled in: each vault's checks are done.
      const screen = await cli.waitFor(/^(?![\s\S]*\[…)[\s\S]*Filter:/);
      const rows = screen
        .split("\n")
        .flatMap((line) => {
          const row = /^(?:❯ | {2})(\[[a-z/ ]+\] \S+)/.exec(line);
          return row?.[1] === undefined ? [] : [row[1]];
        })
        .sort();
      return { rows, requests: (await paths()).slice(before) };
    } finally {
      await cli.close();
    }
  }

  it("shows the same vaults and badges, read through the source each run names", async () => {
    const check = await runBuiltCli(["check", "--sandbox", sandbox.url, "-o", "json"]);
    const { vaults, backupVaults } = JSON.parse(check.stdout) as {
      vaults: unknown[];
      backupVaults: unknown[];
    };
    const count = vaults.length + backupVaults.length;
    const graph = await vaultRows("graph", count);
    const arm = await vaultRows("arm", count);
    expect(graph.rows).toHaveLength(count);
    expect(graph.rows).toContain("[ready  ] rsv-prod-weu");
    expect(arm.rows).toEqual(graph.rows);
    expect(graph.requests.filter((p) => p === GRAPH).length).toBeGreaterThan(0);
    expect(
      graph.requests.filter((p) => /\/providers\/Microsoft\.RecoveryServices\/vaults$/i.test(p)),
    ).toEqual([]);
    expect(arm.requests.filter((p) => p === GRAPH)).toEqual([]);
    // At least one: the sandbox logs a request just after answering it, so the last may not be in the log yet.
    expect(
      arm.requests.filter((p) => /\/providers\/Microsoft\.RecoveryServices\/vaults$/i.test(p)).length,
    ).toBeGreaterThan(0);
  }, 90_000);
});
