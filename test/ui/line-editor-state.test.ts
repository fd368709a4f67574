import { describe, expect, it } from "vitest";
import {
  initialLineEditorState,
  type LineEditorAction,
  type LineEditorState,
  lineEditorReducer,
} from "../../src/ui/components/line-editor/use-line-editor-state.js";

const run = (state: LineEditorState, ...actions: LineEditorAction["type"][]) =>
  actions.reduce((s, type) => lineEditorReducer(s, { type } as LineEditorAction), state);

/** The line with `|` where the cursor is, as a person reads it. */
const shown = (state: LineEditorState) =>
  `${state.value.slice(0, state.cursor)}|${state.value.slice(state.cursor)}`;

describe("a text field edits like a shell's line editor", () => {
  const path = initialLineEditorState("./plans/rsv-prod-weu.plan.json");

  it("starts with the cursor after the offered value", () => {
    expect(shown(path)).toBe("./plans/rsv-prod-weu.plan.json|");
  });

  it("Ctrl-A and Ctrl-E go to the start and the end; ←/→ move one character", () => {
    expect(shown(run(path, "start"))).toBe("|./plans/rsv-prod-weu.plan.json");
    expect(shown(run(path, "start", "right", "right", "end", "left"))).toBe(
      "./plans/rsv-prod-weu.plan.jso|n",
    );
    expect(shown(run(path, "start", "left"))).toBe("|./plans/rsv-prod-weu.plan.json");
  });

  it("Alt-B and Alt-F jump by words, as readline does", () => {
    expect(shown(run(path, "wordLeft"))).toBe("./plans/rsv-prod-weu.plan.|json");
    expect(shown(run(path, "wordLeft", "wordLeft", "wordLeft"))).toBe("./plans/rsv-prod-|weu.plan.json");
    expect(shown(run(path, "start", "wordRight"))).toBe("./plans|/rsv-prod-weu.plan.json");
  });

  it("Ctrl-U deletes to the start, Ctrl-K to the end, Ctrl-W the word before the cursor", () => {
    const middle = run(path, "wordLeft", "wordLeft");
    expect(shown(run(middle, "killToStart"))).toBe("|plan.json");
    expect(shown(run(middle, "killToEnd"))).toBe("./plans/rsv-prod-weu.|");
    const words = initialLineEditorState("10.0.0.4, 10.0.0.5");
    expect(shown(run(words, "killWordBackward"))).toBe("10.0.0.4, |");
    expect(shown(run(words, "killWordBackward", "killWordBackward"))).toBe("|");
  });

  it("typing and deleting happen at the cursor", () => {
    let state = run(initialLineEditorState("pe-rsv-weu"), "start", "wordRight");
    state = lineEditorReducer(state, { type: "insert", text: "-hub" });
    expect(shown(state)).toBe("pe-hub|-rsv-weu");
    expect(shown(run(state, "deleteBackward", "deleteForward"))).toBe("pe-hu|rsv-weu");
    expect(run(initialLineEditorState(""), "deleteBackward", "deleteForward").value).toBe("");
  });

  it("↑ and ↓ walk through earlier values and give back the line being edited", () => {
    let state = initialLineEditorState("draft.json", ["a.json", "a.json", "b.json"]);
    expect(state.history).toEqual(["a.json", "b.json"]);
    state = run(state, "historyPrevious");
    expect(state.value).toBe("b.json");
    state = run(state, "historyPrevious", "historyPrevious");
    expect(state.value).toBe("a.json");
    state = run(state, "historyNext", "historyNext");
    expect(shown(state)).toBe("draft.json|");
    expect(run(initialLineEditorState("x"), "historyPrevious").value).toBe("x");
  });
});
