/**
 * JSON as a plan needs it read: JSON.parse's grammar, and two things it lets through refused. A key twice in one
 * object (JSON.parse keeps the last: a reviewer reads `"approval": "manual"` and apply uses a later `"auto"`;
 * RFC 8259 §4 leaves the meaning to each reader, https://www.rfc-editor.org/rfc/rfc8259#section-4), and nesting
 * deeper than any plan has (which would overflow the stack of whatever walks the value next).
 */

/** Deeper than any plan vaultlink writes (about 6 levels), far below what overflows a recursive walk. */
export const MAX_JSON_DEPTH = 32;

/** Where in the text: 1-based, as editors count. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export type StrictJsonProblem =
  | { readonly kind: "syntax"; readonly message: string }
  | { readonly kind: "tooDeep"; readonly at: TextPosition; readonly path: string }
  | {
      readonly kind: "duplicateKey";
      readonly path: string;
      readonly first: TextPosition;
      readonly second: TextPosition;
    };

export type StrictJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: StrictJsonProblem };

interface Frame {
  readonly kind: "object" | "array";
  readonly path: string;
  /** Object: each key seen and where. */
  readonly keys: Map<string, TextPosition>;
  /** Object: the key whose value comes next; array: the next element's index. */
  key: string;
  index: number;
}

function childPath(parent: string, frame: Frame): string {
  if (frame.kind === "array") return `${parent}[${frame.index}]`;
  const name = /^[A-Za-z_$][\w$]*$/.test(frame.key) ? frame.key : JSON.stringify(frame.key);
  return parent === "" ? name : /^[A-Za-z_$]/.test(name) ? `${parent}.${name}` : `${parent}[${name}]`;
}

/**
 * Walks text that JSON.parse accepted, so it needs no error handling of its own: it only follows strings (to skip
 * what they hold) and brackets. Iterative, so a hostile depth cannot overflow it; stops at the first problem.
 */
function scan(text: string): StrictJsonProblem | undefined {
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  let expectingKey = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (char === "\n") {
      line += 1;
      lineStart = at + 1;
    } else if (char === '"') {
      const start = at;
      at += 1;
      while (text[at] !== '"') at += text[at] === "\\" ? 2 : 1;
      const top = stack.at(-1);
      if (expectingKey && top?.kind === "object") {
        const key = JSON.parse(text.slice(start, at + 1)) as string;
        const position = { line, column: start - lineStart + 1 };
        const earlier = top.keys.get(key);
        top.key = key;
        if (earlier !== undefined) {
          return { kind: "duplicateKey", path: childPath(top.path, top), first: earlier, second: position };
        }
        top.keys.set(key, position);
        expectingKey = false;
      }
    } else if (char === "{" || char === "[") {
      const top = stack.at(-1);
      const path = top === undefined ? "" : childPath(top.path, top);
      if (stack.length >= MAX_JSON_DEPTH) {
        return {
          kind: "tooDeep",
          at: { line, column: at - lineStart + 1 },
          path: path === "" ? "(root)" : path,
        };
      }
      stack.push({ kind: char === "{" ? "object" : "array", path, keys: new Map(), key: "", index: 0 });
      expectingKey = char === "{";
    } else if (char === "}" || char === "]") {
      stack.pop();
      expectingKey = false;
    } else if (char === ",") {
      const top = stack.at(-1);
      if (top?.kind === "object") expectingKey = true;
      else if (top !== undefined) top.index += 1;
    }
  }
  return undefined;
}

/** Parses JSON, refusing duplicate keys and nesting deeper than {@link MAX_JSON_DEPTH}, with where each is. */
export function parseStrictJson(text: string): StrictJsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { kind: "syntax", message: (error as Error).message } };
  }
  const problem = scan(text);
  return problem === undefined ? { ok: true, value } : { ok: false, problem };
}
