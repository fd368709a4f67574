import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { StepInfo } from "../step-info.js";
import { fitParts, fitWords, type LinePart } from "./frame-text.js";

export interface StepFrameProps {
  readonly info: StepInfo;
  readonly number: number;
  readonly of: number;
  readonly target: string;
  /** A step before this one that does not apply, with why (said once, on the step that follows it). */
  readonly skipped?: string | undefined;
  /** The keys of the text field in use, which replace the step's while it has the keyboard. */
  readonly fieldKeys?: readonly string[] | undefined;
  readonly width: number;
  /** Rows the whole frame may take: the step's content is clipped to what is left, so it never scrolls the screen. */
  readonly height: number;
  readonly children: ReactNode;
}

/** Rows the frame takes around a step's content: title, why, a blank line above and below the content, keys. */
export function frameRows(skipped: string | undefined): number {
  return 5 + (skipped === undefined ? 0 : 1);
}

/**
 * Every screen's frame: the step's title and place, why it matters, the screen itself in a viewport of fixed
 * height, then its keys. The first and last lines drop whole parts to fit the width, never wrapping.
 */
export function StepFrame({
  info,
  number,
  of,
  target,
  skipped,
  fieldKeys,
  width,
  height,
  children,
}: StepFrameProps) {
  const room = Math.max(10, width - 1);
  const place = fitParts(
    [
      { text: `step ${number} of ${of}`, drop: 0 },
      { text: `vaultlink on ${target}`, drop: 1 },
    ],
    Math.max(12, room - info.title.length - 2),
  );
  const keys: readonly LinePart[] =
    fieldKeys === undefined ? info.keys : fieldKeys.map((text, index) => ({ text, drop: index }));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          {info.title}
        </Text>
        <Text dimColor>
          {"  "}
          {place}
        </Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {fitWords(info.why, room)}
      </Text>
      {skipped === undefined ? null : (
        <Text color="yellow" wrap="truncate-end">
          {fitWords(skipped, room)}
        </Text>
      )}
      <Box
        flexDirection="column"
        marginY={1}
        height={Math.max(1, height - frameRows(skipped))}
        overflow="hidden"
        flexShrink={0}
      >
        {/* Kept at its own height and clipped below, rather than squeezed row by row to fit. */}
        <Box flexDirection="column" flexShrink={0}>
          {children}
        </Box>
      </Box>
      <Text dimColor wrap="truncate-end">
        {fitParts(keys, room)}
      </Text>
    </Box>
  );
}
