import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { TestContext } from "vitest";
import { skipOutsideCi } from "../support/skip-outside-ci.js";

// Debian puts the daemons and some checkers in sbin, which a non-root PATH often lacks.
const SBIN = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

function findExecutable(command: string): string | undefined {
  const directories = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...SBIN];
  for (const directory of directories) {
    const path = join(directory, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * The path of a DNS tool the test needs. In CI (CI=true) a missing tool fails the test, naming the Debian package
 * to install (.ci/run installs them); elsewhere the test is skipped with that message.
 */
export function dnsTool(context: TestContext, command: string, debianPackage: string): string {
  const path = findExecutable(command);
  if (path !== undefined) return path;
  const message = `${command} is not installed; install the Debian package ${debianPackage} (apt-get install ${debianPackage})`;
  return skipOutsideCi(context, message, "CI must run the DNS software tests.");
}
