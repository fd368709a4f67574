/**
 * A PowerShell single-quoted string. Inside one, `'` and the typographic single quotes (U+2018..U+201B), which
 * PowerShell also takes as quotes, are escaped by doubling (about_Quoting_Rules).
 */
export function psString(text: string): string {
  return `'${text.replace(/['\u2018-\u201b]/g, "$&$&")}'`;
}

/** A PowerShell array of single-quoted strings, `@('a', 'b')`. */
export function psStringArray(items: readonly string[]): string {
  return `@(${items.map(psString).join(", ")})`;
}
