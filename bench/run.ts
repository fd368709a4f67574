// `npm run bench`: runs every benchmark once and prints its figures, then writes bench/results.json.
import { writeFile } from "node:fs/promises";
import { benchInventory } from "./sandbox-inventory.js";

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
await writeFile(new URL("./results.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
