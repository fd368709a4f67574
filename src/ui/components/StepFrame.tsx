import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { StepInfo } from "../step-info.js";

export interface StepFrameProps {
  readonly info: StepInfo;
  readonly number: number;
  readonly of: number;
  readonly target: string;
  readonly children: ReactNode;
}

/** Every screen's frame: the step's title and place, why it matters, the screen itself, then its keys. */
export function StepFrame({ info, number, of, target, children }: StepFrameProps) {
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color="cyan">
          {info.title}
        </Text>
        <Text dimColor>
          {"  "}step {number} of {of} · vaultlink on {target}
        </Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {info.why}
      </Text>
      <Box flexDirection="column" marginY={1}>
        {children}
      </Box>
      <Text dimColor wrap="truncate-end">
        {info.keys}
      </Text>
    </Box>
  );
}
