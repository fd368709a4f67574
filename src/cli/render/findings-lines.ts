import type { Finding } from "../../core/findings.js";
import type { Printer } from "../output.js";

/** One finding as two lines: its severity, code and message, then its fix. The dry run and `check` print alike. */
export function printFinding(out: Printer, finding: Finding, indent: string): void {
  const label =
    finding.severity === "block"
      ? out.style("red", "blocks")
      : finding.severity === "warn"
        ? out.style("yellow", "warning")
        : out.style("dim", "info");
  out.line(`${indent}${label} [${finding.code}] ${finding.message}`);
  out.line(`${indent}  fix: ${finding.fix}`);
}
