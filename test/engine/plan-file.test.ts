import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/user-error.js";
import { writeFileAtomically } from "../../src/engine/atomic-write.js";
import { readPlanFile, writePlanFile } from "../../src/engine/plan-file.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-plan-file-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("plan files on disk", () => {
  it("writes a plan that reads back the same, pointing $schema at the shipped schema", async () => {
    const plan = await readPlanFile("examples/custom-dns.plan.json");
    const path = join(directory, "out.plan.json");
    await writePlanFile(path, plan);
    const again = await readPlanFile(path);
    expect({ ...again, $schema: undefined }).toEqual({ ...plan, $schema: undefined });
    expect(again.$schema).toMatch(/schema\/plan\.v1\.json$/);
    expect(await readdir(directory)).toEqual(["out.plan.json"]);
  });

  it("replaces an existing file whole and leaves no temporary file behind", async () => {
    const path = join(directory, "file.txt");
    await writeFile(path, "old content that is longer than the new one\n");
    await writeFileAtomically(path, "new\n");
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect(await readdir(directory)).toEqual(["file.txt"]);
  });

  it("says which path could not be written and leaves nothing behind", async () => {
    const path = join(directory, "missing-dir", "plan.json");
    const failure = writeFileAtomically(path, "x");
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(`Cannot write ${path}: its directory does not exist.`);
    expect(await readdir(directory)).toEqual([]);
  });

  it("says which path could not be read", async () => {
    const path = join(directory, "nope.plan.json");
    await expect(readPlanFile(path)).rejects.toThrow(`Cannot read ${path}: the file does not exist.`);
  });

  it("writes a symlinked plan's target, keeping the link and the file's mode", async () => {
    const plan = await readPlanFile("examples/custom-dns.plan.json");
    const real = join(directory, "real.plan.json");
    const link = join(directory, "link.plan.json");
    await writeFile(real, "{}\n", { mode: 0o600 });
    await chmod(real, 0o600);
    await symlink(real, link);
    await writePlanFile(link, plan);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await stat(real)).mode & 0o777).toBe(0o600);
    expect((await readPlanFile(real)).vault.id).toBe(plan.vault.id);
  });

  it("does not replace a plan that appeared after the person chose a free path, and of two saves one wins", async () => {
    const plan = await readPlanFile("examples/custom-dns.plan.json");
    const path = join(directory, "contested.plan.json");
    const saves = await Promise.allSettled([
      writePlanFile(path, plan, { expectAbsent: true }),
      writePlanFile(path, plan, { expectAbsent: true }),
    ]);
    expect(saves.map((save) => save.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = saves.find((save) => save.status === "rejected");
    expect(String(refused?.status === "rejected" && refused.reason.message)).toContain(
      `${path} was created by someone else while you chose where to save; it was not replaced.`,
    );
    expect(await readdir(directory)).toEqual(["contested.plan.json"]);
  });

  it("refuses to write over a read-only plan", async () => {
    const plan = await readPlanFile("examples/custom-dns.plan.json");
    const path = join(directory, "locked.plan.json");
    await writeFile(path, "{}\n");
    await chmod(path, 0o444);
    await expect(writePlanFile(path, plan)).rejects.toThrow(
      `Cannot write ${path}: it is read-only (mode 0444).`,
    );
    expect(await readFile(path, "utf8")).toBe("{}\n");
  });
});
