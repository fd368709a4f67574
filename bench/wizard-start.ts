// Benchmark (prints figures; not a test): time from process start to the wizard's first frame in a real
// pseudo-terminal, beside `node -e 0` measured in the same run on the same machine (goal: at most 2x). The machine
// may be busy with other work: each wizard run is paired with a `node -e 0` run right before it, and the figure is
// the median of the pairs' ratios, so load that comes and goes shifts both sides of a pair alike.
import { resolve } from "node:path";
import { spawn } from "node-pty";

const RUNS = 21;

/** Milliseconds from spawning `args` under a pseudo-terminal until `done` says so (output seen or exit). */
function timeUntil(args: readonly string[], until: "exit" | RegExp): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const pty = spawn(process.execPath, [...args], {
      name: "xterm-256color",
      cols: 80,
      rows: 24,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TERM: "xterm-256color" },
    });
    let output = "";
    let finished = false;
    const finish = (ms: number) => {
      if (finished) return;
      finished = true;
      done(ms);
      pty.kill();
    };
    pty.onData((data) => {
      output += data;
      if (until !== "exit" && until.test(output)) finish(performance.now() - started);
    });
    pty.onExit(() => {
      if (until === "exit") finish(performance.now() - started);
      else if (!finished) fail(new Error(`exited before the first frame: ${output}`));
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export interface StartFigures {
  readonly nodeBaselineMs: number;
  readonly firstFrameMs: number;
  readonly ratio: number;
  /** Until Ink's own first frame (its synchronized-update mark), which replaces the early one: keys work from here. */
  readonly inkFrameMs: number;
  readonly inkFrameRatio: number;
}

export async function benchWizardStart(): Promise<StartFigures> {
  const baseline: number[] = [];
  const wizard: number[] = [];
  const ratios: number[] = [];
  const ink: number[] = [];
  const inkRatios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const nodeMs = await timeUntil(["-e", "0"], "exit");
    const frameMs = await timeUntil(
      [resolve("bin/vaultlink"), "--sandbox"],
      /vaultlink: Azure Backup private endpoints/,
    );
    const inkMs = await timeUntil(
      [resolve("bin/vaultlink"), "--sandbox"],
      new RegExp(`${String.fromCharCode(27)}\\[\\?2026h`),
    );
    baseline.push(nodeMs);
    wizard.push(frameMs);
    ratios.push(frameMs / nodeMs);
    ink.push(inkMs);
    inkRatios.push(inkMs / nodeMs);
  }
  return {
    nodeBaselineMs: median(baseline),
    firstFrameMs: median(wizard),
    ratio: median(ratios),
    inkFrameMs: median(ink),
    inkFrameRatio: median(inkRatios),
  };
}
