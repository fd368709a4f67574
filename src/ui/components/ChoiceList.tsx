import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useState } from "react";
import { terminalSafe } from "../../core/terminal-safe.js";
import { useKeys } from "../keys.js";

export interface Choice<V extends string> {
  readonly value: V;
  readonly label: string;
  /** A short line shown under the focused choice: when to pick it. */
  readonly hint?: string;
  /** Shown but not choosable, with the reason. */
  readonly disabledReason?: string;
}

export interface ChoiceListProps<V extends string> {
  readonly choices: readonly Choice<V>[];
  readonly onChoose: (value: V) => void;
  readonly onBack: () => void;
  readonly active: boolean;
  /** Focused first: the earlier answer when coming back to a question. */
  readonly initial?: V | undefined;
}

/**
 * One answer out of a few. @inkjs/ui's Select reports a choice only when it differs from the previous one, so Enter
 * on an answer kept from before would do nothing; this list chooses on every Enter and starts on the earlier answer.
 */
export function ChoiceList<V extends string>({
  choices,
  onChoose,
  onBack,
  active,
  initial,
}: ChoiceListProps<V>) {
  const [focus, setFocus] = useState(() =>
    Math.max(
      0,
      choices.findIndex((c) => c.value === initial),
    ),
  );
  // Enter on a choice that cannot be taken says why, instead of doing nothing.
  const [refused, setRefused] = useState<string | undefined>(undefined);
  useKeys(
    (_input, key) => {
      if (key.upArrow) setFocus((f) => Math.max(0, f - 1));
      else if (key.downArrow) setFocus((f) => Math.min(choices.length - 1, f + 1));
      else if (key.escape) onBack();
      else if (key.return) {
        const choice = choices[focus];
        if (choice === undefined) return;
        if (choice.disabledReason === undefined) onChoose(choice.value);
        else setRefused(`"${choice.label}" cannot be chosen: ${choice.disabledReason}`);
        return;
      }
      setRefused(undefined);
    },
    { isActive: active },
  );
  const focused = choices[focus];
  return (
    <Box flexDirection="column">
      {choices.map((choice, index) => (
        <Text key={choice.value} dimColor={choice.disabledReason !== undefined}>
          {index === focus ? <Text color="cyan">❯ </Text> : "  "}
          {terminalSafe(choice.label)}
          {choice.disabledReason === undefined ? "" : ` (${terminalSafe(choice.disabledReason)})`}
        </Text>
      ))}
      {focused?.hint === undefined ? null : <Text dimColor> {terminalSafe(focused.hint)}</Text>}
      {refused === undefined ? null : (
        <StatusMessage variant="warning">{terminalSafe(refused)}</StatusMessage>
      )}
    </Box>
  );
}
