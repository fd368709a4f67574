import { describe, expect, it } from "vitest";
import { wrapCommand } from "../../src/ui/components/wrapped-lines.js";

describe("a long command shown whole", () => {
  const command =
    "az network private-endpoint create --name pe-rsv-prod-weu-hub --resource-group rg-hub --description 'Added by vaultlink for backups'";

  it("breaks between words with the shell's continuation mark, each line within the width", () => {
    const lines = wrapCommand(command, 40);
    expect(lines.every((line) => line.length <= 40)).toBe(true);
    expect(lines.slice(0, -1).every((line) => line.endsWith(" \\"))).toBe(true);
    // Pasted into a shell, the continuation marks join the lines back into the same command.
    expect(lines.join("\n").replace(/ \\\n\s*/g, " ")).toBe(command);
  });

  it("never breaks inside a quoted value, where a backslash-newline would be kept literally", () => {
    expect(wrapCommand(command, 40)).toContain("  'Added by vaultlink for backups'");
  });

  it("continues a # note as more # lines, and keeps a line that fits", () => {
    expect(wrapCommand("# nsg-a: rule Deny-All denies this traffic at priority 100", 30)).toEqual([
      "# nsg-a: rule Deny-All denies",
      "# this traffic at priority 100",
    ]);
    expect(wrapCommand("az --version", 30)).toEqual(["az --version"]);
  });
});
