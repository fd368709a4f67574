import { TERMINAL_CONTROL } from "../terminal-safe.js";

function singleQuoted(text: string): string {
  return `'${text.replace(/['\u2018-\u201b]/g, "$&$&")}'`;
}

/**
 * A PowerShell single-quoted string. Inside one, `'` and the typographic single quotes (U+2018..U+201B), which
 * PowerShell also takes as quotes, are escaped by doubling (about_Quoting_Rules). A value with a terminal control
 * character in it (from a hostile answer: no valid name has one) becomes `('a' + [char]0x1b + 'b')`, the same
 * string, so the script itself holds no raw control character to reach a terminal when it is shown or pasted.
 */
export function psString(text: string): string {
  const parts: string[] = [];
  let plain = "";
  for (const character of text) {
    if (character.search(TERMINAL_CONTROL) === -1) {
      plain += character;
      continue;
    }
    if (plain !== "") parts.push(singleQuoted(plain));
    plain = "";
    parts.push(`[char]0x${(character.codePointAt(0) ?? 0).toString(16).padStart(2, "0")}`);
  }
  if (plain !== "" || parts.length === 0) parts.push(singleQuoted(plain));
  // Parenthesised whenever it holds a [char]: in argument mode a bare `[char]0x1b` would be the text itself.
  return text.search(TERMINAL_CONTROL) === -1 ? (parts[0] as string) : `(${parts.join(" + ")})`;
}

/** A PowerShell array of single-quoted strings, `@('a', 'b')`. */
export function psStringArray(items: readonly string[]): string {
  return `@(${items.map(psString).join(", ")})`;
}
