import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { UserError } from "../core/user-error.js";
import { fileError } from "./atomic-write.js";

/**
 * How long a lock may go without its holder touching it before another vaultlink takes it over. The holder
 * refreshes it every half of this while it works, so only a holder that died (kill -9, a power cut) leaves one
 * this old; SIGINT and SIGTERM remove it on the way out.
 */
const STALE_AFTER_MS = 10_000;

/**
 * Waiting: quick retries first (another vaultlink's edit takes milliseconds), then about once a second, for long
 * enough that a lock left by a dead holder goes stale and is taken over.
 */
const WAIT_AT_MOST_MS = 30_000;

function pause(attempt: number): Promise<void> {
  const base = Math.min(20 * 1.3 ** attempt, 1_000);
  return delay(base * (0.5 + Math.random()));
}

/** Lets the work check, just before it commits, that no one took the lock over while it ran. */
export interface HeldLock {
  /** Throws when the lock was lost (the holder stalled past {@link STALE_AFTER_MS} and another took it over). */
  readonly assertHeld: () => void;
}

/** Where the lock for a file lives: a directory beside it, so it is on the same file system as the file. */
export function lockPathFor(path: string): string {
  return `${path}.vaultlink-lock`;
}

/** Where the lock for a directory of generated files lives: inside it, where vaultlink writes anyway. */
export function directoryLockPath(directory: string): string {
  return join(directory, ".vaultlink-lock");
}

/**
 * Runs `work` while holding an advisory lock on `subject` (a file, or a directory of generated files), so two
 * vaultlinks that read, change and write the same file take turns instead of one losing the other's change.
 * Only vaultlinks honour it: it keeps vaultlink runs from each other, not other editors from the file.
 *
 * Node has no flock(2), so the lock is proper-lockfile's: an mkdir of `lockPath` (atomic on every local and
 * network file system, unlike O_EXCL on old NFS), with its mtime refreshed while held and taken over when stale.
 * Staleness by mtime rather than by a recorded pid works across machines sharing a file system and survives pid
 * reuse; the package is small and widely used. https://github.com/moxystudio/node-proper-lockfile
 */
export async function withFileLock<T>(
  subject: string,
  lockPath: string,
  work: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  // Loaded on first use: it hooks process exit (to remove held locks), which commands that lock nothing need not pay.
  const { default: lockfile } = await import("proper-lockfile");
  let compromised: Error | undefined;
  let release: (() => Promise<void>) | undefined;
  const deadline = Date.now() + WAIT_AT_MOST_MS;
  for (let attempt = 0; release === undefined; attempt += 1) {
    try {
      // Retried here rather than by the package, which would also retry (for half a minute) an mkdir refused for
      // lack of permission: only a lock held by another is worth waiting for.
      release = await lockfile.lock(subject, {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_AFTER_MS,
        onCompromised: (error) => {
          compromised = error;
        },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
        const failure = fileError("write", subject, error);
        throw new UserError(`${failure.message.replace(/\.$/, "")} (creating its lock ${lockPath}).`, {
          ...(failure.hint === undefined ? {} : { hint: failure.hint }),
          cause: error,
        });
      }
      if (Date.now() > deadline) {
        throw new UserError(`Another process is changing ${subject}: its lock ${lockPath} stayed held.`, {
          hint: `Wait for the other vaultlink to finish and run again. A lock whose holder died is taken over ${STALE_AFTER_MS / 1000} s after its last use; if it stays, no vaultlink holds it: remove the directory ${lockPath}.`,
          exitCode: 1,
          cause: error,
        });
      }
      await pause(attempt);
    }
  }
  const held: HeldLock = {
    assertHeld: () => {
      if (compromised !== undefined) {
        throw new UserError(`Lost the lock on ${subject} while changing it; nothing more was written.`, {
          hint: "This process stalled for longer than the lock lasts (a suspended machine or an overloaded disk) and another vaultlink took the lock over. Run the command again.",
          exitCode: 1,
          cause: compromised,
        });
      }
    },
  };
  try {
    return await work(held);
  } finally {
    // A compromised lock is no longer ours to remove: the process that took it over holds it now.
    if (compromised === undefined) await release().catch(() => {});
  }
}
