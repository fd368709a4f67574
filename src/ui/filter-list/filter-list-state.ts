import {
  initialLineEditorState,
  type LineEditorAction,
  lineEditorReducer,
} from "../components/line-editor/use-line-editor-state.js";

/**
 * A long list you can type into to narrow it: the filter text, which row has focus, and the first row shown.
 * Pure; the view tells it how many rows match and how many fit, so it works the same for 10 rows or 20,000.
 */
export interface FilterListState {
  readonly filter: string;
  /** Where typing goes in the filter: it edits as every text field does (use-line-editor-state.ts). */
  readonly cursor: number;
  /** Index into the rows that match the filter. */
  readonly focus: number;
  /** Index of the first row shown. */
  readonly offset: number;
}

export type FilterListAction =
  | { readonly type: "type"; readonly text: string }
  | { readonly type: "erase" }
  | { readonly type: "edit"; readonly edit: LineEditorAction }
  | { readonly type: "clear" }
  | { readonly type: "move"; readonly by: number; readonly rows: number; readonly height: number }
  | { readonly type: "focusAt"; readonly index: number; readonly rows: number; readonly height: number };

export const emptyFilter: FilterListState = { filter: "", cursor: 0, focus: 0, offset: 0 };

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** Keeps the focused row on screen, scrolling as little as possible. */
function scrolled(focus: number, offset: number, height: number): number {
  if (focus < offset) return focus;
  if (focus >= offset + height) return focus - height + 1;
  return offset;
}

export function filterListReducer(state: FilterListState, action: FilterListAction): FilterListState {
  switch (action.type) {
    case "type":
      return filterListReducer(state, { type: "edit", edit: { type: "insert", text: action.text } });
    case "erase":
      return filterListReducer(state, { type: "edit", edit: { type: "deleteBackward" } });
    case "edit": {
      const line = lineEditorReducer(
        { ...initialLineEditorState(state.filter), cursor: state.cursor },
        action.edit,
      );
      // Moving the cursor keeps the focused row; a changed filter starts again from the first match.
      if (line.value === state.filter) return { ...state, cursor: line.cursor };
      return { filter: line.value, cursor: line.cursor, focus: 0, offset: 0 };
    }
    case "clear":
      return emptyFilter;
    case "move":
    case "focusAt": {
      if (action.rows === 0) return { ...state, focus: 0, offset: 0 };
      const target = action.type === "move" ? state.focus + action.by : action.index;
      const focus = clamp(target, 0, action.rows - 1);
      const height = Math.max(1, action.height);
      return { ...state, focus, offset: scrolled(focus, state.offset, height) };
    }
  }
}

/** Rows whose search text contains every word of the filter, ignoring case. */
export function matchingRows<T extends { readonly searchText: string }>(
  rows: readonly T[],
  filter: string,
): readonly T[] {
  const words = wordsOf(filter);
  if (words.length === 0) return rows;
  return rows.filter((row) => words.every((word) => row.searchText.includes(word)));
}

/** The rows that matched a filter, kept so the next keystroke or page matches only what it has to. */
export interface Matched<T> {
  readonly rows: readonly T[];
  readonly filter: string;
  readonly matching: readonly T[];
}

function wordsOf(filter: string): string[] {
  return filter.toLowerCase().split(/\s+/).filter(Boolean);
}

/** `rows` is `earlier` with rows added at the end (the same row objects first): more pages streamed in. */
function extendsRows<T>(earlier: readonly T[], rows: readonly T[]): boolean {
  if (rows.length < earlier.length) return false;
  for (let i = 0; i < earlier.length; i++) if (rows[i] !== earlier[i]) return false;
  return true;
}

/** Every row `filter` matches, `earlier` matched too: each earlier word lies inside a word of the new filter. */
function narrows(earlier: string, filter: string): boolean {
  const words = wordsOf(filter);
  return wordsOf(earlier).every((word) => words.some((w) => w.includes(word)));
}

/**
 * {@link matchingRows}, from what matched last time: while pages stream in, only the new rows are matched; while a
 * filter is typed on, only the rows that still could match. A keystroke on 60,000 rows then costs the rows that
 * matched the keystroke before, and a page the rows it brought.
 */
export function rematch<T extends { readonly searchText: string }>(
  earlier: Matched<T> | undefined,
  rows: readonly T[],
  filter: string,
): Matched<T> {
  if (earlier !== undefined) {
    if (earlier.rows === rows && earlier.filter === filter) return earlier;
    if (earlier.filter === filter && extendsRows(earlier.rows, rows)) {
      const added = matchingRows(rows.slice(earlier.rows.length), filter);
      return {
        rows,
        filter,
        matching: added.length === 0 ? earlier.matching : earlier.matching.concat(added),
      };
    }
    if (earlier.rows === rows && narrows(earlier.filter, filter))
      return { rows, filter, matching: matchingRows(earlier.matching, filter) };
  }
  return { rows, filter, matching: matchingRows(rows, filter) };
}

/** Characters that may be typed into a filter: what Azure allows in the names it lists. */
export function isFilterText(input: string): boolean {
  return /^[A-Za-z0-9._()/-]+$/.test(input);
}
