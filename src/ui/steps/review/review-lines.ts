import { sortFindings } from "../../../core/findings.js";
import type { Action, ActionKind } from "../../../engine/action.js";
import {
  blockedSummary,
  countActions,
  inProgressNote,
  type Preview,
  planSummaryText,
} from "../../../engine/preview.js";
import { findingViewLines } from "../../components/finding-view-lines.js";
import { type ViewLine, wrapText } from "../../components/wrapped-lines.js";

/** The markers `apply --dry-run` prints (src/cli/render/action-lines.ts). */
const MARKERS: Readonly<Record<ActionKind, { readonly text: string; readonly color: string }>> = {
  create: { text: "+ create   ", color: "green" },
  update: { text: "~ update   ", color: "yellow" },
  noChange: { text: "= no change", color: "gray" },
  blocked: { text: "✗ blocked  ", color: "red" },
  waiting: { text: "… waiting  ", color: "yellow" },
  inProgress: { text: "… in progress", color: "yellow" },
};

/** "Plan: 3 to create, 0 to update, 1 unchanged, 0 blocked.": the dry run's closing line. */
export function actionSummary(actions: readonly Action[]): string {
  return planSummaryText(countActions(actions));
}

/** The dry run as screen lines: each action with its marker, then every finding with its fix, then the summary. */
export function reviewLines(preview: Preview, width: number): ViewLine[] {
  if (preview.kind === "stale") {
    return [
      { key: "stale", text: "The tenant changed while you were choosing:", color: "yellow" },
      ...preview.drift.map((d, i) => ({
        key: `drift ${i}`,
        text: `  ${d.id.split("/").pop()} ${d.field}: ${JSON.stringify(d.planned)} -> ${JSON.stringify(d.now)}`,
      })),
    ];
  }
  const lines: ViewLine[] = [];
  for (const action of preview.actions) {
    const marker = MARKERS[action.kind];
    // Whole, not cut at the window's edge: the description goes on under itself.
    const [first = "", ...rest] = wrapText(action.description, Math.max(20, width - 12));
    lines.push(
      { key: action.id, lead: marker, text: ` ${first}` },
      ...wrapText(rest.join(" "), Math.max(20, width - 12)).map((text, i) => ({
        key: `${action.id} ${i}`,
        text: `            ${text}`,
      })),
    );
    if (action.kind === "update")
      for (const change of action.changes)
        lines.push({
          key: `${action.id} ${change.field}`,
          text: `             ${change.field}: ${change.before} -> ${change.after}`,
          dim: true,
        });
    const notes = [
      ...(action.kind === "waiting" ? [{ key: "waiting", text: action.reason }] : []),
      ...(action.kind === "inProgress" ? [{ key: "inProgress", text: inProgressNote(action) }] : []),
      ...(action.condition === undefined ? [] : [{ key: "when", text: `when: ${action.condition}` }]),
    ];
    for (const note of notes)
      lines.push(
        ...wrapText(note.text, width - 13).map((text, i) => ({
          key: `${action.id} ${note.key} ${i}`,
          text: `             ${text}`,
          dim: true,
        })),
      );
    if (action.kind === "blocked")
      action.findings.forEach((f, i) => {
        lines.push(
          ...findingViewLines([f], width - 13).map((l) => ({
            ...l,
            key: `${action.id} b${i} ${l.key}`,
            text: l.lead === undefined ? `             ${l.text}` : l.text,
            ...(l.lead === undefined ? {} : { lead: { ...l.lead, text: `             ${l.lead.text}` } }),
          })),
        );
      });
  }
  const findings = sortFindings(preview.findings);
  if (findings.length > 0) {
    lines.push({ key: "gap1", text: "" }, { key: "findings", text: "Findings", bold: true });
    lines.push(...findingViewLines(findings, width));
  }
  lines.push({ key: "gap2", text: "" }, { key: "summary", text: actionSummary(preview.actions), bold: true });
  return lines;
}

/** Why the plan cannot be applied as it is, or undefined when it can: the engine's own blockers, in one clause. */
export function blockingReason(preview: Preview): string | undefined {
  if (preview.kind === "stale")
    return "the tenant changed since the choices were made; go back and choose again";
  return blockedSummary(preview);
}
