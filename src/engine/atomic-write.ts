import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { type FileHandle, lstat, open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { UserError } from "../core/user-error.js";

/** What a path names once symlinks are followed: the file vaultlink reads and replaces. */
export interface WriteTarget {
  /** The path as given. */
  readonly path: string;
  /** The file itself: `path`, or the end of its chain of symlinks. */
  readonly file: string;
  /** The file's state now, or undefined when there is none yet. */
  readonly stats: Stats | undefined;
}

export interface WriteOptions {
  /**
   * Keep the previous content here (written, flushed and read back before the file changes). Without it, a backup
   * is still made, and removed afterwards, when the file has to be written in place.
   */
  readonly backup?: string;
  /** The previous content as read (under the caller's lock); read from the file when not given. */
  readonly previous?: Uint8Array;
}

export interface WriteOutcome {
  /** The file written: the symlink's target when the path was a symlink. */
  readonly file: string;
  /** True when the content was written into the file itself because it could not be replaced by a rename. */
  readonly inPlace: boolean;
}

const PERMISSION_BITS = 0o7777;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Follows `path` to the file it names. A symlink is followed, never replaced: replacing it by a regular file would
 * leave the real file (NixOS and macOS keep /etc/hosts behind links) unchanged and the system reading it.
 */
export async function resolveWriteTarget(path: string): Promise<WriteTarget> {
  let file = path;
  try {
    file = await realpath(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw fileError("write", path, error);
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) {
      throw new UserError(`Cannot write ${path}: it is a symlink to a file that does not exist.`, {
        hint: "Point the link at an existing file, or give the path of the file itself.",
      });
    }
    return { path, file: path, stats: undefined };
  }
  let stats: Stats;
  try {
    stats = await stat(file);
  } catch (error) {
    throw fileError("write", path, error);
  }
  if (!stats.isFile()) {
    throw new UserError(`Cannot write ${describeFile({ path, file })}: it is ${kindOf(stats)}, not a file.`, {
      hint: "Give the path of a regular file.",
    });
  }
  if ((stats.mode & 0o222) === 0) {
    // Root may write anyway; a careful tool still does not override what someone marked read-only (as vi refuses
    // without `!`), and says how to allow it.
    throw new UserError(
      `Cannot write ${describeFile({ path, file })}: it is read-only (mode ${(stats.mode & PERMISSION_BITS).toString(8).padStart(4, "0")}).`,
      {
        hint: `vaultlink does not write over a read-only file. If it should change, make it writable first (chmod u+w ${file}) and read-only again afterwards.${file === path ? "" : " It sits behind a symlink: whatever made the link (NixOS's networking.hosts, a configuration tool) may own it; change it there."}`,
      },
    );
  }
  return { path, file, stats };
}

/** `/etc/hosts`, or `/etc/hosts (a symlink to /etc/static/hosts)`. */
export function describeFile(target: Pick<WriteTarget, "path" | "file">): string {
  return target.file === target.path ? target.path : `${target.path} (a symlink to ${target.file})`;
}

/** "a directory", "a FIFO (named pipe)", ... for a message. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symlink";
  return "not a regular file";
}

function temporaryPathFor(file: string): string {
  return join(dirname(file), `.vaultlink-${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Gives a new, still empty file the owner and mode of `like`. It was created with `like`'s mode, which the umask
 * can only narrow; chown may clear set-id bits, so the exact mode is set again after it. Nothing is written until
 * this is done, so the content is never readable by more people than the original's. Returns false when the owner
 * could not be kept (only root may give a file away); the file then stays ours, readable only as `like` allows.
 */
async function copyOwnership(handle: FileHandle, like: Stats): Promise<boolean> {
  const mine = await handle.stat();
  let kept = true;
  if (process.platform !== "win32" && (mine.uid !== like.uid || mine.gid !== like.gid)) {
    try {
      await handle.chown(like.uid, like.gid);
    } catch (error) {
      if (errorCode(error) !== "EPERM") throw error;
      kept = false;
    }
  }
  await handle.chmod(like.mode & PERMISSION_BITS);
  return kept;
}

/** Best effort: makes a rename in `directory` durable. Some systems cannot open a directory; the rename stands. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform (Windows) or file system lets a directory be flushed.
  }
}

async function writeAndSync(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  await handle.writeFile(bytes);
  await handle.sync();
}

/**
 * Saves `previous` (the content of `like`) to `backup`, no more readable than the file: created with its mode and
 * owner before a byte is written, or, where its owner cannot be kept, readable by this user only. It is flushed and
 * read back before it replaces an older backup, so a file is only ever changed while a good copy exists.
 */
async function writeVerifiedBackup(backup: string, previous: Uint8Array, like: Stats): Promise<void> {
  const temporary = temporaryPathFor(backup);
  try {
    const handle = await open(temporary, "wx", like.mode & 0o777);
    try {
      if (!(await copyOwnership(handle, like))) await handle.chmod(like.mode & 0o700);
      await writeAndSync(handle, previous);
    } finally {
      await handle.close();
    }
    const readBack = await readFile(temporary);
    if (!readBack.equals(previous)) {
      throw new UserError(`The backup ${backup} did not read back as written; the file was not changed.`, {
        hint: "The disk or file system may be failing: check it, then run the command again.",
        exitCode: 1,
      });
    }
    await rename(temporary, backup);
    await syncDirectory(dirname(backup));
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof UserError) throw error;
    throw fileError("write", backup, error);
  }
}

