import { readFile, realpath } from "node:fs/promises";
import type { HostsEdit } from "../core/dns/hosts-file-edit.js";
import { UserError } from "../core/user-error.js";
import { describeFile, fileError, writeFileAtomically } from "./atomic-write.js";
import { type HeldLock, lockPathFor, withFileLock } from "./file-lock.js";

/** Where the previous hosts file goes before vaultlink rewrites it; one backup, the latest previous version. */
export function hostsBackupPath(path: string): string {
  return `${path}.vaultlink-backup`;
}

/**
 * Reads a hosts file's bytes as UTF-8, a byte order mark kept (so that writing the text back keeps it). A file in
 * another encoding (a Windows hosts file saved as ANSI with accented comments) is refused, naming the first line
 * that is not UTF-8: decoding it anyway would rewrite those bytes as replacement characters.
 */
function decodeHostsFile(path: string, bytes: Uint8Array): string {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    let start = 0;
    for (let line = 1; ; line += 1) {
      const end = bytes.indexOf(0x0a, start);
      const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
      try {
        decoder.decode(slice);
      } catch {
        throw new UserError(`Cannot edit ${path}: line ${line} is not UTF-8 text.`, {
          hint: "Save the file as UTF-8 (or plain ASCII) first, or use --format hosts and paste the block yourself.",
        });
      }
      if (end === -1) throw new Error(`${path}: the decoder refused the file but no line`);
      start = end + 1;
    }
  }
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fileError("read", path, error);
  }
}

/** Reads a hosts file as UTF-8 text, as a resolver would (a byte order mark dropped), refusing one that is not UTF-8. */
export async function readHostsFile(path: string): Promise<string> {
  const text = decodeHostsFile(path, await readBytes(path));
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

export interface HostsFileOutcome extends HostsEdit {
  /** The file edited: the path given, or the file its symlink points to. */
  readonly file: string;
  /** "/etc/hosts", or "/etc/hosts (a symlink to …)", for messages. */
  readonly described: string;
  /** Where the previous content was saved (when something was written). */
  readonly backup: string;
  /** True when the file could not be replaced (a bind mount) and was written in place after the backup. */
  readonly inPlace: boolean;
}

/**
 * Reads, edits and writes a hosts file under a lock, so two vaultlinks editing it at once (two vaults' blocks)
 * take turns and neither block is lost. A symlink is followed: its target is edited and the link stays. The file
 * keeps its mode, owner and bytes outside the edit (byte order mark, line endings); the previous version is saved
 * beside it first ({@link hostsBackupPath}), as readable as the file and no more. With `dryRun` nothing is written.
 */
export async function editHostsFile(
  path: string,
  edit: (text: string, file: string) => HostsEdit,
  dryRun: boolean,
): Promise<HostsFileOutcome> {
  let file: string;
  try {
    file = await realpath(path);
  } catch (error) {
    throw fileError("read", path, error);
  }
  const described = describeFile({ path, file });
  const backup = hostsBackupPath(file);
  const run = async (lock?: HeldLock): Promise<HostsFileOutcome> => {
    const previous = await readBytes(file);
    const result = edit(decodeHostsFile(described, previous), described);
    if (!result.changed || lock === undefined) return { ...result, file, described, backup, inPlace: false };
    lock.assertHeld();
    const { inPlace } = await writeFileAtomically(file, result.text, { backup, previous });
    return { ...result, file, described, backup, inPlace };
  };
  // A dry run only reads, so it takes no lock (and shows the diff even for a file it may not write).
  return dryRun ? run() : withFileLock(described, lockPathFor(file), run);
}
