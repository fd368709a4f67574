/** A word single-quoted for POSIX shells (nothing expands inside single quotes; a quote is closed, escaped, reopened). */
export function posixQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** A word as a POSIX shell reads it back: plain when every character is safe unquoted, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : posixQuote(word);
}
