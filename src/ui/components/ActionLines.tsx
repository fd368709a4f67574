import { Box, Text } from "ink";
import { terminalSafe } from "../../core/terminal-safe.js";
import type { Action, ActionKind } from "../../engine/action.js";

/** The markers `apply --dry-run` prints (src/cli/render/action-lines.ts), as Ink text. */
const MARKERS: Readonly<Record<ActionKind, { readonly text: string; readonly color: string }>> = {
  create: { text: "+ create   ", color: "green" },
  update: { text: "~ update   ", color: "yellow" },
  noChange: { text: "= no change", color: "gray" },
  blocked: { text: "✗ blocked  ", color: "red" },
};

/** One line per action with its marker, plus what an update changes and why a blocked action is blocked. */
export function ActionLines({ actions }: { readonly actions: readonly Action[] }) {
  return (
    <Box flexDirection="column">
      {actions.map((action) => (
        <Box key={action.id} flexDirection="column">
          <Text wrap="truncate-end">
            <Text color={MARKERS[action.kind].color}>{MARKERS[action.kind].text}</Text>{" "}
            {terminalSafe(action.description)}
          </Text>
          {action.kind === "update"
            ? action.changes.map((change) => (
                <Text key={change.field} dimColor>
                  {"             "}
                  {change.field}: {terminalSafe(String(change.before))} {"->"}{" "}
                  {terminalSafe(String(change.after))}
                </Text>
              ))
            : null}
          {action.kind === "blocked"
            ? action.findings.map((finding) => (
                <Text key={finding.code} color="red">
                  {"             "}[{finding.code}] {terminalSafe(finding.message)}
                </Text>
              ))
            : null}
        </Box>
      ))}
    </Box>
  );
}

/** "Plan: 3 to create, 0 to update, …": the dry run's closing line. */
export function actionSummary(actions: readonly Action[]): string {
  const count = (kind: ActionKind) => actions.filter((a) => a.kind === kind).length;
  return `Plan: ${count("create")} to create, ${count("update")} to update, ${count("noChange")} unchanged, ${count("blocked")} blocked.`;
}
