// `npm run bench`: runs every benchmark once and prints its figures, then writes bench/results.json.
import { writeFile } from "node:fs/promises";
import { DEFAULT_WRITE_CONCURRENCY } from "../src/engine/apply.js";
import { benchApply } from "./apply-critical-path.js";
import { benchInventory } from "./sandbox-inventory.js";
import { benchWizardFilter } from "./wizard-filter.js";
import { benchWizardStart } from "./wizard-start.js";

const inventory = await benchInventory();
const figures = {
  inventorySubnets: inventory.subnets,
  inventoryFirstPageMs: Math.round(inventory.firstPageMs),
  inventoryListVnetsMs: Math.round(inventory.listVnetsMs),
  inventoryListSubnetsMs: Math.round(inventory.listSubnetsMs),
  inventoryRequests: inventory.requests,
  inventoryRequestsPerSecond: Math.round(inventory.requestsPerSecond),
  inventoryPeakRssMiB: Math.round(inventory.peakRssMiB),
};
console.log("Sandbox inventory (20,000 subnets, real SDK clients over HTTP)");
console.log(
  `  VNets listed (VirtualNetworks_ListAll): first page ${figures.inventoryFirstPageMs} ms, all ${figures.inventoryListVnetsMs} ms`,
);
console.log(
  `  subnets listed per VNet (Subnets_List): ${figures.inventorySubnets} subnets in ${figures.inventoryListSubnetsMs} ms, ` +
    `${figures.inventoryRequests} requests, ${figures.inventoryRequestsPerSecond} requests/s`,
);
console.log(`  peak RSS (sandbox and client in one process): ${figures.inventoryPeakRssMiB} MiB`);
const apply = await benchApply(DEFAULT_WRITE_CONCURRENCY);
Object.assign(figures, {
  dryRunMs: Math.round(apply.dryRunMs),
  applyMs: Math.round(apply.applyMs),
  applyCriticalPathMs: Math.round(apply.criticalPathMs),
  applyToCriticalPath: Number((apply.applyMs / apply.criticalPathMs).toFixed(2)),
  armRequests: apply.requests,
  armRequestsMinimal: apply.minimalRequests,
  requestsToMinimal: Number((apply.requests / apply.minimalRequests).toFixed(2)),
  replayWrites: apply.replayWrites,
});
console.log("Apply of the private-zones example (3 endpoint VNets incl. the secondary region; lro=3 s)");
console.log(
  `  dry run ${Math.round(apply.dryRunMs)} ms; ${apply.actions} changes applied in ${Math.round(apply.applyMs)} ms`,
);
console.log(
  `  critical path of the action graph ${Math.round(apply.criticalPathMs)} ms: ratio ${(apply.applyMs / apply.criticalPathMs).toFixed(2)} (goal <= 1.15)`,
);
console.log(
  `  ARM requests ${apply.requests}, minimal ${apply.minimalRequests}: ratio ${(apply.requests / apply.minimalRequests).toFixed(2)} (goal <= 1.2)`,
);
console.log(`  replay writes: ${apply.replayWrites} (must be 0)`);
const start = await benchWizardStart();
const filter = await benchWizardFilter();
const wizard = {
  wizardNodeBaselineMs: Math.round(start.nodeBaselineMs),
  wizardFirstFrameMs: Math.round(start.firstFrameMs),
  wizardFirstFrameRatio: Number(start.ratio.toFixed(2)),
  wizardFilterSubnets: filter.subnets,
  wizardFilterListLoadedMs: Math.round(filter.listLoadedMs),
  wizardKeystrokeMedianMs: Math.round(filter.keystrokeMedianMs),
  wizardKeystrokeMaxMs: Math.round(filter.keystrokeMaxMs),
  wizardPeakRssMiB: Math.round(filter.peakRssMiB),
};
Object.assign(figures, wizard);
console.log("Wizard (built CLI in a pseudo-terminal; subnet list through the real adapter)");
console.log(
  `  first frame ${wizard.wizardFirstFrameMs} ms vs node -e 0 ${wizard.wizardNodeBaselineMs} ms: ${wizard.wizardFirstFrameRatio}x (goal <= 2x)`,
);
console.log(
  `  filtering ${filter.subnets} subnets: keystroke to frame median ${wizard.wizardKeystrokeMedianMs} ms, max ${wizard.wizardKeystrokeMaxMs} ms (goal <= 50 ms); list loaded in ${wizard.wizardFilterListLoadedMs} ms`,
);
console.log(
  `  peak RSS of the bench process (every benchmark above, in one process): ${wizard.wizardPeakRssMiB} MiB`,
);
await writeFile(new URL("./results.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
