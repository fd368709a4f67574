import { Writable } from "node:stream";
import { runCli } from "../../src/cli/program.js";

export interface InProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that collects what is written, shaped like a non-TTY process stream. */
function collector(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join("") };
}

/**
 * Runs the CLI in this process, as `bin/vaultlink` would with these arguments: the same parser, validation and
 * error reporting, without the ~200 ms of a new process, so a thousand cases stay fast.
 */
export async function runCliInProcess(args: readonly string[]): Promise<InProcessResult> {
  const out = collector();
  const err = collector();
  const code = await runCli(["node", "vaultlink", ...args], {
    stdout: out.stream,
    stderr: err.stream,
    env: { NO_COLOR: "1" },
  });
  return { code, stdout: out.text(), stderr: err.text() };
}
