import { useEffect, useState } from "react";
import { useKeys } from "./keys.js";

export interface ScrollOptions {
  /** Lines in all. */
  readonly total: number;
  /** Lines shown at once. */
  readonly height: number;
  readonly active: boolean;
  /** ↑/↓ scroll one line too; off where ↑/↓ move in a list below the page (the review's choices). */
  readonly arrows?: boolean;
}

/**
 * Where a long page of text starts, with the keys every scrolled page and list of the wizard shares: PgUp/PgDn a
 * page, Home/End to the ends, and ↑/↓ a line where they are free.
 */
export function useScroll({ total, height, active, arrows = false }: ScrollOptions): number {
  const [offset, setOffset] = useState(0);
  const max = Math.max(0, total - height);
  // A narrower window wraps to more lines, a wider one to fewer: keep the offset inside the page.
  useEffect(() => setOffset((o) => Math.min(o, max)), [max]);
  useKeys(
    (_input, key) => {
      if (key.pageDown) setOffset((o) => Math.min(max, o + height));
      else if (key.pageUp) setOffset((o) => Math.max(0, o - height));
      else if (key.home) setOffset(0);
      else if (key.end) setOffset(max);
      else if (arrows && key.downArrow) setOffset((o) => Math.min(max, o + 1));
      else if (arrows && key.upArrow) setOffset((o) => Math.max(0, o - 1));
    },
    { isActive: active && total > height },
  );
  return offset;
}
