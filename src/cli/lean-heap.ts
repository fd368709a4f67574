let lean = false;

/**
 * Asks V8 to favour memory over throughput, once a command starts reading a tenant. By default V8 sizes its heap
 * for throughput: the young generation doubles from 1 MB per semi-space up to 16 MB while much of what is allocated
 * survives (the wizard reading tens of thousands of subnets), and the old generation grows up to 4x between full
 * collections. A terminal tool that waits on a person gains nothing from that: growth factor 1 keeps the young
 * generation at its size, and --optimize-for-size grows the old generation in small steps. Measured on the
 * 20,000-subnet benchmark (bench/wizard-filter.ts, 3 runs each): peak RSS 173 MB without them, 160 MB with the
 * first, 137 MB with both; keystroke-to-frame within the runs' noise. V8 reads both when it decides to grow a space,
 * so setting them at run time takes effect (https://nodejs.org/api/v8.html#v8setflagsfromstringflags; the flags:
 * https://chromium.googlesource.com/v8/v8/+/refs/heads/main/src/flags/flag-definitions.h). Not set at start-up: while
 * the CLI and Ink load, they cost 7 ms of `--version` and 27 ms of Ink's first frame (paired runs), and a shebang
 * cannot pass flags portably.
 */
export async function keepHeapLean(): Promise<void> {
  if (lean) return;
  lean = true;
  // Imported here: node:v8 loads modules of its own, which the wizard's first frame does not wait for.
  const { setFlagsFromString } = await import("node:v8");
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--optimize-for-size");
}
