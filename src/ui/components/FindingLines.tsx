import { Box, Text } from "ink";
import { type Finding, sortFindings } from "../../core/findings.js";
import { useFrameWidth } from "../frame-width.js";
import { findingViewLines } from "./finding-view-lines.js";
import { ViewLines } from "./ScrolledLines.js";

/** Findings most serious first, each with its fix: the same values the dry run prints. */
export function FindingLines({
  findings,
  limit,
}: {
  readonly findings: readonly Finding[];
  readonly limit?: number;
}) {
  // Outside the wizard (a step alone in a test) the width is ink-testing-library's 100 columns.
  const width = (useFrameWidth() ?? 100) - 1;
  const sorted = sortFindings(findings);
  const shown = limit === undefined ? sorted : sorted.slice(0, limit);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <ViewLines lines={findingViewLines(shown, width)} />
      {shown.length < sorted.length ? (
        <Text dimColor>… and {sorted.length - shown.length} more (the review shows them all)</Text>
      ) : null}
    </Box>
  );
}
