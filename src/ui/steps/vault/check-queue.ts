/**
 * Work done on demand, a few at a time, most wanted first: the vault step's eligibility checks. The step says which
 * keys it wants now (the rows on screen, the focused one first); a key it stops wanting before its turn is dropped,
 * and a key it wants again jumps the queue. Each key's work runs once; its result is kept. Plain TypeScript, so it
 * is tested without a terminal; `use-vault-checks.ts` drives it from the step.
 */
export class CheckQueue<T> {
  /** Keys to start, most wanted first; none of them running or done. */
  private waiting: string[] = [];
  private readonly running = new Set<string>();
  private readonly results = new Map<string, T>();
  private closed = false;

  constructor(
    /** At most this many keys' work in flight at once. */
    private readonly limit: number,
    private readonly work: (key: string) => Promise<T>,
    /** Told after each result is kept (the caller batches what it redraws). */
    private readonly onResult: () => void,
  ) {}

  /**
   * The keys wanted now, most wanted first: they go ahead of every other waiting key, and keys waiting but no longer
   * wanted are dropped (a row scrolled past before its turn costs no request). Running work always finishes.
   */
  want(keys: readonly string[]): void {
    const wanted = keys.filter((key) => !this.results.has(key) && !this.running.has(key));
    this.waiting = [...new Set(wanted)];
    this.startWhatFits();
  }

  /** Puts one key first (a vault chosen before its check came back), keeping the others waiting behind it. */
  prioritise(key: string): void {
    if (this.results.has(key) || this.running.has(key)) return;
    this.waiting = [key, ...this.waiting.filter((k) => k !== key)];
    this.startWhatFits();
  }

  result(key: string): T | undefined {
    return this.results.get(key);
  }

  /** How many keys' work is in flight now (never more than the limit). */
  get inFlight(): number {
    return this.running.size;
  }

  /** Starts nothing more: the step is gone. Work in flight settles unseen. */
  close(): void {
    this.closed = true;
    this.waiting = [];
  }

  private startWhatFits(): void {
    while (!this.closed && this.running.size < this.limit && this.waiting.length > 0) {
      const key = this.waiting.shift() as string;
      this.running.add(key);
      this.work(key).then(
        (result) => this.settle(key, result),
        // `work` turns its own failures into results; a rejection here is a bug, kept out of the queue's way.
        () => this.settle(key, undefined),
      );
    }
  }

  private settle(key: string, result: T | undefined): void {
    this.running.delete(key);
    if (this.closed) return;
    if (result !== undefined) this.results.set(key, result);
    this.startWhatFits();
    this.onResult();
  }
}
