import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fixtureArtefacts } from "./all-artefacts.js";
import type { FixtureCloud } from "./vault-fixture.js";

/*
 * Golden files: the exact text each DNS artefact has for the fixture vault. A change in output shows up as a diff
 * of these files, to be reviewed like code. UPDATE_GOLDEN=1 rewrites them (and removes none: delete stale ones).
 */
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe.each<FixtureCloud>(["AzureCloud", "AzureUSGovernment"])("DNS artefacts for %s", (cloud) => {
  const artefacts = fixtureArtefacts(cloud);
  const directory = join(GOLDEN, cloud);

  it.each([...artefacts.keys()])("%s matches its golden file", async (name) => {
    const path = join(directory, name);
    const text = artefacts.get(name) ?? "";
    if (UPDATE) {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, "utf8");
    }
    expect(text).toBe(await readFile(path, "utf8"));
  });

  it("has no golden file that no artefact produces", async () => {
    expect(await filesUnder(directory)).toEqual([...artefacts.keys()].sort());
  });
});
