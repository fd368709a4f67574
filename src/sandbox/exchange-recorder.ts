import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedExchange } from "./server.js";

/**
 * When this environment variable names a directory, every sandbox started in the process (and in the vaultlink
 * processes it starts with that variable) appends each HTTP exchange, request and answer in full, as one JSON line
 * to a file of its own there. vaultlink's test suite sets it, and checks all of it against the ARM specs at the end
 * (test/support/spec-traffic.ts). Headers that carry credentials are not written.
 */
export const RECORD_DIR_VARIABLE = "VAULTLINK_SANDBOX_RECORD_DIR";

const SECRET_HEADERS = new Set(["authorization", "cookie"]);

/** A function that records one exchange, or undefined when recording is off. */
export function exchangeRecorder(
  directory = process.env[RECORD_DIR_VARIABLE],
): ((exchange: RecordedExchange) => void) | undefined {
  if (directory === undefined || directory === "") return undefined;
  const file = join(directory, `${process.pid}-${randomUUID()}.jsonl`);
  return (exchange) => {
    const requestHeaders = Object.fromEntries(
      Object.entries(exchange.requestHeaders).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase())),
    );
    appendFileSync(file, `${JSON.stringify({ ...exchange, requestHeaders })}\n`, "utf8");
  };
}
