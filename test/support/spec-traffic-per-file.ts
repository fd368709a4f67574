import { mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "vitest";
import { RECORD_DIR_VARIABLE } from "../../src/sandbox/exchange-recorder.js";
import { TRAFFIC_ROOT_VARIABLE } from "./spec-traffic.js";

/*
 * Runs before each test file: the sandboxes it starts, and the vaultlink processes it starts with
 * sandboxTrafficEnv() (sandbox-traffic-env.ts), record their exchanges in a folder named after the file, so a spec violation found at the
 * end of the run (spec-traffic.ts) names the test that caused it.
 */
const root = process.env[TRAFFIC_ROOT_VARIABLE];
const testPath = expect.getState().testPath;
if (root !== undefined && testPath !== undefined) {
  const folder = join(root, encodeURIComponent(relative(process.cwd(), testPath)));
  mkdirSync(folder, { recursive: true });
  process.env[RECORD_DIR_VARIABLE] = folder;
}
