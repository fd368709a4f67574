import { Box, Text } from "ink";
import { terminalSafe } from "../../core/terminal-safe.js";
import { useScroll } from "../use-scroll.js";
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

/** A long page that scrolls itself with the wizard's page keys (use-scroll.ts): result pages, printed commands. */
export function ScrollingLines({
  lines,
  height,
  active,
  arrows,
}: {
  readonly lines: readonly ViewLine[];
  readonly height: number;
  readonly active: boolean;
  readonly arrows?: boolean;
}) {
  // One line is kept for the "lines a-b of n" note when the page is longer than the window.
  const view = lines.length > height ? Math.max(1, height - 1) : height;
  const offset = useScroll({ total: lines.length, height: view, active, arrows: arrows ?? false });
  return <ScrolledLines lines={lines} offset={offset} height={view} />;
}
