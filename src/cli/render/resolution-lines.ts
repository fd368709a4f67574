import { sortFindings } from "../../core/findings.js";
import type {
  NamePrediction,
  PredictedAnswer,
  VnetPrediction,
} from "../../core/resolution/predict-resolution.js";
import type { DnsOnceApplied } from "../../engine/resolution/once-applied.js";
import type { Printer } from "../output.js";
import { markdownCode, markdownText } from "../views/markdown.js";
import { printFinding } from "./findings-lines.js";

/** A predicted answer in words. */
export function describeAnswer(answer: PredictedAnswer): string {
  switch (answer.kind) {
    case "private":
      return answer.addresses.join(", ");
    case "public":
      return answer.gives === "NXDOMAIN"
        ? "NXDOMAIN from public DNS (backup names have no public record)"
        : "a public address from public DNS";
    case "nxdomain":
      return "NXDOMAIN";
    case "failure":
      return `SERVFAIL: ${answer.reason}`;
    case "unknown":
      return `unknown: ${answer.reason}`;
  }
}

const MARK: Readonly<Record<NamePrediction["verdict"], { mark: string; style: "green" | "red" | "yellow" }>> =
  {
    ok: { mark: "✓", style: "green" },
    wrong: { mark: "✗", style: "red" },
    unknown: { mark: "?", style: "yellow" },
  };

/** Per VNet: its DNS servers, how many names resolve as they should, and each other name with its path and fix. */
export function printPredictions(out: Printer, predictions: readonly VnetPrediction[], indent = ""): void {
  for (const vnet of predictions) {
    out.line();
    out.line(`${indent}${out.style("bold", vnet.name)}  DNS: ${vnet.dnsServers}`);
    // The names that resolve as they should are counted; the others are shown with their path and fix.
    const ok = vnet.names.filter((n) => n.verdict === "ok").length;
    out.line(
      `${indent}  ${out.style(ok === vnet.names.length ? "green" : "yellow", `${ok} of ${vnet.names.length} names resolve to the endpoints' private addresses`)}`,
    );
    for (const name of vnet.names.filter((n) => n.verdict !== "ok")) {
      const { mark, style } = MARK[name.verdict];
      out.line(
        `${indent}  ${out.style(style, mark)} ${name.name}: ${describeAnswer(name.answer)}, expected ${name.expected.join(", ")}`,
      );
      out.line(`${indent}      path: ${name.path.join("; ")}`);
      if (name.fix !== undefined) out.line(`${indent}      fix: ${name.fix}`);
    }
  }
}

/** The dry run's "DNS once applied" section: the prediction and its audits. */
export function printDnsOnceApplied(out: Printer, dns: DnsOnceApplied): void {
  if (dns.virtualNetworks.length === 0 && dns.findings.length === 0) return;
  out.line();
  out.line(
    out.style(
      "bold",
      "DNS once applied (predicted from ARM; `vaultlink resolve PLAN` checks it after apply)",
    ),
  );
  printPredictions(out, dns.virtualNetworks, "  ");
  if (dns.findings.length > 0) {
    out.line();
    for (const finding of sortFindings(dns.findings)) printFinding(out, finding, "  ");
  }
}

/** The same section for a pull-request comment. */
export function dnsOnceAppliedMarkdown(dns: DnsOnceApplied): string[] {
  if (dns.virtualNetworks.length === 0 && dns.findings.length === 0) return [];
  const lines = ["#### DNS once applied", ""];
  for (const vnet of dns.virtualNetworks) {
    const ok = vnet.names.filter((n) => n.verdict === "ok").length;
    lines.push(
      `- ${markdownCode(vnet.name)} (DNS: ${markdownText(vnet.dnsServers)}): ${ok} of ${vnet.names.length} names private`,
    );
    for (const name of vnet.names.filter((n) => n.verdict !== "ok"))
      lines.push(
        `  - ${MARK[name.verdict].mark} ${markdownCode(name.name)}: ${markdownText(describeAnswer(name.answer))}${name.fix === undefined ? "" : `<br>Fix: ${markdownText(name.fix)}`}`,
      );
  }
  for (const finding of sortFindings(dns.findings))
    lines.push(
      `- **${finding.severity}** ${markdownCode(finding.code)}: ${markdownText(finding.message)}<br>Fix: ${markdownText(finding.fix)}`,
    );
  lines.push("");
  return lines;
}
