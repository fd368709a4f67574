// Benchmark (prints figures; not a test): the sandbox serving a 20,000-subnet tenant, listed through the real
// Azure adapter (official SDK clients over HTTP), as the wizard's inventory does.
import { allPages, createAzureAdapter } from "../src/azure/adapter.js";
import { startSandbox } from "../src/sandbox/server.js";
import { largeTenant } from "./tenant-generator.js";

const VNETS = 400;
const SUBNETS_PER_VNET = 50;
const CONCURRENCY = 8;

export interface InventoryFigures {
  readonly subnets: number;
  readonly firstPageMs: number;
  readonly listVnetsMs: number;
  readonly listSubnetsMs: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly peakRssMiB: number;
}

export async function benchInventory(): Promise<InventoryFigures> {
  const state = largeTenant(VNETS, SUBNETS_PER_VNET);
  // Throughput of the adapter and the sandbox, not ARM's budget: its buckets would hold the 400 Subnets_List calls
  // of one subscription to 25 a second after the first 250 (the client paces to them).
  const sandbox = await startSandbox({ state, throttling: false });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  try {
    const adapter = await createAzureAdapter({ kind: "sandbox", url: new URL(sandbox.url) });
    const subscriptionId = state.subscriptions[0]?.subscriptionId ?? "";

    const started = performance.now();
    let firstPageMs = Number.NaN;
    const vnets = [];
    for await (const page of adapter.listVirtualNetworks(subscriptionId)) {
      if (Number.isNaN(firstPageMs)) firstPageMs = performance.now() - started;
      vnets.push(...page);
    }
    const listVnetsMs = performance.now() - started;
    const subnetsInVnets = vnets.reduce((sum, vnet) => sum + vnet.subnets.length, 0);

    // Then every VNet's subnets on their own (Subnets_List), a few VNets at a time.
    const requestsBefore = sandbox.requestLog().length;
    const subnetsStarted = performance.now();
    let listed = 0;
    for (let i = 0; i < vnets.length; i += CONCURRENCY) {
      const batch = vnets.slice(i, i + CONCURRENCY);
      const counts = await Promise.all(
        batch.map(async (vnet) => (await allPages(adapter.listSubnets(vnet.id))).length),
      );
      listed += counts.reduce((a, b) => a + b, 0);
    }
    const listSubnetsMs = performance.now() - subnetsStarted;
    const requests = sandbox.requestLog().length - requestsBefore;
    if (listed !== subnetsInVnets)
      throw new Error(`listed ${listed} subnets one VNet at a time, ${subnetsInVnets} in the VNets`);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return {
      subnets: listed,
      firstPageMs,
      listVnetsMs,
      listSubnetsMs,
      requests,
      requestsPerSecond: requests / (listSubnetsMs / 1000),
      peakRssMiB: peakRss / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    await sandbox.close();
  }
}
