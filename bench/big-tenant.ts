// Benchmark (prints figures; not a test): `vaultlink sandbox --big-tenant` (500 subscriptions, 5,000 vaults, 60,000
// subnets) in its own process, and the wizard's first two lists over it through the real adapter: the subscriptions,
// then the vault list of all of them, once through Resource Graph and once through ARM lists.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allPages, createAzureAdapter } from "../src/azure/adapter.js";
import type { InventorySource } from "../src/azure/inventory-reads.js";
import { startExternalSandbox } from "./external-sandbox.js";

export interface BigTenantRun {
  /** From the vault step's start (subscriptions chosen) to the vault list's first row. */
  readonly firstVaultMs: number;
  /** From the vault step's start to the whole vault list. */
  readonly allVaultsMs: number;
  readonly vaults: number;
  /** Requests the sandbox served for both lists (the subscription list's pages included). */
  readonly requests: number;
  /** Requests ARM answered 429, or that pacing avoided by waiting (`waits`). */
  readonly throttled: number;
  readonly waits: number;
}

export interface BigTenantFigures {
  readonly subscriptions: number;
  readonly graph: BigTenantRun;
  readonly arm: BigTenantRun;
}

async function logged(logFile: string): Promise<{ status: number }[]> {
  const text = await readFile(logFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { status: number });
}

async function run(
  url: string,
  logFile: string,
  inventory: InventorySource,
): Promise<BigTenantRun & { subscriptions: number }> {
  const adapter = await createAzureAdapter({ kind: "sandbox", url: new URL(url) }, { inventory });
  let waits = 0;
  adapter.onPacingWait(() => waits++);
  const before = (await logged(logFile)).length;
  const subscriptions = (await allPages(adapter.listSubscriptions())).map((s) => s.subscriptionId);
  const started = performance.now();
  let firstVaultMs = Number.NaN;
  let vaults = 0;
  for await (const page of adapter.inventory.vaults(subscriptions)) {
    if (Number.isNaN(firstVaultMs) && page.length > 0) firstVaultMs = performance.now() - started;
    vaults += page.length;
  }
  const allVaultsMs = performance.now() - started;
  // The sandbox logs a request after answering it: wait until the log stops growing.
  let entries = (await logged(logFile)).slice(before);
  for (let settled = 0; settled < 3; ) {
    await new Promise((done) => setTimeout(done, 50));
    const now = (await logged(logFile)).slice(before);
    settled = now.length === entries.length ? settled + 1 : 0;
    entries = now;
  }
  return {
    subscriptions: subscriptions.length,
    firstVaultMs,
    allVaultsMs,
    vaults,
    requests: entries.length,
    throttled: entries.filter((e) => e.status === 429).length,
    waits,
  };
}

export async function benchBigTenant(): Promise<BigTenantFigures> {
  const directory = await mkdtemp(join(tmpdir(), "vaultlink-bench-big-"));
  const logFile = join(directory, "requests.jsonl");
  const sandbox = await startExternalSandbox(["--big-tenant", "--log", logFile]);
  try {
    const graph = await run(sandbox.url, logFile, "auto");
    const arm = await run(sandbox.url, logFile, "armLists");
    return { subscriptions: graph.subscriptions, graph, arm };
  } finally {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  }
}
