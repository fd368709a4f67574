// Benchmark (prints figures; not a test): keystroke-to-frame latency of the wizard's subnet list filtering a
// 20,000-subnet tenant served by the sandbox and read through the real adapter, with the process's peak RSS.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { render } from "ink-testing-library";
import { createElement } from "react";
import { createAzureAdapter } from "../src/azure/adapter.js";
import type { Vault } from "../src/core/inventory.js";
import { KeysProvider } from "../src/ui/keys.js";
import { EndpointsStep } from "../src/ui/steps/endpoints/EndpointsStep.js";
import { initialWizardState } from "../src/ui/wizard-state.js";
import { startExternalSandboxFromFile } from "./external-sandbox.js";
import { largeTenant, TENANT_SUBSCRIPTION_ID } from "./tenant-generator.js";

const VNETS = 400;
const SUBNETS_PER_VNET = 50;
const TYPED = "vnet-0399/snet-04";

export interface FilterFigures {
  readonly subnets: number;
  readonly listLoadedMs: number;
  readonly keystrokeMedianMs: number;
  readonly keystrokeMaxMs: number;
  /** Keystrokes typed after the first rows showed and before the last page arrived: the median and how many. */
  readonly keystrokeWhileLoadingMedianMs: number;
  readonly keystrokesWhileLoading: number;
  readonly peakRssMiB: number;
  /** RSS of the benchmark process before the list was loaded: tsx, the SDK and Ink already in memory. */
  readonly rssBeforeListMiB: number;
}

async function until(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** The tenant's state file, written by the caller's process, so the benchmark's process never holds it. */
export async function writeFilterTenant(directory: string): Promise<string> {
  const file = join(directory, "state.json");
  await writeFile(file, JSON.stringify(largeTenant(VNETS, SUBNETS_PER_VNET)));
  return file;
}

export async function benchWizardFilter(stateFile: string): Promise<FilterFigures> {
  const subscriptionId = TENANT_SUBSCRIPTION_ID;
  const sandbox = await startExternalSandboxFromFile(stateFile);
  try {
    const adapter = await createAzureAdapter({ kind: "sandbox", url: new URL(sandbox.url) });
    const vault: Vault = {
      id: `/subscriptions/${subscriptionId}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-bench`,
      name: "rsv-bench",
      subscriptionId,
      resourceGroup: "rg-backup",
      location: "westeurope",
      redundancy: "GRS",
      crossRegionRestore: false,
      publicNetworkAccess: "Enabled",
      privateEndpointStateForBackup: "None",
      encryption: { kind: "platformManaged" },
      identity: { kind: "none" },
      privateEndpointConnections: [],
      provisioningState: "Succeeded",
    };
    const wizardState = {
      ...initialWizardState,
      step: "endpoints" as const,
      // The workloads question answered (SQL Server in VMs): the step opens on its subnet list.
      choices: {
        ...initialWizardState.choices,
        subscriptionIds: [subscriptionId],
        vault,
        workloads: [{ kind: "sqlServerInAzureVm" as const }],
      },
    };
    const rssBeforeListMiB = process.memoryUsage().rss / 2 ** 20;
    const started = performance.now();
    const app = render(
      createElement(
        KeysProvider,
        null,
        createElement(EndpointsStep, {
          state: wizardState,
          dispatch: () => {},
          services: {
            adapter,
            targetDescription: "bench",
            cloud: "AzureCloud",
            now: () => new Date(),
            cwd: process.cwd(),
            preselectedSubscriptions: [],
          },
          active: true,
          height: 16,
        }),
      ),
    );
    // ink-testing-library's stdout has columns but no rows, which a terminal has: Ink then asks `tput` for the size,
    // a child process on every frame, which no user's wizard pays. Its rows make it measure as in a terminal.
    Object.defineProperty(app.stdout, "rows", { value: 50 });
    const total = VNETS * SUBNETS_PER_VNET;
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    // Typed as soon as the first rows show, while later pages still arrive: each page must not hold a key back.
    await until(() => /\d+ of \d+ subnets/.test(app.lastFrame() ?? ""), "the first rows");
    const whileLoading: number[] = [];
    for (let i = 0; i < TYPED.length && (app.lastFrame() ?? "").includes("Loading"); i++) {
      const shown = `Filter: ${TYPED.slice(0, i + 1)} `;
      const before = performance.now();
      app.stdin.write(TYPED[i] ?? "");
      await until(() => (app.lastFrame() ?? "").includes(shown), `the frame for "${shown}"`, 10_000);
      whileLoading.push(performance.now() - before);
    }
    app.stdin.write("\u001B");
    await until(() => (app.lastFrame() ?? "").includes("(type to filter)"), "the cleared filter");
    await until(
      () =>
        (app.lastFrame() ?? "").includes(`${total} of ${total} subnets`) &&
        !(app.lastFrame() ?? "").includes("Loading"),
      "the list",
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the last frame:\n${app.lastFrame()}`);
    });
    const listLoadedMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 50));
    const latencies: number[] = [];
    for (let i = 0; i < TYPED.length; i++) {
      const shown = `Filter: ${TYPED.slice(0, i + 1)} `;
      const before = performance.now();
      app.stdin.write(TYPED[i] ?? "");
      await until(() => (app.lastFrame() ?? "").includes(shown), `the frame for "${shown}"`, 10_000);
      latencies.push(performance.now() - before);
    }
    app.unmount();
    return {
      subnets: total,
      listLoadedMs,
      keystrokeMedianMs: median(latencies),
      keystrokeMaxMs: latencies[latencies.length - 1] ?? Number.NaN,
      keystrokeWhileLoadingMedianMs: median(whileLoading),
      keystrokesWhileLoading: whileLoading.length,
      // The sandbox runs in its own process: this is the wizard's own peak, with 20,000 subnets loaded.
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      rssBeforeListMiB,
    };
  } finally {
    await sandbox.close();
  }
}

/**
 * The benchmark in a process of its own that loads only what the wizard's list needs (tsx, the adapter and its SDK
 * clients, Ink): its peak RSS is then the wizard's, not that of the other benchmarks' modules, in-process
 * sandboxes and generated tenants.
 */
export async function benchWizardFilterInOwnProcess(): Promise<FilterFigures> {
  const directory = await mkdtemp(join(tmpdir(), "vaultlink-bench-filter-"));
  try {
    const stateFile = await writeFilterTenant(directory);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), stateFile],
      // React and Ink as the built CLI runs them (scripts/build.mjs defines NODE_ENV "production").
      { env: { ...process.env, NODE_ENV: "production" }, maxBuffer: 1 << 20, timeout: 600_000 },
    );
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as FilterFigures;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchWizardFilter(process.argv[2] ?? "")));
  process.exit(0);
}
