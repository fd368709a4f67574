// Benchmark (prints figures; not a test): the wizard as users run it — the built CLI (bin/vaultlink, what
// `npx vaultlink` starts) in a real pseudo-terminal against `vaultlink sandbox` serving a 20,000-subnet tenant in
// a process of its own — driven by keys to the subnet list, then filtering it: keystroke-to-frame latency and the
// wizard process's peak RSS. Reads /proc (Linux), as the process's own figures are not the benchmark's.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import xterm from "@xterm/headless";
import { spawn } from "node-pty";
import { startExternalSandboxFromFile } from "./external-sandbox.js";
import { largeTenant } from "./tenant-generator.js";

const VNETS = 400;
const SUBNETS_PER_VNET = 50;
const TYPED = "vnet-0399/snet-04";

export interface FilterFigures {
  readonly subnets: number;
  /** From answering the workloads question to the whole list shown (its reading may start earlier). */
  readonly listLoadedMs: number;
  readonly keystrokeMedianMs: number;
  readonly keystrokeMaxMs: number;
  /** Keystrokes typed after the first rows showed and before the last page arrived: the median and how many. */
  readonly keystrokeWhileLoadingMedianMs: number;
  readonly keystrokesWhileLoading: number;
  /** The wizard process's peak resident set (VmHWM), the subnet list loaded and filtered. */
  readonly peakRssMiB: number;
  /** Its resident set once the vault step was ready, before the subnet list was asked for. */
  readonly rssBeforeListMiB: number;
}

/** A field of /proc/PID/status in MiB (VmRSS, VmHWM). */
async function memoryMiB(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1];
  if (kib === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kib) / 1024;
}

/** CPU ticks the process has used (utime + stime in /proc/PID/stat). */
async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]?.split(" ") ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
}

export async function benchWizardFilter(): Promise<FilterFigures> {
  const directory = await mkdtemp(join(tmpdir(), "vaultlink-bench-filter-"));
  const stateFile = join(directory, "state.json");
  // Written and dropped here: neither the sandbox's nor the wizard's memory holds the generator's copy.
  await writeFile(stateFile, JSON.stringify(largeTenant(VNETS, SUBNETS_PER_VNET)));
  const sandbox = await startExternalSandboxFromFile(stateFile);
  const terminal = new xterm.Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  const pty = spawn(process.execPath, [resolve("bin/vaultlink"), "--sandbox", sandbox.url], {
    name: "xterm-256color",
    cols: 80,
    rows: 24,
    cwd: directory,
    env: { PATH: process.env.PATH ?? "", HOME: directory, TERM: "xterm-256color" },
  });
  const screen = () => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < terminal.rows; row++)
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? "");
    return lines.join("\n");
  };
  // Checked as soon as the emulator has parsed each chunk the wizard wrote: a frame's time is when it was drawn.
  let watch: { test: (screen: string) => boolean; done: () => void } | undefined;
  pty.onData((data) =>
    terminal.write(data, () => {
      if (watch?.test(screen()) === true) {
        watch.done();
        watch = undefined;
      }
    }),
  );
  const exited = new Promise<void>((done) => pty.onExit(() => done()));
  const until = (text: string | RegExp, timeoutMs = 120_000) =>
    new Promise<void>((done, fail) => {
      const test = (s: string) => (typeof text === "string" ? s.includes(text) : text.test(s));
      if (test(screen())) return done();
      const timer = setTimeout(() => {
        watch = undefined;
        fail(new Error(`the wizard never showed ${String(text)}; its screen:\n${screen()}`));
      }, timeoutMs);
      watch = {
        test,
        done: () => {
          clearTimeout(timer);
          done();
        },
      };
    });
  /**
   * Until the wizard has used no CPU for 300 ms: it has drawn the step and waits for keys, as a person would see.
   * At most 10 s, so an animation that never stops cannot hold the benchmark.
   */
  const idle = async () => {
    let last = -1;
    const deadline = Date.now() + 10_000;
    for (let still = 0; still < 3 && Date.now() < deadline; ) {
      const ticks = await cpuTicks(pty.pid);
      still = ticks === last ? still + 1 : 0;
      last = ticks;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const press = async (key: string) => {
    await idle();
    pty.write(key);
  };
  try {
    await until("Benchmark");
    await press("\r");
    await until("[ready  ] rsv-bench");
    await idle();
    const rssBeforeListMiB = await memoryMiB(pty.pid, "VmRSS");
    await press("\r");
    await until("What will rsv-bench protect?");
    await press(" ");
    await press("\r");
    const total = VNETS * SUBNETS_PER_VNET;
    const started = performance.now();
    /** Milliseconds from typing the filter's next character to the frame that shows it. */
    const typeNext = async (typed: string) => {
      const shown = until(`Filter: ${typed} `, 10_000);
      const before = performance.now();
      pty.write(typed.at(-1) ?? "");
      await shown;
      return performance.now() - before;
    };
    // Typed as soon as the first rows show, while later pages may still arrive: a page must not hold a key back.
    // (The wizard starts reading the subnets during the workloads question: on a fast machine none may be left.)
    await until(/\d+ of \d+ subnets/);
    const whileLoading: number[] = [];
    for (let i = 0; i < TYPED.length && screen().includes("Loading"); i++)
      whileLoading.push(await typeNext(TYPED.slice(0, i + 1)));
    if (whileLoading.length > 0) {
      pty.write("\u001B");
      await until("(type to filter)");
    }
    await until(new RegExp(`${total} of ${total} subnets`));
    const listLoadedMs = performance.now() - started;
    const latencies: number[] = [];
    for (let i = 0; i < TYPED.length; i++) {
      await idle();
      latencies.push(await typeNext(TYPED.slice(0, i + 1)));
    }
    await idle();
    const peakRssMiB = await memoryMiB(pty.pid, "VmHWM");
    return {
      subnets: total,
      listLoadedMs,
      keystrokeMedianMs: median(latencies),
      keystrokeMaxMs: Math.max(...latencies),
      keystrokeWhileLoadingMedianMs: median(whileLoading),
      keystrokesWhileLoading: whileLoading.length,
      peakRssMiB,
      rssBeforeListMiB,
    };
  } finally {
    pty.kill();
    await exited;
    terminal.dispose();
    await sandbox.close();
    await rm(directory, { recursive: true, force: true });
  }
}
