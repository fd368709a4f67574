import { Spinner } from "@inkjs/ui";
import { Box, Text } from "ink";
import { type ReactNode, useEffect, useMemo, useReducer, useRef } from "react";
import { lineEditorActionFor } from "../components/line-editor/use-line-editor.js";
import { useKeys } from "../keys.js";
import { useTextEntry } from "../text-entry.js";
import { emptyFilter, filterListReducer, isFilterText, matchingRows } from "./filter-list-state.js";

/** A row: its key, the lower-case text the filter searches, and whatever the caller keeps with it. */
export interface ListRow {
  readonly key: string;
  readonly searchText: string;
}

export interface FilterListProps<T extends ListRow> {
  readonly rows: readonly T[];
  readonly renderRow: (row: T, focused: boolean) => ReactNode;
  readonly onChoose: (row: T) => void;
  /** Space on a row; absent when the list picks one row only. */
  readonly onToggle?: (row: T) => void;
  /** The row with focus changed (to show its details beside the list). */
  readonly onFocus?: (row: T | undefined) => void;
  readonly onBack: () => void;
  readonly active: boolean;
  /** Rows shown at once. */
  readonly height: number;
  /** Still streaming in: a spinner says how many so far. */
  readonly loading: boolean;
  readonly noun: string;
  /** The row to focus first (the earlier choice when coming back). */
  readonly initialKey?: string | undefined;
}

/**
 * The wizard's long lists (vaults, subnets): type to filter, ↑/↓ and PgUp/PgDn to move, Enter to choose, Esc clears
 * the filter and then goes back. Only the rows on screen are rendered, so 20,000 subnets filter as fast as 20.
 */
export function FilterList<T extends ListRow>(props: FilterListProps<T>) {
  const { rows, height, active } = props;
  const [state, dispatch] = useReducer(filterListReducer, emptyFilter);
  // While a filter is typed, the footer says how to edit and clear it (the step's keys say how to start one).
  useTextEntry(
    active,
    state.filter === ""
      ? undefined
      : [
          "Esc clear filter",
          "↑/↓ move",
          props.onToggle === undefined ? "Enter choose" : "Space pick · Enter continue",
          "←/→ Ctrl-A/E move",
          "Ctrl-U/K/W delete",
        ],
  );
  const matching = useMemo(() => matchingRows(rows, state.filter), [rows, state.filter]);
  const focused = matching[state.focus];

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the earlier choice once, when it has streamed in.
  useEffect(() => {
    if (props.initialKey === undefined || state.filter !== "") return;
    const index = matching.findIndex((row) => row.key === props.initialKey);
    if (index > 0) dispatch({ type: "focusAt", index, rows: matching.length, height });
  }, [matching.length > 0 && matching.some((r) => r.key === props.initialKey)]);

  // Told only when another row gets focus, not on every render (the caller's callback is a new closure each time).
  const onFocus = useRef(props.onFocus);
  onFocus.current = props.onFocus;
  const focusedKey = focused?.key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the row object is rebuilt as rows stream in; its key is what matters.
  useEffect(() => onFocus.current?.(focused), [focusedKey]);

  useKeys(
    (input, key) => {
      const move = (by: number) => dispatch({ type: "move", by, rows: matching.length, height });
      if (key.upArrow) move(-1);
      else if (key.downArrow) move(1);
      else if (key.pageUp) move(-height);
      else if (key.pageDown) move(height);
      else if (key.return) {
        if (focused !== undefined) props.onChoose(focused);
      } else if (key.escape) {
        if (state.filter === "") props.onBack();
        else dispatch({ type: "clear" });
      } else if (input === " " && props.onToggle !== undefined) {
        if (focused !== undefined) props.onToggle(focused);
      } else {
        // The filter edits as every text field does; typed text is kept to what Azure names may hold.
        const edit = lineEditorActionFor(input, key, false);
        if (edit !== undefined && (edit.type !== "insert" || isFilterText(edit.text)))
          dispatch({ type: "edit", edit });
      }
    },
    { isActive: active },
  );

  const shown = matching.slice(state.offset, state.offset + height);
  return (
    <Box flexDirection="column">
      <Text>
        Filter:{" "}
        {state.filter === "" ? (
          <Text dimColor>(type to filter)</Text>
        ) : (
          <Text bold>
            {state.filter.slice(0, state.cursor)}
            <Text inverse={active}>{state.filter[state.cursor] ?? " "}</Text>
            {state.filter.slice(state.cursor + 1)}
          </Text>
        )}
        <Text dimColor>
          {"  "}
          {matching.length} of {rows.length} {props.noun}
          {matching.length > height ? `, ${state.offset + 1}-${state.offset + shown.length} shown` : ""}
        </Text>
      </Text>
      {shown.map((row, index) => (
        <Box key={row.key}>{props.renderRow(row, state.offset + index === state.focus)}</Box>
      ))}
      {matching.length === 0 && !props.loading ? <Text dimColor>No {props.noun} match.</Text> : null}
      {props.loading ? <Spinner label={`Loading ${props.noun}… ${rows.length} so far`} /> : null}
    </Box>
  );
}
