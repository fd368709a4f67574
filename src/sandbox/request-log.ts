import { appendFileSync } from "node:fs";

/** One line of the request log (`--log FILE`, JSON lines): enough to count reads and writes. */
export interface LogEntry {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | null;
  readonly status: number;
  readonly durationMs: number;
}

/** Keeps every entry in memory and, with a file, appends each as one JSON line as it happens. */
export class RequestLog {
  private readonly entries: LogEntry[] = [];

  constructor(private readonly file: string | undefined) {}

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.file !== undefined) appendFileSync(this.file, `${JSON.stringify(entry)}\n`, "utf8");
  }

  all(): readonly LogEntry[] {
    return this.entries;
  }
}
