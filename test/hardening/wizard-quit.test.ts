import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Keys, startCli, type TerminalSession } from "../e2e/pseudo-terminal.js";

let session: TerminalSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function start(): Promise<TerminalSession> {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  session = await startCli(["--sandbox"]);
  await session.waitFor("Contoso Dev/Test");
  return session;
}

const QUIT = "Quit without saving; nothing was written.";
const timesShown = (screen: string) => screen.split(QUIT).length - 1;

describe("quitting the wizard", () => {
  it("choosing 'Quit without saving' is a normal end: exit 0, the message once, no error", async () => {
    const cli = await start();
    await cli.press("q");
    await cli.waitFor("Quit vaultlink?");
    // Keep going, Save what I chose (disabled before a vault is chosen), Quit without saving.
    await cli.press(Keys.down, Keys.down, Keys.enter);

    expect(await cli.exited).toBe(0);
    const screen = await cli.waitFor(QUIT);
    expect(timesShown(screen)).toBe(1);
    expect(screen).not.toMatch(/Error:/);
  });

  it("Ctrl-C twice is an interruption: exit 130, the message once", async () => {
    const cli = await start();
    await cli.press(Keys.ctrlC);
    await cli.waitFor("Quit vaultlink?");
    await cli.press(Keys.ctrlC);

    expect(await cli.exited).toBe(130);
    const screen = await cli.waitFor(QUIT);
    expect(timesShown(screen)).toBe(1);
    expect(screen).not.toMatch(/Error:/);
  });
});
