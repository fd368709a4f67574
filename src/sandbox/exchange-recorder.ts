import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedExchange } from "./server.js";

/**
 * When this environment variable names a directory, every sandbox started in the process (and in the vaultlink
 * processes it starts with that variable) writes each HTTP exchange, request and answer in full, as one JSON line
 * to a file of its own there. vaultlink's test suite sets it, and checks all of it against the ARM specs at the end
 * (test/support/spec-traffic.ts). Headers that carry credentials are not written.
 */
export const RECORD_DIR_VARIABLE = "VAULTLINK_SANDBOX_RECORD_DIR";

const SECRET_HEADERS = new Set(["authorization", "cookie"]);
/** Lines kept before a write: writing each exchange as it happens slowed the sandbox under load. */
const BATCH = 500;

/** The flush of every recorder of the process, run when it exits (one listener for all of them). */
const unflushed = new Set<() => void>();

export interface ExchangeRecorder {
  record(exchange: RecordedExchange): void;
  /** Writes what is kept; also done when the batch is full and when the process exits. */
  flush(): void;
}

/** A recorder into `directory`, or undefined when recording is off. */
export function exchangeRecorder(directory = process.env[RECORD_DIR_VARIABLE]): ExchangeRecorder | undefined {
  if (directory === undefined || directory === "") return undefined;
  const file = join(directory, `${process.pid}-${randomUUID()}.jsonl`);
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    appendFileSync(file, lines.join(""), "utf8");
    lines = [];
  };
  if (unflushed.size === 0) {
    process.once("exit", () => {
      for (const pending of unflushed) pending();
    });
  }
  unflushed.add(flush);
  return {
    record: (exchange) => {
      const requestHeaders = Object.fromEntries(
        Object.entries(exchange.requestHeaders).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase())),
      );
      lines.push(`${JSON.stringify({ ...exchange, requestHeaders })}\n`);
      if (lines.length >= BATCH) flush();
    },
    flush,
  };
}
