// `npm run bench`: every benchmark once, each figure printed beside its baseline or goal, then the named figures
// written to bench/results.json. Figures, not assertions: they vary with the machine.
import { writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { DEFAULT_WRITE_CONCURRENCY } from "../src/engine/apply.js";
import { benchApply } from "./apply-critical-path.js";
import { benchAzPeer } from "./az-peer.js";
import { benchBigTenant } from "./big-tenant.js";
import { benchDropFaults } from "./drop-faults.js";
import { figureTable, GOALS, goalText, trackedFigures } from "./goals.js";
import { benchInventory } from "./sandbox-inventory.js";
import { benchVersion } from "./version-start.js";
import { benchWizardFilter } from "./wizard-filter.js";
import { benchWizardStart } from "./wizard-start.js";

const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Machine: ${machine}\n`);

const version = benchVersion();
console.log("Start-up");
console.log(
  `  vaultlink --version ${round(version.versionMs)} ms vs node -e 0 ${round(version.nodeBaselineMs)} ms: ${round(version.ratio, 2)}x (no goal; median of paired ratios)`,
);
const start = await benchWizardStart();
console.log(
  `  wizard first frame ${round(start.firstFrameMs)} ms vs node -e 0 ${round(start.nodeBaselineMs)} ms: ${round(start.ratio, 2)}x (goal <= 2x; median of paired ratios)`,
);
console.log(
  `  Ink's first frame, which replaces it (keys work from here) ${round(start.inkFrameMs)} ms: ${round(start.inkFrameRatio, 2)}x`,
);

// The built CLI in a pseudo-terminal, as `npx vaultlink` runs: its peak RSS is the wizard's own.
const filter = await benchWizardFilter();
console.log(
  "\nThe wizard's subnet list of a 20,000-subnet tenant (bin/vaultlink in a pseudo-terminal, sandbox in its own process)",
);
console.log(
  `  ${filter.subnets} subnets shown ${round(filter.listLoadedMs)} ms after the workloads question (read from its start)`,
);
console.log(
  `  keystroke to frame while filtering: median ${round(filter.keystrokeMedianMs)} ms, max ${round(filter.keystrokeMaxMs)} ms (goal <= 16 ms)`,
);
console.log(
  `  keystroke to frame while the list still loads: median ${round(filter.keystrokeWhileLoadingMedianMs)} ms over ${filter.keystrokesWhileLoading} keys`,
);
console.log(
  `  peak RSS of the wizard process: ${round(filter.peakRssMiB)} MB (goal <= 160 MB); ${round(filter.rssBeforeListMiB)} MB at the vault step, before the list was read`,
);

const apply = await benchApply(DEFAULT_WRITE_CONCURRENCY);
const applyRatio = apply.applyMs / apply.criticalPathMs;
const requestRatio = apply.requests / apply.minimalRequests;
console.log("\nThe private-zones example (3 endpoint VNets, one in the paired region; sandbox lro=3 s)");
console.log(`  dry run ${round(apply.dryRunMs)} ms`);
console.log(
  `  apply ${round(apply.applyMs)} ms vs the critical path of its action graph ${round(apply.criticalPathMs)} ms: ${round(applyRatio, 2)}x (goal <= 1.1)`,
);
console.log(
  `  ARM requests ${apply.requests} vs the minimal ${apply.minimalRequests}: ${round(requestRatio, 2)}x (goal <= 1.2)`,
);
console.log(`  replay writes ${apply.replayWrites} (must be 0)`);
const replayReadsPerResource = apply.replayReads / apply.plannedResources;
console.log(
  `  replay reads ${apply.replayReads} for ${apply.plannedResources} planned resources: ${round(replayReadsPerResource, 2)} per resource (goal <= 1.5)`,
);
// An apply that fails under the faults is a finding of this benchmark, not the end of the others' figures.
const dropped = await benchDropFaults().catch((error: Error) => {
  console.log(`  \`vaultlink apply --yes\` with --faults drop:0.2 FAILED: ${error.message.split("\n")[0]}`);
  return undefined;
});
const dropRatio = dropped === undefined ? Number.NaN : dropped.droppedMs / dropped.faultFreeMs;
if (dropped !== undefined)
  console.log(
    `  \`vaultlink apply --yes\` start to exit with --faults drop:0.2 ${round(dropped.droppedMs)} ms (${dropped.drops} of ${dropped.requests} connections closed) vs fault-free ${round(dropped.faultFreeMs)} ms: ${round(dropRatio, 2)}x (goal <= 3)`,
  );

