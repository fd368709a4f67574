import { Box, Text } from "ink";
import { type Finding, type Severity, sortFindings } from "../../core/findings.js";
import { terminalSafe } from "../../core/terminal-safe.js";

const LABEL: Readonly<Record<Severity, { readonly text: string; readonly color: string }>> = {
  block: { text: "✗ blocks", color: "red" },
  warn: { text: "! warning", color: "yellow" },
  info: { text: "i info", color: "blue" },
};

/** Findings most serious first, each with its fix: the same values the dry run prints. */
export function FindingLines({
  findings,
  limit,
}: {
  readonly findings: readonly Finding[];
  readonly limit?: number;
}) {
  const sorted = sortFindings(findings);
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  return (
    <Box flexDirection="column">
      {shown.map((finding) => (
        <Box key={`${finding.code} ${finding.subject ?? ""}`} flexDirection="column">
          <Text>
            <Text color={LABEL[finding.severity].color}>{LABEL[finding.severity].text}</Text> [{finding.code}]{" "}
            {terminalSafe(finding.message)}
          </Text>
          <Text dimColor> fix: {terminalSafe(finding.fix)}</Text>
        </Box>
      ))}
      {shown.length < sorted.length ? (
        <Text dimColor>… and {sorted.length - shown.length} more (the review shows them all)</Text>
      ) : null}
    </Box>
  );
}
