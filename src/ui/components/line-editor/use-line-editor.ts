import { useEffect, useReducer, useRef } from "react";
import { type Key, useKeys } from "../../keys.js";
import { useTextEntry } from "../../text-entry.js";
import {
  initialLineEditorState,
  type LineEditorAction,
  type LineEditorState,
  lineEditorReducer,
} from "./use-line-editor-state.js";

/**
 * The edit a key makes, or undefined for keys the field leaves to its owner (Enter, Esc, Tab, ↑/↓ when `history`
 * is off). Emacs-mode readline keys, as bash and zsh use them.
 */
export function lineEditorActionFor(input: string, key: Key, history = true): LineEditorAction | undefined {
  if (key.leftArrow) return { type: key.ctrl || key.meta ? "wordLeft" : "left" };
  if (key.rightArrow) return { type: key.ctrl || key.meta ? "wordRight" : "right" };
  if (key.home) return { type: "start" };
  if (key.end) return { type: "end" };
  if (history && key.upArrow) return { type: "historyPrevious" };
  if (history && key.downArrow) return { type: "historyNext" };
  if (key.backspace) return { type: key.meta ? "killWordBackward" : "deleteBackward" };
  if (key.delete) return { type: "deleteForward" };
  if (key.ctrl) {
    const byLetter: Record<string, LineEditorAction> = {
      a: { type: "start" },
      e: { type: "end" },
      b: { type: "left" },
      f: { type: "right" },
      d: { type: "deleteForward" },
      h: { type: "deleteBackward" },
      u: { type: "killToStart" },
      k: { type: "killToEnd" },
      w: { type: "killWordBackward" },
    };
    return byLetter[input];
  }
  if (key.meta) {
    if (input === "b") return { type: "wordLeft" };
    if (input === "f") return { type: "wordRight" };
    return undefined;
  }
  if (key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown)
    return undefined;
  // Pasted text arrives as one chunk; line breaks and other control characters have no place in one line.
  const text = [...input].filter((c) => c >= " " && c !== "\u007F").join("");
  return text === "" ? undefined : { type: "insert", text };
}

/** The keys a line field takes, for the footer while it has the keyboard. */
export const LINE_EDITOR_KEYS = ["←/→ Ctrl-A/E move", "Alt-B/F word", "Ctrl-U/K/W delete"] as const;

export interface LineEditorOptions {
  readonly initialValue: string;
  /** Earlier values, oldest first, for ↑/↓. */
  readonly history?: readonly string[];
  readonly active: boolean;
  readonly onSubmit: (value: string) => void;
  readonly onCancel?: () => void;
  /** Told after each edit (to clear an error shown for the previous value). */
  readonly onChange?: (value: string) => void;
  /** The footer's keys for this field: what Enter and Esc do here. */
  readonly footer: readonly string[];
}

/** Maps keys to line-editor actions while `active`, and registers the field's keys with the wizard's footer. */
export function useLineEditor(options: LineEditorOptions): LineEditorState {
  const [state, dispatch] = useReducer(lineEditorReducer, undefined, () =>
    initialLineEditorState(options.initialValue, options.history),
  );
  const history = (options.history?.length ?? 0) > 0;
  useTextEntry(options.active, [
    ...options.footer,
    ...LINE_EDITOR_KEYS,
    ...(history ? ["↑/↓ earlier values"] : []),
  ]);
  const onChange = useRef(options.onChange);
  onChange.current = options.onChange;
  const last = useRef(state.value);
  useEffect(() => {
    if (state.value !== last.current) {
      last.current = state.value;
      onChange.current?.(state.value);
    }
  }, [state.value]);
  useKeys(
    (input, key) => {
      if (key.return) options.onSubmit(state.value);
      else if (key.escape) options.onCancel?.();
      else {
        const action = lineEditorActionFor(input, key);
        if (action !== undefined) dispatch(action);
      }
    },
    { isActive: options.active },
  );
  return state;
}
