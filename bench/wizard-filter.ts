// Benchmark (prints figures; not a test): keystroke-to-frame latency of the wizard's subnet list filtering a
// 20,000-subnet tenant served by the sandbox and read through the real adapter, with the process's peak RSS.
import { render } from "ink-testing-library";
import { createElement } from "react";
import { createAzureAdapter } from "../src/azure/adapter.js";
import type { Vault } from "../src/core/inventory.js";
import { EndpointsStep } from "../src/ui/steps/endpoints/EndpointsStep.js";
import { initialWizardState } from "../src/ui/wizard-state.js";
import { startExternalSandbox } from "./external-sandbox.js";
import { largeTenant } from "./tenant-generator.js";

const VNETS = 400;
const SUBNETS_PER_VNET = 50;
const TYPED = "vnet-0399/snet-04";

export interface FilterFigures {
  readonly subnets: number;
  readonly listLoadedMs: number;
  readonly keystrokeMedianMs: number;
  readonly keystrokeMaxMs: number;
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

export async function benchWizardFilter(): Promise<FilterFigures> {
  const state = largeTenant(VNETS, SUBNETS_PER_VNET);
  const subscriptionId = state.subscriptions[0]?.subscriptionId ?? "";
  const sandbox = await startExternalSandbox(state);
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
      choices: { ...initialWizardState.choices, subscriptionIds: [subscriptionId], vault },
    };
    const rssBeforeListMiB = process.memoryUsage().rss / 2 ** 20;
    const started = performance.now();
    const app = render(
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
    );
    const total = VNETS * SUBNETS_PER_VNET;
    await until(
      () =>
        (app.lastFrame() ?? "").includes(`${total} of ${total} subnets`) &&
        !(app.lastFrame() ?? "").includes("Loading"),
      "the list",
    );
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
    latencies.sort((a, b) => a - b);
    return {
      subnets: total,
      listLoadedMs,
      keystrokeMedianMs: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN,
      keystrokeMaxMs: latencies[latencies.length - 1] ?? Number.NaN,
      // The sandbox runs in its own process: this is the wizard's own peak, with 20,000 subnets loaded.
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      rssBeforeListMiB,
    };
  } finally {
    await sandbox.close();
  }
}
