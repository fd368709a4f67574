import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DrivenWizard, driveWizard, Key, wizardSessionPerTest } from "./wizard-harness.js";

const session = wizardSessionPerTest();
const GOLDEN = new URL("./golden/rsv-prod-weu.plan.json", import.meta.url);

/** From the first screen to the review, choosing what the README's walk-through chooses. */
async function toReview(wizard: DrivenWizard): Promise<void> {
  await wizard.waitFor("Contoso Dev/Test");
  await wizard.press(Key.enter);
  await wizard.waitFor("[ready  ] rsv-prod-weu");
  await wizard.press(Key.enter);
  // The vault will protect SQL Server in Azure VMs: kept in the plan (`workloads`).
  await wizard.waitFor("What will rsv-prod-weu protect?");
  await wizard.press(Key.space, Key.enter);
  await wizard.waitFor("9 of 9 subnets");
  await wizard.type("privateendpoints");
  await wizard.waitFor("2 of 9 subnets");
  await wizard.press(Key.space, Key.down, Key.space, Key.enter);
  await wizard.waitFor("Endpoint 1 of 2");
  await wizard.press(Key.enter);
  await wizard.waitFor("Endpoint 2 of 2");
  await wizard.press(Key.enter);
  await wizard.waitFor("How should clients resolve");
  await wizard.press(Key.enter);
  await wizard.waitFor("rg-private-dns  (3 privatelink zones");
  await wizard.press(Key.enter);
  await wizard.waitFor("vaultlink adds them");
  await wizard.press(Key.enter);
  await wizard.waitFor("Link the zones to which other VNets?");
  await wizard.press(Key.enter);
  await wizard.waitFor("Only print the rules");
  await wizard.press(Key.down, Key.enter);
  await wizard.waitFor("Press Enter to continue");
  await wizard.press(Key.enter);
  await wizard.waitFor("❯ Keep as it is (documented-safe with cross-region restore)");
  await wizard.press(Key.up, Key.enter);
  await wizard.waitFor("Add a secondary endpoint in northeurope");
  await wizard.press(Key.enter);
  await wizard.waitFor("5 of 5 subnets");
  await wizard.type("hub-neu/snet-private");
  await wizard.waitFor("1 of 5 subnets");
  await wizard.press(Key.enter);
  await wizard.waitFor("(secondary)");
  await wizard.press(Key.enter);
  await wizard.waitFor("Apply now (saves the plan first)");
}

