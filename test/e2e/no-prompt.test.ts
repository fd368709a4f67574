import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startCli } from "./pseudo-terminal.js";

/**
 * In a real terminal, a run that must not prompt (CI set, a coding agent, --no-prompt) still never waits: a missing
 * decision is an error naming the flag that supplies it, exit 2.
 */
describe("non-interactive on a terminal", () => {
  it.each([
    ["CI=true", { CI: "true" }, []],
    ["CLAUDECODE=1", { CLAUDECODE: "1" }, []],
    ["--no-prompt", {}, ["--no-prompt"]],
  ])("apply without --yes under %s exits 2 naming --yes, without asking", async (_name, env, flags) => {
    // The pseudo-terminal starts in a temporary directory: the plan goes by its absolute path.
    const session = await startCli(
      ["apply", resolve("examples/custom-dns.plan.json"), "--sandbox", ...flags],
      env,
      {
        columns: 120,
        rows: 30,
      },
    );
    try {
      const code = await session.exited;
      const screen = session.screen().replace(/\s+/g, " ");
      expect(screen).toContain("Applying needs a confirmation, but vaultlink does not prompt here");
      expect(screen).toContain("--yes");
      expect(screen).not.toContain('Type "yes" to apply');
      expect(code).toBe(2);
    } finally {
      await session.close();
    }
  });

  it("the wizard under CI=true exits 2 and points at vaultlink apply", async () => {
    const session = await startCli(["--sandbox"], { CI: "true" }, { columns: 120, rows: 30 });
    try {
      expect(await session.exited).toBe(2);
      const screen = session.screen().replace(/\s+/g, " ");
      expect(screen).toContain("vaultlink does not prompt here (CI is set)");
      expect(screen).toContain("vaultlink apply PLAN");
    } finally {
      await session.close();
    }
  });
});
