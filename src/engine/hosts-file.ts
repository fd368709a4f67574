import { readFile } from "node:fs/promises";
import { UserError } from "../core/user-error.js";
import { fileError, writeFileAtomically } from "./atomic-write.js";

/** Where the previous hosts file goes before vaultlink rewrites it; one backup, the latest previous version. */
export function hostsBackupPath(path: string): string {
  return `${path}.vaultlink-backup`;
}

/**
 * Reads a hosts file as UTF-8 (a byte order mark kept). A file in another encoding (a Windows hosts file saved as
 * ANSI with accented comments) is refused, naming the first line that is not UTF-8: decoding it anyway would
 * rewrite those bytes as replacement characters.
 */
export async function readHostsFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw fileError("read", path, error);
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
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

/**
 * Replaces a hosts file with `next`, first saving `previous` (what was read) to {@link hostsBackupPath}. Both writes
 * are atomic, so a crash leaves either the old file or the new one in place, and the backup whole.
 */
export async function writeHostsFile(path: string, previous: string, next: string): Promise<string> {
  const backup = hostsBackupPath(path);
  await writeFileAtomically(backup, previous);
  await writeFileAtomically(path, next);
  return backup;
}
