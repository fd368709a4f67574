import { type Finding, type Severity, sortFindings } from "../../core/findings.js";
import { terminalSafe } from "../../core/terminal-safe.js";
import { type ViewLine, wrapText } from "./wrapped-lines.js";

const LABEL: Readonly<Record<Severity, { readonly text: string; readonly color: string }>> = {
  block: { text: "✗ blocks", color: "red" },
  warn: { text: "! warning", color: "yellow" },
  info: { text: "i info", color: "blue" },
};

/**
 * Findings most serious first, each with its fix, broken into lines of at most `width` columns here rather than
 * by the terminal layout: a panel of fixed height then clips or scrolls whole lines, and no line of one finding
 * is ever drawn over another's (Ink squeezes wrapped text in a box shorter than its content).
 */
export function findingViewLines(findings: readonly Finding[], width: number): ViewLine[] {
  // Prose reads badly in lines much longer than a book's: past 120 columns the findings keep to 120.
  const room = Math.max(20, Math.min(width, 120));
  return sortFindings(findings).flatMap((finding, f) => {
    const label = LABEL[finding.severity];
    const key = `f${f} ${finding.code} ${finding.subject ?? ""}`;
    // The label keeps its colour on the first line; the rest of the message follows, indented under it.
    const [first = "", ...rest] = wrapText(
      `${label.text} [${finding.code}] ${terminalSafe(finding.message)}`,
      room,
    );
    const head: ViewLine[] = [
      { key: `${key} m0`, lead: label, text: first.slice(label.text.length) },
      ...wrapText(rest.join(" "), room - 2).map((text, i) => ({
        key: `${key} m${i + 1}`,
        text: `  ${text}`,
      })),
    ];
    const fix = wrapText(`fix: ${terminalSafe(finding.fix)}`, room - 2).map((text, i) => ({
      key: `${key} x${i}`,
      text: `  ${text}`,
      dim: true,
    }));
    return [...head, ...fix];
  });
}
