import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readPlanFile, writePlanFile } from "../../../src/engine/plan-file.js";
import { SavePlanPrompt } from "../../../src/ui/components/SavePlanPrompt.js";
import { drive, Key } from "../wizard-harness.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-save-prompt-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("saving a plan from the wizard", () => {
  it("does not replace a plan another wizard saved to the same path meanwhile, and asks before replacing it", async () => {
    const plan = await readPlanFile("examples/custom-dns.plan.json");
    const path = join(directory, "shared.plan.json");
    const saved: string[] = [];
    let competitorSaved = false;
    const prompt = drive(
      <SavePlanPrompt
        defaultPath="./shared.plan.json"
        cwd={directory}
        active
        save={async (target, options) => {
          // Another person's wizard saves to the same path between this person's choice and this save.
          if (!competitorSaved) {
            competitorSaved = true;
            await writeFile(target, "another wizard's plan\n");
          }
          await writePlanFile(target, plan, options);
        }}
        onSaved={(target) => saved.push(target)}
        onCancel={() => {}}
      />,
    );
    await prompt.waitFor("Save the plan to: ./shared.plan.json");
    await prompt.press(Key.enter);
    expect(await prompt.waitFor("was created by someone else")).toContain("Save again");
    expect(await readFile(path, "utf8")).toBe("another wizard's plan\n");
    await prompt.press(Key.enter);
    await prompt.waitFor("exists. Replace it?");
    await prompt.type("y");
    const deadline = Date.now() + 5000;
    while (saved.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(saved).toEqual([path]);
    expect((await readPlanFile(path)).vault.id).toBe(plan.vault.id);
    prompt.unmount();
  });
});
