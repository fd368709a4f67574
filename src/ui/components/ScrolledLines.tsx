import { Box, Text } from "ink";
import { terminalSafe } from "../../core/terminal-safe.js";
import type { ViewLine } from "./wrapped-lines.js";

/** A window of `height` lines out of many, starting at `offset`, with a note of what is above and below. */
export function ScrolledLines({
  lines,
  offset,
  height,
}: {
  readonly lines: readonly ViewLine[];
  readonly offset: number;
  readonly height: number;
}) {
  const shown = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column">
      {shown.map((line) => (
        <Text
          key={line.key}
          wrap="truncate-end"
          {...(line.color === undefined ? {} : { color: line.color })}
          dimColor={line.dim === true}
          bold={line.bold === true}
        >
          {line.text === "" ? " " : terminalSafe(line.text)}
        </Text>
      ))}
      {lines.length > height ? (
        <Text dimColor>
          lines {offset + 1}-{offset + shown.length} of {lines.length} · PgUp/PgDn scroll
        </Text>
      ) : null}
    </Box>
  );
}
