import { Box, Text } from "ink";
import { ALL_KEYS } from "../step-info.js";

/** The `?` screen: every key the wizard takes, a description that wraps staying in its own column. */
export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Keys</Text>
      {ALL_KEYS.map(([keys, what]) => (
        <Box key={keys}>
          <Box width={25} flexShrink={0}>
            <Text>{keys}</Text>
          </Box>
          <Text>{what}</Text>
        </Box>
      ))}
      <Text dimColor>? or Esc closes this</Text>
    </Box>
  );
}
