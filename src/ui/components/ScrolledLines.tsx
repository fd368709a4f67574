import { Box, Text } from "ink";
import { terminalSafe } from "../../core/terminal-safe.js";
import { useScroll } from "../use-scroll.js";
import type { ViewLine } from "./wrapped-lines.js";

/** Lines already broken to the window's width, one terminal row each (never wrapped again by the layout). */
export function ViewLines({ lines }: { readonly lines: readonly ViewLine[] }) {
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.map((line) => (
        <Text
          key={line.key}
          wrap="truncate-end"
          {...(line.color === undefined ? {} : { color: line.color })}
          dimColor={line.dim === true}
          bold={line.bold === true}
        >
          {line.lead === undefined ? null : <Text color={line.lead.color}>{line.lead.text}</Text>}
          {line.text === "" && line.lead === undefined ? " " : terminalSafe(line.text)}
        </Text>
      ))}
    </Box>
  );
}

/** A window of `height` lines out of many, starting at `offset`, with a note of what is above and below. */
export function ScrolledLines({
  lines,
  offset,
  height,
  hint = "PgUp/PgDn scroll",
}: {
  readonly lines: readonly ViewLine[];
  readonly offset: number;
  readonly height: number;
  /** How to scroll this page, said after "lines a-b of n". */
  readonly hint?: string;
}) {
  const shown = lines.slice(offset, offset + height);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <ViewLines lines={shown} />
      {lines.length > height ? (
        <Text dimColor wrap="truncate-end">
          lines {offset + 1}-{offset + shown.length} of {lines.length} · {hint}
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
  hint,
}: {
  readonly lines: readonly ViewLine[];
  readonly height: number;
  readonly active: boolean;
  readonly arrows?: boolean;
  readonly hint?: string;
}) {
  // One line is kept for the "lines a-b of n" note when the page is longer than the window.
  const view = lines.length > height ? Math.max(1, height - 1) : height;
  const offset = useScroll({ total: lines.length, height: view, active, arrows: arrows ?? false });
  return (
    <ScrolledLines lines={lines} offset={offset} height={view} {...(hint === undefined ? {} : { hint })} />
  );
}
