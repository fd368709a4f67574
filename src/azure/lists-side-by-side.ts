/** A list from ARM, a page at a time. */
type Pages<T> = AsyncIterable<readonly T[]>;

/**
 * Several ARM lists read side by side, at most `limit` at once, each page passed on as it arrives: the first rows
 * show while later subscriptions are still being listed.
 */
export async function* mergedPages<T>(
  lists: readonly (() => Pages<T>)[],
  limit: number,
): AsyncGenerator<readonly T[]> {
  const ready: (readonly T[])[] = [];
  let failure: { error: unknown } | undefined;
  let running = 0;
  let next = 0;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const start = () => {
    while (running < limit && next < lists.length && failure === undefined) {
      const list = lists[next++] as () => Pages<T>;
      running++;
      (async () => {
        for await (const page of list()) {
          if (failure !== undefined) return;
          ready.push(page);
          notify();
        }
      })().then(
        () => {
          running--;
          start();
          notify();
        },
        (error: unknown) => {
          running--;
          failure ??= { error };
          notify();
        },
      );
    }
  };
  start();
  for (;;) {
    const page = ready.shift();
    if (page !== undefined) {
      yield page;
      continue;
    }
    if (failure !== undefined) throw failure.error;
    if (running === 0 && next >= lists.length) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

/** `work` over the items with at most `limit` in flight; the results in the items' order. */
export async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++)
      results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
