import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";

const EXAMPLES = ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"];

/** Compares with a reviewed golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff like code). */
async function expectGolden(name: string, text: string): Promise<void> {
  const golden = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1") await writeFile(golden, text);
  expect(text).toBe(await readFile(golden, "utf8"));
}

describe.each(EXAMPLES)("%s as a pull-request comment", (plan) => {
  const name = basename(plan, ".plan.json");

  it("apply --dry-run -o markdown: the summary line, the table by kind and subscription, findings, the actions collapsed", async () => {
    const { code, stdout, stderr } = await runBuiltCli([
      "apply",
      plan,
      "--dry-run",
      "--sandbox",
      "-o",
      "markdown",
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      /^\*\*Plan: \d+ to create, \d+ to update, 0 blocked(, \d+ waiting)? \(\d+ unchanged\)\.\*\*$/m,
    );
    expect(stdout).toContain("<details>");
    await expectGolden(`${name}.dry-run.md`, stdout);
  });

  it("show -o markdown: what the plan sets up, without Azure", async () => {
    const { code, stdout } = await runBuiltCli(["show", plan, "-o", "markdown"]);
    expect(code).toBe(0);
    await expectGolden(`${name}.show.md`, stdout);
  });
});

describe("--detailed-exitcode, as terraform plan's", () => {
  it("exits 5 while there are changes to make, 0 once there are none", async () => {
    const pending = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      "--dry-run",
      "--detailed-exitcode",
      "--sandbox",
    ]);
    expect(pending.code).toBe(5);
    expect(pending.stdout).toMatch(/^Plan: 1 to create, 0 to update, 0 unchanged, 0 blocked, 1 waiting\.$/m);
  });

  it("exits 3 for a blocked plan and 2 without --dry-run", async () => {
    // The example, pointed at rsv-sql-weu: a vault with protected items cannot take backup private endpoints.
    const directory = await mkdtemp(join(tmpdir(), "vaultlink-md-"));
    const path = join(directory, "blocked.plan.json");
    const text = await readFile("examples/custom-dns.plan.json", "utf8");
    await writeFile(
      path,
      text.replace(
        /"id": "[^"]*\/vaults\/rsv-dev-uks"/,
        '"id": "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-sql-weu"',
      ),
    );
    const blocked = await runBuiltCli(["apply", path, "--dry-run", "--detailed-exitcode", "--sandbox"]);
    await rm(directory, { recursive: true, force: true });
    expect(blocked.code, blocked.stderr).toBe(3);
    expect(blocked.stdout).toContain("[vault-has-protected-items]");
    const misuse = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      "--detailed-exitcode",
      "--sandbox",
    ]);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain("--detailed-exitcode goes with --dry-run.");
  });
});

describe("--output markdown elsewhere", () => {
  it("is refused, naming the commands that have it", async () => {
    const { code, stderr } = await runBuiltCli(["check", "--sandbox", "-o", "markdown"]);
    expect(code).toBe(2);
    expect(stderr).toContain("`vaultlink check` has no markdown view");
  });
});
