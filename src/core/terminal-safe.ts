/**
 * Characters that make a terminal do something instead of showing something, or that reorder what it shows:
 * - C0 controls other than newline and tab (ESC starts the sequences that set a window title, clear the screen,
 *   move the cursor or write to the clipboard; BEL rings; CR returns to the start of a line and can hide its
 *   beginning), and DEL;
 * - C1 controls U+0080–U+009F (U+009B is a one-character CSI on terminals that honour 8-bit controls);
 * - Unicode's bidirectional embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 and the marks
 *   U+200E, U+200F, U+061C, which make text read differently from how it is stored ("Trojan Source",
 *   https://trojansource.codes, CVE-2021-42574).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One character of {@link UNSAFE} (no `g` flag: safe to `search` and `test` with). */
export const TERMINAL_CONTROL = new RegExp(UNSAFE.source);

/** An SGR sequence (colour, bold, dim): what vaultlink's own styling writes, and nothing else. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is part of the sequence.
const SGR = /(\u001b\[[0-9;]*m)/;

function visible(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every character that could drive or reorder a terminal replaced by a visible escape (`\x1b`,
 * `\u202e`), newline and tab kept. For every string vaultlink did not write itself before it reaches a terminal:
 * names from the tenant, ARM's messages, a plan file's values.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * Like {@link terminalSafe}, but keeps SGR sequences (colours): for a whole line that vaultlink styled itself,
 * whose untrusted parts could only add colours, never move the cursor, retitle the window or reorder text.
 */
export function terminalSafeKeepingColour(text: string): string {
  return text
    .split(SGR)
    .map((part, index) => (index % 2 === 1 ? part : terminalSafe(part)))
    .join("");
}

/**
 * Structured output (JSON, yaml, a table, tsv) with every terminal control written as a `\uXXXX` escape: JSON
 * keeps the same value (JSON.stringify escapes C0 controls but leaves DEL, C1 and bidirectional controls raw), and
 * the other formats show them visibly. With `keepColour`, the colour sequences of coloured JSON (jsonc) stay.
 */
export function structuredTerminalSafe(text: string, keepColour = false): string {
  const escaped = (part: string) =>
    part.replace(UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return keepColour
    ? text
        .split(SGR)
        .map((part, index) => (index % 2 === 1 ? part : escaped(part)))
        .join("")
    : escaped(text);
}

/** {@link structuredTerminalSafe} for JSON text without colour. */
export function jsonTerminalSafe(json: string): string {
  return structuredTerminalSafe(json);
}
