import { describe, expect, it } from "vitest";
import { CheckQueue } from "../../../../src/ui/steps/vault/check-queue.js";

/** A queue whose work the test finishes by hand: which keys started, in order, and a way to finish each. */
function handQueue(limit: number) {
  const started: string[] = [];
  const finish = new Map<string, (result: string) => void>();
  let results = 0;
  const queue = new CheckQueue<string>(
    limit,
    (key) =>
      new Promise<string>((resolve) => {
        started.push(key);
        finish.set(key, resolve);
      }),
    () => results++,
  );
  const done = async (key: string) => {
    finish.get(key)?.(`verdict of ${key}`);
    // The queue hears of a result on the promise's own callback.
    await Promise.resolve();
    await Promise.resolve();
  };
  return { queue, started, done, results: () => results };
}

describe("the vault step's check queue", () => {
  it("runs at most `limit` checks at once, the most wanted first", async () => {
    const { queue, started, done } = handQueue(2);
    queue.want(["a", "b", "c", "d"]);
    expect(started).toEqual(["a", "b"]);
    expect(queue.inFlight).toBe(2);
    await done("a");
    expect(started).toEqual(["a", "b", "c"]);
    expect(queue.result("a")).toBe("verdict of a");
    expect(queue.inFlight).toBe(2);
  });

  it("lets rows scrolled into view jump the queue and drops rows scrolled past before their turn", async () => {
    const { queue, started, done } = handQueue(1);
    queue.want(["a", "b", "c"]);
    queue.want(["x", "y"]);
    await done("a");
    await done("x");
    await done("y");
    // b and c left the screen before their turn: never read.
    expect(started).toEqual(["a", "x", "y"]);
    expect(queue.inFlight).toBe(0);
  });

  it("checks a vault once, and puts a chosen one first", async () => {
    const { queue, started, done } = handQueue(1);
    queue.want(["a", "b", "c"]);
    queue.prioritise("c");
    await done("a");
    expect(started).toEqual(["a", "c"]);
    await done("c");
    queue.want(["a", "c", "b"]);
    expect(started).toEqual(["a", "c", "b"]);
  });

  it("starts nothing more once closed", async () => {
    const { queue, started, done, results } = handQueue(1);
    queue.want(["a", "b"]);
    queue.close();
    await done("a");
    queue.want(["c"]);
    expect(started).toEqual(["a"]);
    expect(results()).toBe(0);
  });
});
