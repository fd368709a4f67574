// Benchmark (prints figures; not a test): `vaultlink --version` beside `node -e 0`, both measured in this run on
// this machine, in pairs (the figure is the median of the pairs' ratios) so both sides of a pair see the same load. What it shows: how much the CLI adds to Node's own start.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const RUNS = 21;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeRun(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [...args], { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
  return performance.now() - started;
}

export interface VersionFigures {
  readonly nodeBaselineMs: number;
  readonly versionMs: number;
  readonly ratio: number;
}

export function benchVersion(): VersionFigures {
  const baseline: number[] = [];
  const version: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const nodeMs = timeRun(["-e", "0"]);
    const versionMs = timeRun([resolve("bin/vaultlink"), "--version"]);
    baseline.push(nodeMs);
    version.push(versionMs);
    ratios.push(versionMs / nodeMs);
  }
  return { nodeBaselineMs: median(baseline), versionMs: median(version), ratio: median(ratios) };
}
