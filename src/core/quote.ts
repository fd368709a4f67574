import { jsonTerminalSafe } from "./terminal-safe.js";

/**
 * A value quoted for a message: control characters escaped (a NUL or an ANSI escape must not reach a terminal
 * raw) and long values cut, so a 100,000-character field gives a readable error, not a wall of text.
 */
export function quote(value: string, max = 300): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  // JSON.stringify escapes C0 controls; C1 and bidirectional controls too must not reach a terminal raw.
  const escaped = jsonTerminalSafe(JSON.stringify(cut));
  return value.length > max ? `${escaped} (${value.length} characters)` : escaped;
}
