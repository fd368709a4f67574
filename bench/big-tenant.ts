// Benchmark (prints figures; not a test): `vaultlink sandbox --big-tenant` (500 subscriptions, 5,000 vaults, 60,000
// subnets) in its own process, and the wizard's first two lists over it through the real adapter: the subscriptions,
// then the vault list of all of them, once through Resource Graph and once through ARM lists; then `vaultlink check`
// (the built CLI, every vault of every subscription) through each.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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

/** `vaultlink check -o json` over every subscription, from start to exit. */
export interface BigTenantCheck {
  readonly ms: number;
  readonly requests: number;
  /** Requests by kind: Resource Graph queries, and ARM requests by the last segment of their path. */
  readonly byKind: Readonly<Record<string, number>>;
  readonly exitCode: number;
  readonly vaults: number;
  /** The JSON printed, without the target line: compared between the two sources. */
  readonly findings: string;
}

export interface BigTenantFigures {
  readonly subscriptions: number;
  readonly graph: BigTenantRun;
  readonly arm: BigTenantRun;
  readonly checkGraph: BigTenantCheck;
  readonly checkArm: BigTenantCheck;
}

interface Logged {
  readonly status: number;
  readonly method: string;
  readonly path: string;
}

async function logged(logFile: string): Promise<Logged[]> {
  const text = await readFile(logFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Logged);
}

/** The log's entries after the first `before`, once it has stopped growing (the sandbox logs after answering). */
async function settledSince(logFile: string, before: number): Promise<Logged[]> {
  let entries = (await logged(logFile)).slice(before);
  for (let settled = 0; settled < 3; ) {
    await new Promise((done) => setTimeout(done, 50));
    const now = (await logged(logFile)).slice(before);
    settled = now.length === entries.length ? settled + 1 : 0;
    entries = now;
  }
  return entries;
}

function kindOf(entry: Logged): string {
  if (entry.path.endsWith("/Microsoft.ResourceGraph/resources")) return "Resource Graph query";
  return `${entry.method} …/${entry.path.split("/").at(-1)}`;
}

/** The built CLI's `check -o json` over every subscription the sandbox has, through one inventory source. */
async function runCheck(url: string, logFile: string, source: "graph" | "arm"): Promise<BigTenantCheck> {
  const before = (await logged(logFile)).length;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [resolve("bin/vaultlink"), "check", "--sandbox", url, "-o", "json", "--inventory", source],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const chunks: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const exitCode = await new Promise<number>((done) => child.on("exit", (code) => done(code ?? -1)));
  const ms = performance.now() - started;
  const entries = await settledSince(logFile, before);
  const byKind: Record<string, number> = {};
  for (const entry of entries) byKind[kindOf(entry)] = (byKind[kindOf(entry)] ?? 0) + 1;
  const { target: _target, ...json } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
    target: string;
    vaults: unknown[];
  };
  return {
    ms,
    requests: entries.length,
    byKind,
    exitCode,
    vaults: json.vaults.length,
    findings: JSON.stringify(json),
  };
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
  const entries = await settledSince(logFile, before);
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
    const checkGraph = await runCheck(sandbox.url, logFile, "graph");
    const checkArm = await runCheck(sandbox.url, logFile, "arm");
    return { subscriptions: graph.subscriptions, graph, arm, checkGraph, checkArm };
  } finally {
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  }
}
