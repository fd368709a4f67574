import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fixtureArtefacts } from "../core/dns/all-artefacts.js";
import type { FixtureCloud } from "../core/dns/vault-fixture.js";

export interface ArtefactFiles {
  readonly directory: string;
  /** Absolute path of each artefact, by its relative name (e.g. `bind/named.conf.zones`). */
  readonly paths: ReadonlyMap<string, string>;
  readonly remove: () => Promise<void>;
}

/** Writes the fixture vault's artefacts into a fresh temp directory; the named.conf snippet points into it. */
export async function writeFixtureArtefacts(cloud: FixtureCloud): Promise<ArtefactFiles> {
  const directory = await mkdtemp(join(tmpdir(), "vaultlink-dns-"));
  const paths = new Map<string, string>();
  for (const [name, text] of fixtureArtefacts(cloud, join(directory, "bind"))) {
    const path = join(directory, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, "utf8");
    paths.set(name, path);
  }
  return { directory, paths, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** The path of one artefact, failing loudly when the fixture no longer produces it. */
export function artefactPath(files: ArtefactFiles, name: string): string {
  const path = files.paths.get(name);
  if (path === undefined)
    throw new Error(`The fixture produced no ${name}; it has ${[...files.paths.keys()].join(", ")}`);
  return path;
}