const inventory = await benchInventory();
console.log("\nInventory of a 20,000-subnet tenant through the adapter (sandbox in the same process)");
console.log(
  `  VirtualNetworks_ListAll: first page ${round(inventory.firstPageMs)} ms, all ${round(inventory.listVnetsMs)} ms`,
);
console.log(
  `  Subnets_List per VNet: ${inventory.subnets} subnets in ${round(inventory.listSubnetsMs)} ms, ${inventory.requests} requests, ${round(inventory.requestsPerSecond)} requests/s`,
);
const big = await benchBigTenant();
console.log(
  `\nThe vault list of a generated ${big.subscriptions}-subscription tenant (vaultlink sandbox --big-tenant, its own process)`,
);
for (const [name, run] of [
  ["Resource Graph", big.graph],
  ["ARM lists     ", big.arm],
] as const)
  console.log(
    `  ${name}: first vault ${round(run.firstVaultMs)} ms, all ${run.vaults} ${round(run.allVaultsMs)} ms, ${run.requests} requests (subscriptions listed first), ${run.throttled} answered 429, ${run.waits} paced`,
  );
console.log("`vaultlink check -o json` of every vault there (the built CLI)");
for (const [name, run] of [
  ["Resource Graph", big.checkGraph],
  ["ARM lists     ", big.checkArm],
] as const) {
  const kinds = Object.entries(run.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${count} ${kind}`)
    .join(", ");
  console.log(
    `  ${name}: ${run.vaults} vaults in ${round(run.ms)} ms, exit ${run.exitCode}, ${run.requests} requests (${kinds})`,
  );
}
console.log(
  `  the same findings through both: ${big.checkGraph.findings === big.checkArm.findings ? "yes" : "NO"}`,
);
const az = await benchAzPeer();
if (az === undefined)
  console.log("\nThe az CLI comparison: skipped, az is not installed (apt-get install azure-cli)");
else {
  console.log(
    `\nThe same setup by bench/az-private-zones.sh, az CLI ${az.azVersion} one command per resource (same latencies)`,
  );
  console.log(
    `  az: ${az.azRequests} ARM requests in ${round(az.azMs)} ms; vaultlink apply: ${az.vaultlinkRequests} in ${round(az.vaultlinkMs)} ms`,
  );
  console.log(
    `  requests ${round(az.vaultlinkRequests / az.azRequests, 2)}x (goal <= 0.5), wall time ${round(az.vaultlinkMs / az.azMs, 2)}x (goal <= 0.3)`,
  );
  for (const [name, kinds] of [
    ["az       ", az.azKinds],
    ["vaultlink", az.vaultlinkKinds],
  ] as const)
    console.log(
      `  ${name}: ${kinds.readsBeforeWrites} reads before writing, ${kinds.writes} writes, ${kinds.statusPolls} status polls, ${kinds.resourceReads} resource reads after writing`,
    );
  for (const difference of az.differences) console.log(`  NOT the same setup: ${difference}`);
}
const azFigures =
  az === undefined
    ? {}
    : {
        azRequestsRatio: round(az.vaultlinkRequests / az.azRequests, 2),
        azWallRatio: round(az.vaultlinkMs / az.azMs, 2),
      };
const results = {
  machine,
  firstFrameRatio: round(start.ratio, 2),
  versionRatio: round(version.ratio, 2),
  dryRunMs: round(apply.dryRunMs),
  applyCriticalPathRatio: round(applyRatio, 2),
  requestRatio: round(requestRatio, 2),
  replayWrites: apply.replayWrites,
  replayReadsPerResource: round(replayReadsPerResource, 2),
  ...azFigures,
  ...(dropped === undefined ? {} : { dropFaultsApplyRatio: round(dropRatio, 2) }),
  filterMsPerKeystroke: round(filter.keystrokeMedianMs),
  peakRssMb: round(filter.peakRssMiB),
  bigTenantFirstVaultMs: round(big.graph.firstVaultMs),
  bigTenantRequestsGraph: big.graph.requests,
  bigTenantRequestsArm: big.arm.requests,
  // Each tracked figure's goal, by the same name ("none": tracked without one).
  goals: {
    ...Object.fromEntries(Object.entries(GOALS).map(([name, goal]) => [name, goalText(goal)])),
    // Details tracked without a goal: `check` over the big tenant, through each inventory source.
    bigTenantCheckRequestsGraph: "none",
    bigTenantCheckRequestsArm: "none",
    bigTenantCheckMsGraph: "none",
    bigTenantCheckMsArm: "none",
  },
  details: {
    nodeStartMs: round(version.nodeBaselineMs),
    versionMs: round(version.versionMs),
    firstFrameMs: round(start.firstFrameMs),
    firstFrameNodeStartMs: round(start.nodeBaselineMs),
    inkFrameMs: round(start.inkFrameMs),
    inkFrameRatio: round(start.inkFrameRatio, 2),
    applyMs: round(apply.applyMs),
    criticalPathMs: round(apply.criticalPathMs),
    armRequests: apply.requests,
    armRequestsMinimal: apply.minimalRequests,
    ...(dropped === undefined
      ? { dropFaultsApplyFailed: true }
      : {
          dropFaultsApplyMs: round(dropped.droppedMs),
          dropFaultsFreeApplyMs: round(dropped.faultFreeMs),
          dropFaultsDrops: dropped.drops,
        }),
    inventoryFirstPageMs: round(inventory.firstPageMs),
    inventoryListVnetsMs: round(inventory.listVnetsMs),
    inventoryRequestsPerSecond: round(inventory.requestsPerSecond),
    filterMaxMsPerKeystroke: round(filter.keystrokeMaxMs),
    filterWhileLoadingMsPerKeystroke: round(filter.keystrokeWhileLoadingMedianMs),
    subnetListLoadedMs: round(filter.listLoadedMs),
    rssBeforeListMb: round(filter.rssBeforeListMiB),
    bigTenantAllVaultsMs: round(big.graph.allVaultsMs),
    bigTenantFirstVaultArmMs: round(big.arm.firstVaultMs),
    bigTenantAllVaultsArmMs: round(big.arm.allVaultsMs),
    bigTenantCheckRequestsGraph: big.checkGraph.requests,
    bigTenantCheckRequestsArm: big.checkArm.requests,
    bigTenantCheckMsGraph: round(big.checkGraph.ms),
    bigTenantCheckMsArm: round(big.checkArm.ms),
    bigTenantCheckSameFindings: big.checkGraph.findings === big.checkArm.findings,
    replayReads: apply.replayReads,
    plannedResources: apply.plannedResources,
    ...(az === undefined
      ? {}
      : {
          azVersion: az.azVersion,
          azRequests: az.azRequests,
          azMs: round(az.azMs),
          azReadsBeforeWrites: az.azKinds.readsBeforeWrites,
          azWrites: az.azKinds.writes,
          azStatusPolls: az.azKinds.statusPolls,
          azResourceReads: az.azKinds.resourceReads,
          azVaultlinkRequests: az.vaultlinkRequests,
          azVaultlinkMs: round(az.vaultlinkMs),
          azVaultlinkReadsBeforeWrites: az.vaultlinkKinds.readsBeforeWrites,
          azVaultlinkWrites: az.vaultlinkKinds.writes,
          azVaultlinkStatusPolls: az.vaultlinkKinds.statusPolls,
          azVaultlinkResourceReads: az.vaultlinkKinds.resourceReads,
        }),
  },
};
console.log("\nEvery tracked figure beside its goal");
console.log(figureTable(trackedFigures(results)));
await writeFile(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nWrote bench/results.json.");
