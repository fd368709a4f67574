import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeCommandFile } from "../../../src/ui/components/command-file.js";

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("copying shown commands to a file", () => {
  it("writes them whole to a new file and never replaces one the person has", async () => {
    dir = await mkdtemp(join(tmpdir(), "vaultlink-commands-"));
    await writeFile(join(dir, "rules.sh"), "mine\n");
    const command = "az network nsg rule create \\\n  --name 'x' \\\n  --priority 100";
    const path = await writeCommandFile(dir, "rules", "Allow Entra ID", [command]);
    expect(path).toBe(join(dir, "rules-2.sh"));
    expect(await readFile(join(dir, "rules.sh"), "utf8")).toBe("mine\n");
    expect(await readFile(path, "utf8")).toContain(`# Allow Entra ID\n`);
    expect(await readFile(path, "utf8")).toContain(`${command}\n`);
  });
});
