/**
 * A one-line text field that edits like a shell's line editor (GNU Readline's emacs keys, which bash, zsh and most
 * REPLs share: https://www.gnu.org/software/bash/manual/html_node/Commands-For-Moving.html and
 * https://www.gnu.org/software/bash/manual/html_node/Commands-For-Killing.html). Pure: keys are mapped to these
 * actions by `use-line-editor.ts`, so every edit is tested without a terminal.
 */
export interface LineEditorState {
  readonly value: string;
  /** Where the next character goes: 0 is before the first one, `value.length` after the last. */
  readonly cursor: number;
  /** Earlier values, oldest first; ↑ walks back through them. */
  readonly history: readonly string[];
  /** Which history entry is shown, or undefined while editing the line itself. */
  readonly historyIndex: number | undefined;
  /** The line being edited before ↑ was pressed, given back by ↓ past the newest entry. */
  readonly draft: string;
}

export type LineEditorAction =
  | { readonly type: "insert"; readonly text: string }
  | { readonly type: "deleteBackward" }
  | { readonly type: "deleteForward" }
  | { readonly type: "left" }
  | { readonly type: "right" }
  | { readonly type: "start" }
  | { readonly type: "end" }
  | { readonly type: "wordLeft" }
  | { readonly type: "wordRight" }
  | { readonly type: "killToStart" }
  | { readonly type: "killToEnd" }
  | { readonly type: "killWordBackward" }
  | { readonly type: "historyPrevious" }
  | { readonly type: "historyNext" }
  | { readonly type: "set"; readonly value: string };

export function initialLineEditorState(value: string, history: readonly string[] = []): LineEditorState {
  // The same value twice in a row in history is one entry, as bash's `ignoredups`.
  const entries = history.filter((entry, i) => entry !== "" && entry !== history[i - 1]);
  return { value, cursor: value.length, history: entries, historyIndex: undefined, draft: value };
}

const isWordCharacter = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);

/** Readline's backward-word: skip what is not a word, then the word. */
function wordStartBefore(value: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && !isWordCharacter(value[i - 1])) i--;
  while (i > 0 && isWordCharacter(value[i - 1])) i--;
  return i;
}

/** Readline's forward-word: skip what is not a word, then the word. */
function wordEndAfter(value: string, cursor: number): number {
  let i = cursor;
  while (i < value.length && !isWordCharacter(value[i])) i++;
  while (i < value.length && isWordCharacter(value[i])) i++;
  return i;
}

/** Ctrl-W (unix-word-rubout) deletes back to the previous space, so `/a/b/c` goes in one press, as in a shell. */
function spaceWordStartBefore(value: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && value[i - 1] === " ") i--;
  while (i > 0 && value[i - 1] !== " ") i--;
  return i;
}

function edited(state: LineEditorState, value: string, cursor: number): LineEditorState {
  return { ...state, value, cursor, historyIndex: undefined, draft: value };
}

function shown(state: LineEditorState, historyIndex: number | undefined): LineEditorState {
  const value = historyIndex === undefined ? state.draft : (state.history[historyIndex] ?? state.draft);
  return { ...state, value, cursor: value.length, historyIndex };
}

export function lineEditorReducer(state: LineEditorState, action: LineEditorAction): LineEditorState {
  const { value, cursor } = state;
  switch (action.type) {
    case "insert":
      return edited(
        state,
        value.slice(0, cursor) + action.text + value.slice(cursor),
        cursor + action.text.length,
      );
    case "deleteBackward":
      return cursor === 0
        ? state
        : edited(state, value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
    case "deleteForward":
      return cursor === value.length
        ? state
        : edited(state, value.slice(0, cursor) + value.slice(cursor + 1), cursor);
    case "left":
      return { ...state, cursor: Math.max(0, cursor - 1) };
    case "right":
      return { ...state, cursor: Math.min(value.length, cursor + 1) };
    case "start":
      return { ...state, cursor: 0 };
    case "end":
      return { ...state, cursor: value.length };
    case "wordLeft":
      return { ...state, cursor: wordStartBefore(value, cursor) };
    case "wordRight":
      return { ...state, cursor: wordEndAfter(value, cursor) };
    case "killToStart":
      return edited(state, value.slice(cursor), 0);
    case "killToEnd":
      return edited(state, value.slice(0, cursor), cursor);
    case "killWordBackward": {
      const start = spaceWordStartBefore(value, cursor);
      return edited(state, value.slice(0, start) + value.slice(cursor), start);
    }
    case "historyPrevious": {
      if (state.history.length === 0) return state;
      const index =
        state.historyIndex === undefined ? state.history.length - 1 : Math.max(0, state.historyIndex - 1);
      return shown(state, index);
    }
    case "historyNext": {
      if (state.historyIndex === undefined) return state;
      const index = state.historyIndex + 1;
      return shown(state, index < state.history.length ? index : undefined);
    }
    case "set":
      return edited(state, action.value, action.value.length);
  }
}
