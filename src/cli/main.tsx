import { runCli } from "./program.js";

/**
 * A reader that stops early (`vaultlink check | head -1`) closes the pipe, and every later write fails with EPIPE,
 * which Node raises as an unhandled 'error' event: a stack trace on the way out. The rest of the output has
 * nowhere to go, so it is dropped; the command itself still finishes (an apply's writes in flight included) and
 * exits with its own code.
 */
function dropOutputOnceTheReaderIsGone(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    throw error;
  });
}
dropOutputOnceTheReaderIsGone(process.stdout);
dropOutputOnceTheReaderIsGone(process.stderr);

const code = await runCli(process.argv, { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
