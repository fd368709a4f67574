const CONTEXT = 3;

/** A unified-diff range: `start,count`, where an empty range names the line before it (as diff -u does). */
function range(start: number, count: number): string {
  return `${count === 0 ? start : start + 1},${count}`;
}

/**
 * A unified diff with one hunk around the changed lines. vaultlink edits one contiguous region of a file (one
 * block), so the lines between the common head and the common tail are exactly the change; for edits in
 * several places the hunk is still correct, only not minimal.
 */
export function unifiedDiff(before: readonly string[], after: readonly string[], label: string): string {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head += 1;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail += 1;
  }
  if (head === before.length && head === after.length) return "";
  const from = Math.max(0, head - CONTEXT);
  const removed = before.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  const trailing = before.slice(before.length - tail, before.length - tail + CONTEXT);
  const leading = before.slice(from, head);
  const oldCount = leading.length + removed.length + trailing.length;
  const newCount = leading.length + added.length + trailing.length;
  return `${[
    `--- ${label}`,
    `+++ ${label} (vaultlink)`,
    `@@ -${range(from, oldCount)} +${range(from, newCount)} @@`,
    ...leading.map((line) => ` ${line}`),
    ...removed.map((line) => `-${line}`),
    ...added.map((line) => `+${line}`),
    ...trailing.map((line) => ` ${line}`),
  ].join("\n")}\n`;
}
