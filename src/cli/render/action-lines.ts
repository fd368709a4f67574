import { type Finding, sortFindings } from "../../core/findings.js";
import type { Action, ActionKind } from "../../engine/action.js";
import type { Drift } from "../../engine/drift.js";
import { countActions, inProgressNote, planSummaryText } from "../../engine/preview.js";
import type { Printer } from "../output.js";
import { printFinding } from "./findings-lines.js";

const MARKERS: Record<
  ActionKind,
  { readonly marker: string; readonly word: string; readonly style: "green" | "yellow" | "dim" | "red" }
> = {
  create: { marker: "+", word: "create", style: "green" },
  update: { marker: "~", word: "update", style: "yellow" },
  noChange: { marker: "=", word: "no change", style: "dim" },
  blocked: { marker: "✗", word: "blocked", style: "red" },
  waiting: { marker: "…", word: "waiting", style: "yellow" },
  inProgress: { marker: "…", word: "in progress", style: "yellow" },
};

/** The dry run's text: one line per action with its marker and the exact resource, then a summary line. */
export function printActions(out: Printer, actions: readonly Action[], findings: readonly Finding[]): void {
  for (const action of actions) {
    const { marker, word, style } = MARKERS[action.kind];
    out.line(`${out.style(style, `${marker} ${word.padEnd(9)}`)} ${action.description}`);
    out.line(out.style("dim", `              ${action.id}`));
    if (action.kind === "update") {
      for (const change of action.changes)
        out.line(`              ${change.field}: ${change.before} -> ${change.after}`);
    }
    if (action.kind === "waiting") out.line(`              ${action.reason}`);
    if (action.kind === "inProgress") out.line(`              ${inProgressNote(action)}`);
    if (action.condition !== undefined) out.line(out.style("dim", `              when: ${action.condition}`));
    if (action.kind === "blocked")
      for (const finding of action.findings) printFinding(out, finding, "              ");
  }
  const general = sortFindings(findings);
  if (general.length > 0) {
    out.line();
    out.line(out.style("bold", "Findings"));
    for (const finding of general) printFinding(out, finding, "  ");
  }
  out.line();
  out.line(planSummaryText(countActions(actions)));
}

/** A stale plan: what changed since it was made, field by field. */
export function printDrift(out: Printer, drift: readonly Drift[]): void {
  for (const change of drift) {
    out.line(`  ${change.id}`);
    out.line(
      `    ${change.field}: ${JSON.stringify(change.planned)} when planned, ${JSON.stringify(change.now)} now: ${change.reason}`,
    );
  }
}
