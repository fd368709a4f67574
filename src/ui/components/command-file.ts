import { access } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "../../engine/atomic-write.js";

/**
 * Writes commands shown on a screen to a new file in `cwd`, whole (the screen breaks long lines), and returns its
 * path. An existing file is never replaced: `name.sh` is taken, so `name-2.sh` is written, and so on.
 */
export async function writeCommandFile(
  cwd: string,
  name: string,
  title: string,
  commands: readonly string[],
): Promise<string> {
  const content = `#!/bin/sh\n# ${title}\n# Written by vaultlink; review before running.\n\n${commands.join("\n")}\n`;
  for (let n = 1; ; n++) {
    const path = join(cwd, n === 1 ? `${name}.sh` : `${name}-${n}.sh`);
    if (await exists(path)) continue;
    await writeFileAtomically(path, content);
    return path;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
