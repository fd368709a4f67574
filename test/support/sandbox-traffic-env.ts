import { RECORD_DIR_VARIABLE } from "../../src/sandbox/exchange-recorder.js";

/**
 * The environment a test gives a vaultlink process it starts, so that the traffic of that process's sandbox is
 * checked against the ARM specs with the rest of the run (spec-traffic.ts). Empty outside the test run.
 */
export function sandboxTrafficEnv(): Record<string, string> {
  const folder = process.env[RECORD_DIR_VARIABLE];
  return folder === undefined ? {} : { [RECORD_DIR_VARIABLE]: folder };
}
