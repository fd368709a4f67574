import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { runBuiltCli } from "../cli/run-cli.js";
import { Keys, readScrolledPanel, startCli, type TerminalSession } from "./pseudo-terminal.js";

/**
 * The vault step's details panel in a real 80×24 terminal: moving from vault to vault, every finding reads whole
 * (its message and its fix, word for word as `vaultlink check` says them), with nothing of the previous vault's
 * left over and no line of one finding drawn over another; the panel scrolls when it is longer than its share.
 */

interface CheckedVault {
  readonly name: string;
  readonly findings: readonly { readonly message: string; readonly fix: string }[];
}

let session: TerminalSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Text compared without its whitespace: the panel breaks lines where the window needs it. */
const squeezed = (text: string) => text.replace(/\s+/g, "");

describe("the vault details at 80×24", () => {
  it("show each vault's findings whole, scrolled with Tab and the page keys", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    const check = await runBuiltCli(["check", "--sandbox", "-o", "json"]);
    const vaults = new Map(
      (JSON.parse(check.stdout).vaults as CheckedVault[]).map((v) => [v.name, v] as const),
    );
    session = await startCli(["--sandbox"], {}, { columns: 80, rows: 24 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    await cli.press(Keys.enter);
    // The Backup vaults are listed too, greyed, after the Recovery Services vaults this test walks through.
    const backupVaults = (JSON.parse(check.stdout).backupVaults as unknown[]).length;
    await cli.waitFor(`of ${vaults.size + backupVaults} vaults`);
    // Every badge filled in: each vault's checks are done.
    await cli.waitFor(/^(?![\s\S]*\[…)[\s\S]*Filter:/);

    const names = [...vaults.keys()];
    const visited = new Set<string>();
    for (let i = 0; i < names.length; i++) {
      // A vault is checked as it comes on screen (or near it): its badge may still be on its way.
      const focused = /❯ \[[a-z ]+\] (\S+)/.exec(await cli.waitFor(/❯ \[[a-z ]+\] /))?.[1] ?? "";
      const vault = vaults.get(focused);
      expect(vault, cli.screen()).toBeDefined();
      if (vault === undefined) return;
      visited.add(focused);
      await cli.waitFor(new RegExp(`^${focused}  \\d+ of 12 backup endpoints`, "m"));
      await cli.press(Keys.tab);
      await cli.waitFor("Tab/Esc back to the list");
      const text = await readScrolledPanel(cli, (screen) => {
        const lines = screen.split("\n");
        const start = lines.findIndex((line) => line.startsWith(`${focused}  `));
        const end = lines.findIndex((line, index) => index > start && /^lines \d+-\d+ of \d+/.test(line));
        const stop = end === -1 ? lines.findIndex((line, index) => index > start && line === "") : end;
        return { rows: lines.slice(start + 1, stop), note: end === -1 ? undefined : lines[end] };
      });
      expect(text.every((line) => line.length <= 80)).toBe(true);
      const read = squeezed(text.join(" "));
      for (const finding of vault.findings) {
        expect(read, text.join("\n")).toContain(squeezed(finding.message));
        expect(read, text.join("\n")).toContain(squeezed(`fix: ${finding.fix}`));
      }
      if (vault.findings.length === 0) expect(read).toContain(squeezed("No findings"));
      await cli.press(Keys.tab);
      await cli.waitFor("Tab details");
      await cli.press(Keys.down);
    }
    expect([...visited].sort()).toEqual([...names].sort());
  }, 90_000);
});
