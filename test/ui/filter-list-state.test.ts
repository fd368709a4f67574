import { describe, expect, it } from "vitest";
import {
  emptyFilter,
  filterListReducer,
  isFilterText,
  type Matched,
  matchingRows,
  rematch,
} from "../../src/ui/filter-list/filter-list-state.js";

const rows = ["vnet-hub/snet-pe", "vnet-hub/snet-app", "vnet-spoke/snet-pe"].map((searchText) => ({
  searchText,
}));

describe("the filter list's state", () => {
  it("filters by every word, ignoring case", () => {
    expect(matchingRows(rows, "PE").map((r) => r.searchText)).toEqual([
      "vnet-hub/snet-pe",
      "vnet-spoke/snet-pe",
    ]);
    expect(matchingRows(rows, "hub pe")).toHaveLength(1);
    expect(matchingRows(rows, "")).toBe(rows);
  });

  it("typing or erasing resets focus to the first match", () => {
    const moved = filterListReducer(emptyFilter, { type: "move", by: 2, rows: 3, height: 2 });
    expect(moved).toEqual({ filter: "", cursor: 0, focus: 2, offset: 1 });
    expect(filterListReducer(moved, { type: "type", text: "h" })).toEqual({
      filter: "h",
      cursor: 1,
      focus: 0,
      offset: 0,
    });
    expect(filterListReducer({ ...moved, filter: "hu", cursor: 2 }, { type: "erase" }).filter).toBe("h");
  });

  it("edits the filter as a shell line: Ctrl-W drops the last word, ← keeps the focused row", () => {
    let state = filterListReducer(emptyFilter, { type: "type", text: "hub pe" });
    state = filterListReducer(state, { type: "move", by: 1, rows: 3, height: 2 });
    const left = filterListReducer(state, { type: "edit", edit: { type: "left" } });
    expect(left).toMatchObject({ filter: "hub pe", cursor: 5, focus: 1 });
    expect(filterListReducer(left, { type: "edit", edit: { type: "insert", text: "x" } }).filter).toBe(
      "hub pxe",
    );
    expect(filterListReducer(state, { type: "edit", edit: { type: "killWordBackward" } })).toMatchObject({
      filter: "hub ",
      focus: 0,
    });
  });

  it("keeps focus inside the list and scrolls just enough", () => {
    let state = emptyFilter;
    state = filterListReducer(state, { type: "move", by: 100, rows: 20000, height: 10 });
    expect(state).toMatchObject({ focus: 100, offset: 91 });
    state = filterListReducer(state, { type: "move", by: -95, rows: 20000, height: 10 });
    expect(state).toMatchObject({ focus: 5, offset: 5 });
    expect(filterListReducer(state, { type: "move", by: -10, rows: 20000, height: 10 }).focus).toBe(0);
    expect(filterListReducer(state, { type: "move", by: 1, rows: 0, height: 10 }).focus).toBe(0);
  });

  it("takes only characters Azure names use", () => {
    expect(isFilterText("snet-pe_1.a")).toBe(true);
    expect(isFilterText("?")).toBe(false);
    expect(isFilterText(" ")).toBe(false);
  });
});

describe("matching again as pages stream in and keys are typed", () => {
  /** Rows whose search text counts how often it is read: the work a page or a keystroke costs. */
  function countedRows(texts: readonly string[], reads: { count: number }) {
    return texts.map((text) => ({
      get searchText() {
        reads.count++;
        return text;
      },
      text,
    }));
  }
  const names = (matched: Matched<{ text: string; searchText: string }>) =>
    matched.matching.map((r) => r.text);

  it("matches only the rows a page brought, and only the earlier matches when the filter narrows", () => {
    const reads = { count: 0 };
    const first = countedRows(["vnet-a/snet-pe", "vnet-a/snet-app", "vnet-b/snet-pe"], reads);
    let matched = rematch(undefined, first, "pe");
    expect(names(matched)).toEqual(["vnet-a/snet-pe", "vnet-b/snet-pe"]);

    reads.count = 0;
    const page = countedRows(["vnet-c/snet-pe", "vnet-c/snet-db"], reads);
    matched = rematch(matched, [...first, ...page], "pe");
    expect(names(matched)).toEqual(["vnet-a/snet-pe", "vnet-b/snet-pe", "vnet-c/snet-pe"]);
    expect(reads.count).toBe(page.length);

    reads.count = 0;
    matched = rematch(matched, matched.rows, "pe vnet-c");
    expect(names(matched)).toEqual(["vnet-c/snet-pe"]);
    // Two words over the three rows that matched "pe": at most six reads, never the five rows' ten.
    expect(reads.count).toBeLessThanOrEqual(6);
  });

  it("matches everything again when the filter widens or the rows are not the earlier ones plus more", () => {
    const reads = { count: 0 };
    const rows = countedRows(["vnet-a/snet-pe", "vnet-a/snet-app", "vnet-b/snet-pe"], reads);
    let matched = rematch(undefined, rows, "snet-pe");
    matched = rematch(matched, rows, "snet-p");
    expect(names(matched)).toEqual(["vnet-a/snet-pe", "vnet-b/snet-pe"]);
    matched = rematch(matched, rows, "app");
    expect(names(matched)).toEqual(["vnet-a/snet-app"]);
    // The same texts in new row objects (a list rebuilt): matched afresh, so no stale row is shown.
    const rebuilt = countedRows(["vnet-a/snet-app", "vnet-z/snet-app"], reads);
    matched = rematch(matched, rebuilt, "app");
    expect(matched.matching).toEqual(rebuilt);
  });
});
