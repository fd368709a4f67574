import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockPathFor, withFileLock } from "../../src/engine/file-lock.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-file-lock-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("the advisory lock around a shared file's read-modify-write", () => {
  it("makes a second holder wait until the first is done, and removes the lock afterwards", async () => {
    const file = join(directory, "hosts");
    await writeFile(file, "");
    const events: string[] = [];
    let releaseFirst = () => {};
    const firstMayFinish = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstStarted = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      firstStarted = resolve;
    });
    const first = withFileLock(file, lockPathFor(file), async () => {
      events.push("first in");
      firstStarted();
      await firstMayFinish;
      events.push("first out");
    });
    await firstHolds;
    const second = withFileLock(file, lockPathFor(file), async () => {
      events.push("second in");
    });
    // Give the second every chance to get in while the first holds the lock (without a lock it would, within a few
    // event-loop turns). The outcome does not depend on timing when the lock works: the second waits either way.
    await setTimeout(200);
    expect(events).toEqual(["first in"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(["first in", "first out", "second in"]);
    expect(await readdir(directory)).toEqual(["hosts"]);
  });

  it("takes over a lock whose holder died (untouched for longer than it lasts)", async () => {
    const file = join(directory, "hosts");
    await writeFile(file, "");
    await mkdir(lockPathFor(file));
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockPathFor(file), minuteAgo, minuteAgo);
    expect(await withFileLock(file, lockPathFor(file), async () => "ran")).toBe("ran");
    expect(await readdir(directory)).toEqual(["hosts"]);
  });

  it("releases the lock when the work fails", async () => {
    const file = join(directory, "hosts");
    await writeFile(file, "");
    await expect(
      withFileLock(file, lockPathFor(file), async () => {
        throw new Error("the edit failed");
      }),
    ).rejects.toThrow("the edit failed");
    expect(await readdir(directory)).toEqual(["hosts"]);
  });
});
