import { Box, Text } from "ink";
import { ALL_KEYS } from "../step-info.js";

/** The `?` screen: every key the wizard takes. */
export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {ALL_KEYS.map(([keys, what]) => (
        <Text key={keys}>
          {keys.padEnd(24)} {what}
        </Text>
      ))}
      <Text dimColor>? or Esc closes this</Text>
    </Box>
  );
}
