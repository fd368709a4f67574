import type { TestContext } from "vitest";

/**
 * A test that needs something this machine lacks (a tool, root, a mount): in CI (CI=true), where `.ci/run` provides
 * it, a failure saying so; elsewhere a visible skip with the same reason.
 */
export function skipOutsideCi(context: TestContext, reason: string, whyCiHasIt: string): never {
  if (process.env.CI === "true") throw new Error(`${reason}; ${whyCiHasIt}`);
  return context.skip(reason);
}
