import { Box, Text } from "ink";
import { useState } from "react";
import { useKeys } from "../keys.js";

export interface PickManyOption {
  readonly value: string;
  readonly label: string;
}

export interface PickManyProps {
  readonly options: readonly PickManyOption[];
  /** Picked at first. */
  readonly defaultValue?: readonly string[];
  /** Rows shown at once; the list scrolls with the focus. */
  readonly visibleOptionCount?: number;
  readonly isDisabled?: boolean;
  readonly onChange?: (values: string[]) => void;
  readonly onSubmit: (values: string[]) => void;
}

interface Picking {
  /** The options these were made for: other options start over (as when a list loads). */
  readonly options: string;
  readonly focus: number;
  readonly from: number;
  readonly picked: readonly string[];
}

function fresh(options: readonly PickManyOption[], defaultValue: readonly string[] | undefined): Picking {
  return {
    options: options.map((o) => o.value).join("\n"),
    focus: 0,
    from: 0,
    picked: [...(defaultValue ?? [])],
  };
}

/**
 * Several answers out of a list: ↑/↓ move, Space picks or unpicks, Enter submits. It looks and works as @inkjs/ui's
 * MultiSelect did, with its keys taken through `useKeys`, so keys typed ahead of the list reach it (keys.tsx).
 */
export function PickMany({
  options,
  defaultValue,
  visibleOptionCount = 5,
  isDisabled = false,
  onChange,
  onSubmit,
}: PickManyProps) {
  const [state, setState] = useState(() => fresh(options, defaultValue));
  const current = state.options === fresh(options, undefined).options ? state : fresh(options, defaultValue);
  if (current !== state) setState(current);
  const visible = Math.min(visibleOptionCount, options.length);
  const move = (to: number) =>
    setState((s) => {
      const focus = Math.max(0, Math.min(options.length - 1, to));
      const from = focus < s.from ? focus : focus >= s.from + visible ? focus - visible + 1 : s.from;
      return { ...s, focus, from };
    });
  useKeys(
    (input, key) => {
      if (key.downArrow) move(current.focus + 1);
      else if (key.upArrow) move(current.focus - 1);
      else if (input === " ") {
        const value = options[current.focus]?.value;
        if (value === undefined) return;
        const picked = current.picked.includes(value)
          ? current.picked.filter((v) => v !== value)
          : [...current.picked, value];
        setState({ ...current, picked });
        onChange?.(picked);
      } else if (key.return) onSubmit([...current.picked]);
    },
    { isActive: !isDisabled },
  );
  return (
    <Box flexDirection="column">
      {options.slice(current.from, current.from + visible).map((option, i) => {
        const focused = !isDisabled && current.from + i === current.focus;
        const picked = current.picked.includes(option.value);
        return (
          <Box key={option.value} gap={1} paddingLeft={focused ? 0 : 2}>
            {focused ? <Text color="blue">❯</Text> : null}
            <Text {...(focused ? { color: "blue" } : picked ? { color: "green" } : {})}>{option.label}</Text>
            {picked ? <Text color="green">✔</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}
