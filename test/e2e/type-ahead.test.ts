import { existsSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Keys, startCli, type TerminalSession } from "./pseudo-terminal.js";

/**
 * Keys typed ahead of the screen they are meant for: a person who knows the wizard (or a script driving it) types
 * the next answers before the next screen is drawn, and the terminal hands them over in one read. Each key must
 * reach the screen that is showing when the key is read, never be dropped and never reach the screen just left.
 */

let session: TerminalSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

beforeAll(() => {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
});

describe("keys typed ahead of the screen they are for", () => {
  it("Enter on the subscriptions and a filter typed in the same read: the vault list gets the filter", async () => {
    session = await startCli(["--sandbox"], {}, { columns: 120, rows: 40 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    cli.send(Keys.enter, "rsv-lrs");
    const screen = await cli.waitFor(/\b1 of \d+ vaults/);
    expect(screen).toContain("rsv-lrs-weu");
    expect(screen).toMatch(/Filter: rsv-lrs\b/);
  });

  it("an arrow and Space in the same read: Space toggles the row the arrow moved to", async () => {
    session = await startCli(["--sandbox"], {}, { columns: 120, rows: 40 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    cli.send(Keys.down, " ");
    await cli.waitFor(/Contoso Production +\S+$/m);
    const rows = cli.screen().split("\n");
    expect(rows.find((r) => r.includes("Contoso Connectivity"))).toMatch(/✔$/);
    expect(rows.find((r) => r.includes("Contoso Production"))).toMatch(/^❯ .*[0-9a-f]$/);
  });

  it("a choice that opens a question and that question's answer in the same read: both are taken", async () => {
    session = await startCli(["--sandbox"], {}, { columns: 120, rows: 40 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    cli.send(Keys.enter, "rsv-lrs-weu");
    await cli.waitFor("❯ [ready  ] rsv-lrs-weu");
    // Enter takes the vault; the workloads question comes next: Enter on it keeps the default answer.
    cli.send(Keys.enter, Keys.enter);
    await cli.waitFor(/\d+ of \d+ subnets/);
    expect(cli.screen()).not.toContain("What will rsv-lrs-weu protect?");
  });
});
