import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Keys, startCli, type TerminalSession } from "./pseudo-terminal.js";

let session: TerminalSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/**
 * Keys typed ahead of the screen: a key that arrives as a new screen is drawn, before that screen's key handler is
 * attached (Ink attaches it in an effect), must reach the new screen, not be dropped or go to the screen before.
 */
describe("keys typed as a screen appears", () => {
  it("reach the new screen", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    session = await startCli(["--sandbox"], {}, { columns: 80, rows: 24 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    await cli.press(Keys.enter);
    await cli.waitFor("❯ [ready  ] rsv-prod-weu");
    // Enter on the vault and ↓ in the next screen's list, in one read: the ↓ arrives before that list is on screen.
    await cli.press(`${Keys.enter}${Keys.down}`);
    await cli.waitFor("What will rsv-prod-weu protect?");
    expect(await cli.waitFor(/❯.*(SQL Server|SAP HANA)/)).toMatch(/❯.*SAP HANA in Azure VMs/);
  }, 30_000);

  it("reach a screen the moment its first frame shows", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    session = await startCli(["--sandbox"], {}, { columns: 80, rows: 24 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    // The filter's first letter, sent as soon as the vault step's first frame is parsed.
    const typed = cli.typeAhead("Filter: (type to filter)", "l");
    await cli.press(Keys.enter);
    await typed;
    expect(await cli.waitFor(/Filter: l|of 10 vaults/)).toContain("Filter: l");
    await cli.waitFor("[ready  ] rsv-lrs-weu");
  }, 30_000);
});
