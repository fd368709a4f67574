import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../core/user-error.js";

/**
 * Writes a file so that a reader sees either the old content or the new, never half of it: the text goes to a
 * temporary file in the same directory (same file system, so rename is atomic), is flushed to disk, and is then
 * renamed over the target. A crash leaves at most a stray `.vaultlink-*.tmp` beside the target.
 */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const temporary = join(dirname(path), `.vaultlink-${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx", 0o644);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw fileError("write", path, error);
  }
}

/** Turns a file-system error into a UserError that names the path and what to do. */
export function fileError(action: "read" | "write", path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? action === "read"
        ? "the file does not exist"
        : "its directory does not exist"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "ENOSPC"
            ? "the disk is full"
            : ((error as Error).message ?? String(error));
  return new UserError(`Cannot ${action} ${path}: ${reason}.`, {
    hint:
      action === "read"
        ? "Check the path and that you may read it."
        : "Choose a path in a directory you may write to.",
    cause: error,
  });
}
