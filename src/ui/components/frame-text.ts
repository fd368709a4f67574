/** Columns a frame text takes: its texts use only characters one column wide (letters, ·, ↑, …). */
const stringWidth = (text: string) => [...text].length;

/** One part of a header or footer line; parts with a higher `drop` number go first when the line is too narrow. */
export interface LinePart {
  readonly text: string;
  readonly drop: number;
}

/**
 * Joins the parts that fit in `width` columns, dropping whole parts by priority (never cutting one mid-word), so
 * the frame's first and last lines never wrap and never end in "…" at 80 columns or narrower.
 */
export function fitParts(parts: readonly LinePart[], width: number, separator = " · "): string {
  let kept = [...parts];
  const joined = () => kept.map((p) => p.text).join(separator);
  while (kept.length > 1 && stringWidth(joined()) > width) {
    const worst = Math.max(...kept.map((p) => p.drop));
    const index = kept.findLastIndex((p) => p.drop === worst);
    kept = kept.filter((_, i) => i !== index);
  }
  return fitWords(joined(), width);
}

/** The words of `text` that fit in `width` columns, ending in "…" at a word boundary when some were left out. */
export function fitWords(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  const words = text.split(" ");
  let line = "";
  for (const word of words) {
    const next = line === "" ? word : `${line} ${word}`;
    if (stringWidth(`${next} …`) > width) break;
    line = next;
  }
  // A single word wider than the line is cut: there is no boundary to keep.
  return line === "" ? `${[...text].slice(0, Math.max(0, width - 1)).join("")}…` : `${line} …`;
}
