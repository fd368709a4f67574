import { type FleetPlanResult, succeeded } from "../../engine/fleet.js";
import type { Printer } from "../output.js";

/** One line of a fleet's summary: the plan, its vault and how it ended (filled in as plans finish). */
export interface SummaryRow {
  readonly label: string;
  readonly vault: string;
  result: FleetPlanResult;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A result in a few words, for the progress view and the table's last column. */
export function resultWords(result: FleetPlanResult): string {
  switch (result.kind) {
    case "applied":
      return `applied ${plural(result.changes, "change")}${result.held > 0 ? `, ${result.held} held until the private path works (apply again)` : ""}`;
    case "unchanged":
      return "nothing to do";
    case "previewed":
      return `would create ${result.creates}, update ${result.updates}`;
    case "stale":
      return `stale (${plural(result.changes, "change")} since planned): nothing written`;
    case "blocked":
      return `blocked (${result.reason}): nothing written`;
    case "failed":
      return `${result.failed} failed, ${result.succeeded} succeeded, ${result.skipped} skipped: ${result.firstError}`;
    case "interrupted":
      return `interrupted after ${plural(result.succeeded, "change")}`;
    case "notStarted":
      return "not started (interrupted)";
    case "error":
      return result.bug ? `vaultlink bug: ${result.message}` : result.message;
  }
}

const RESULT_NAMES: Record<FleetPlanResult["kind"], string> = {
  applied: "applied",
  unchanged: "unchanged",
  previewed: "previewed",
  stale: "stale",
  blocked: "blocked",
  failed: "FAILED",
  interrupted: "interrupted",
  notStarted: "not started",
  error: "ERROR",
};

/** The table at the end of a fleet run: plan, vault, result, detail; then how many plans succeeded. */
export function printFleetSummary(out: Printer, rows: readonly SummaryRow[]): void {
  const header = { label: "PLAN", vault: "VAULT", result: "RESULT" };
  const width = (pick: (row: { label: string; vault: string; result: string }) => string) =>
    Math.max(
      pick(header).length,
      ...rows.map(
        (r) => pick({ label: r.label, vault: r.vault, result: RESULT_NAMES[r.result.kind] }).length,
      ),
    );
  const w = { label: width((r) => r.label), vault: width((r) => r.vault), result: width((r) => r.result) };
  out.line();
  out.line(
    out.style(
      "bold",
      `${header.label.padEnd(w.label)}  ${header.vault.padEnd(w.vault)}  ${header.result.padEnd(w.result)}  DETAIL`,
    ),
  );
  for (const row of rows) {
    const name = RESULT_NAMES[row.result.kind].padEnd(w.result);
    const styled = out.style(succeeded(row.result) ? "green" : "red", name);
    out.line(
      `${row.label.padEnd(w.label)}  ${row.vault.padEnd(w.vault)}  ${styled}  ${resultWords(row.result)}`,
    );
  }
  const ok = rows.filter((row) => succeeded(row.result)).length;
  out.line();
  out.line(`${ok} of ${plural(rows.length, "plan")} succeeded.`);
}