describe("the wizard from start to save", () => {
  it("writes the plan the choices make, matching the golden file", async () => {
    const wizard = driveWizard(session());
    await toReview(wizard);
    expect(wizard.frame()).toContain("step 7 of 8");
    await wizard.press(Key.down, Key.enter);
    await wizard.waitFor("Save the plan to:");
    await wizard.press(Key.enter);
    await wizard.waitFor("Plan saved to");
    const path = join(session().dir, "vaultlink-rsv-prod-weu.plan.json");
    expect(wizard.outcomes).toEqual([
      {
        exitCode: 0,
        message: `Plan saved to ${path}. Apply it with: vaultlink apply ${path} (preview with --dry-run)`,
      },
    ]);
    const written = await readFile(path, "utf8");
    if (process.env.UPDATE_GOLDEN === "1") await writeFile(GOLDEN, written);
    expect(written).toBe(await readFile(GOLDEN, "utf8"));
    wizard.unmount();
  });

  it("Esc from the review back to the vault keeps every choice on the way forward again", async () => {
    const wizard = driveWizard(session());
    await toReview(wizard);
    const review = wizard.frame();
    for (const title of [
      "Secondary region",
      "Microsoft Entra ID",
      "DNS strategy",
      "Endpoints & subnets",
      // Esc from the subnet list goes back to the question that starts the step.
      "What will rsv-prod-weu protect?",
      "Vault  step 2",
    ]) {
      await wizard.press(Key.escape);
      await wizard.waitFor(title);
    }
    await wizard.waitFor("❯ [ready  ] rsv-prod-weu");
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("2 picked")).toContain("[x] vnet-hub-weu/snet-privateendpoints");
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("Endpoint 1 of 2")).toContain("pe-rsv-prod-weu-vnet-hub-weu-backup");
    await wizard.press(Key.enter);
    await wizard.waitFor("Endpoint 2 of 2");
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("❯ Azure Private DNS zones")).toBeTruthy();
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("❯ rg-private-dns")).toBeTruthy();
    await wizard.press(Key.enter, Key.enter);
    await wizard.waitFor("Link the zones");
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("❯ Only print the rules")).toBeTruthy();
    await wizard.press(Key.enter);
    await wizard.waitFor("Press Enter to continue");
    await wizard.press(Key.enter);
    // The earlier answer (Deny) is kept, though this vault's screen starts on Keep the first time.
    expect(await wizard.waitFor(/❯ Deny\n/)).toBeTruthy();
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("❯ Add a secondary endpoint in northeurope")).toBeTruthy();
    await wizard.press(Key.enter);
    expect(await wizard.waitFor("❯ vnet-hub-neu/snet-privateendpoints")).toBeTruthy();
    await wizard.press(Key.enter);
    await wizard.waitFor("(secondary)");
    await wizard.press(Key.enter);
    await wizard.waitFor("Apply now (saves the plan first)");
    expect(wizard.frame()).toBe(review);
    wizard.unmount();
  });

  it("q asks before quitting and saves what exists, with defaults for the steps not reached", async () => {
    const wizard = driveWizard(session());
    await wizard.waitFor("Contoso Dev/Test");
    await wizard.press(Key.enter);
    await wizard.waitFor("[ready  ] rsv-lrs-weu");
    await wizard.type("lrs");
    await wizard.waitFor("1 of 10 vaults");
    await wizard.press(Key.enter);
    await wizard.waitFor("What will rsv-lrs-weu protect?");
    await wizard.press(Key.enter);
    await wizard.waitFor("9 of 9 subnets");
    await wizard.type("spoke-app-weu/snet-privateendpoints");
    await wizard.press(Key.space, Key.enter);
    await wizard.waitFor("Endpoint 1 of 1");
    await wizard.press(Key.enter);
    await wizard.waitFor("How should clients resolve");
    await wizard.press("q");
    expect(await wizard.waitFor("Quit vaultlink?")).toContain("Save what I chose as a plan, then quit");
    await wizard.press(Key.down, Key.enter);
    expect(await wizard.waitFor("Save the plan to:")).toContain(
      "Not chosen yet, saved with the default: DNS",
    );
    await wizard.press(Key.enter);
    await wizard.waitFor("Plan saved to");
    const plan = JSON.parse(await readFile(join(session().dir, "vaultlink-rsv-lrs-weu.plan.json"), "utf8"));
    expect(plan.dns).toMatchObject({ strategy: "privateZones", zoneGroups: "create" });
    expect(plan.guidance).toEqual({ publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } });
    wizard.unmount();
  });

  it("Ctrl-C asks too, and a second Ctrl-C quits without saving; ? shows the keys", async () => {
    const wizard = driveWizard(session());
    await wizard.waitFor("Contoso Dev/Test");
    await wizard.press("?");
    expect(await wizard.waitFor("Keys")).toContain("back one step, keeping your choices");
    await wizard.press("?");
    await wizard.waitFor("Sign-in & scope");
    await wizard.press(Key.ctrlC);
    expect(await wizard.waitFor("Quit vaultlink?")).toMatch(
      /Save what I chose as a plan, then quit \(no vault is chosen yet\)/,
    );
    await wizard.press(Key.ctrlC);
    await wizard.waitFor("Quit without saving");
    expect(wizard.outcomes).toEqual([
      { exitCode: 130, message: "Quit without saving; nothing was written." },
    ]);
    wizard.unmount();
  });
});