/**
 * Writes into the file itself, for where a rename cannot replace it: a bind-mounted file (Docker's /etc/hosts:
 * rename gives EBUSY) or one whose owner only root could keep. Not atomic, so a verified backup exists first.
 */
async function writeInPlace(file: string, bytes: Uint8Array, backup: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r+");
  } catch (error) {
    throw fileError("write", file, error);
  }
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    await handle.sync();
  } catch (error) {
    throw new UserError(
      `Writing ${file} in place failed part way: ${fileError("write", file, error).message}`,
      {
        hint: `The previous content is in ${backup}: restore it with \`cp ${backup} ${file}\`.`,
        exitCode: 1,
        cause: error,
      },
    );
  } finally {
    await handle.close();
  }
}

/**
 * Replaces the file by a temporary one with its content, mode and owner, renamed over it. False (nothing changed)
 * where that cannot keep the file what it was: its owner could not be given to the copy, or the rename was refused
 * because the file is a mount point (EBUSY) or on another file system than its directory (EXDEV).
 */
async function replaceByRename(target: WriteTarget, bytes: Uint8Array): Promise<boolean> {
  const { file, stats } = target;
  const temporary = temporaryPathFor(file);
  try {
    const handle = await open(temporary, "wx", stats === undefined ? 0o644 : stats.mode & 0o777);
    try {
      if (stats !== undefined && !(await copyOwnership(handle, stats))) {
        await rm(temporary, { force: true });
        return false;
      }
      await writeAndSync(handle, bytes);
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = errorCode(error);
    if (stats !== undefined && (code === "EBUSY" || code === "EXDEV")) return false;
    throw fileError("write", target.path, error);
  }
  await syncDirectory(dirname(file));
  return true;
}

/**
 * Writes a file so that a reader sees either the old content or the new, never half of it: the text goes to a
 * temporary file in the same directory (same file system, so rename is atomic), with the old file's mode and
 * owner, is flushed to disk, and is then renamed over the target. A symlink's target is written, not the link; a
 * read-only file is refused. Where a rename cannot work or would break what the file is (a bind mount, an owner only
 * root could keep, hard links that would stop sharing it), the file is written in place after a verified backup:
 * the choice vim's 'backupcopy=auto' makes for the same reasons (https://vimhelp.org/options.txt.html#%27backupcopy%27).
 * A crash leaves at most a stray `.vaultlink-*.tmp` beside the target.
 */
export async function writeFileAtomically(
  path: string,
  content: string | Uint8Array,
  options: WriteOptions = {},
): Promise<WriteOutcome> {
  const target = await resolveWriteTarget(path);
  const { file, stats } = target;
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const readPrevious = async (): Promise<Uint8Array> => {
    try {
      return options.previous ?? (await readFile(file));
    } catch (error) {
      throw fileError("read", file, error);
    }
  };
  if (stats !== undefined && options.backup !== undefined) {
    await writeVerifiedBackup(options.backup, await readPrevious(), stats);
  }

  const inPlace = (stats !== undefined && stats.nlink > 1) || !(await replaceByRename(target, bytes));
  if (inPlace) {
    if (stats === undefined) throw new Error(`${file}: in-place write of a file that does not exist`);
    const backup = options.backup ?? `${file}.vaultlink-partial-write-backup`;
    if (options.backup === undefined) await writeVerifiedBackup(backup, await readPrevious(), stats);
    await writeInPlace(file, bytes, backup);
    if (options.backup === undefined) await rm(backup, { force: true });
  }
  return { file, inPlace };
}

/** Turns a file-system error into a UserError that names the path and what to do. */
export function fileError(action: "read" | "write", path: string, error: unknown): UserError {
  const code = errorCode(error);
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
            : code === "EROFS"
              ? "the file system is read-only"
              : ((error as Error).message ?? String(error));
  return new UserError(`Cannot ${action} ${path}: ${reason}.`, {
    hint:
      action === "read"
        ? "Check the path and that you may read it."
        : code === "EACCES" || code === "EPERM"
          ? "Run as a user who may write there (for a system file such as /etc/hosts: with sudo), or choose another path."
          : code === "EROFS"
            ? "Whatever mounted it read-only manages the file (NixOS builds /etc/hosts from networking.hosts in configuration.nix): change it there, or write elsewhere."
            : "Choose a path in a directory you may write to.",
    cause: error,
  });
}
