import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, parseStrictJson } from "../../../src/core/plan/strict-json.js";

describe("strict JSON for plans", () => {
  it("gives the value JSON.parse gives when no key repeats", () => {
    const text = '{"a": [{"k": 1}, {"k": 2}, "k", "k", {}], "b": {"c": "{\\"c\\": 1, \\"c\\": 2}"}}';
    expect(parseStrictJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });

  it("names a repeated key by its path and both positions, however it is escaped", () => {
    const text = '{\n  "endpoints": [\n    {"name": "a"},\n    {"name": "b", "n\\u0061me": "c"}\n  ]\n}';
    expect(parseStrictJson(text)).toEqual({
      ok: false,
      problem: {
        kind: "duplicateKey",
        path: "endpoints[1].name",
        first: { line: 4, column: 6 },
        second: { line: 4, column: 19 },
      },
    });
  });

  it("does not take a string value, or an array's strings after an empty object, for a key", () => {
    expect(parseStrictJson('{"a": "a", "b": [{}, "b", {}, "b"]}').ok).toBe(true);
  });

  it("quotes a key that is not a plain name", () => {
    const result = parseStrictJson('{"odd key": 1, "odd key": 2}');
    expect(result.ok === false && result.problem.kind === "duplicateKey" && result.problem.path).toBe(
      '"odd key"',
    );
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}, and accepts exactly that`, () => {
    const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    expect(parseStrictJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseStrictJson(nested(MAX_JSON_DEPTH + 1))).toMatchObject({
      ok: false,
      problem: { kind: "tooDeep", at: { line: 1, column: MAX_JSON_DEPTH + 1 } },
    });
    expect(parseStrictJson(nested(1_000_000)).ok).toBe(false);
  });

  it("reports JSON.parse's own syntax error", () => {
    expect(parseStrictJson('{"a": 1,}')).toMatchObject({ ok: false, problem: { kind: "syntax" } });
  });
});
