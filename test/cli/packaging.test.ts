import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Keys, startCli } from "../e2e/pseudo-terminal.js";

/*
 * What `npm pack` ships, run as a user would get it: the tarball unpacked into an empty temporary directory, with no
 * node_modules anywhere above it, run by the test's Node (22+). The bundle in dist/ carries its dependencies, so if
 * it needed anything else at run time (a devDependency, a file outside `files`), these commands would fail.
 * `--ignore-scripts`: dist/ is the one `npm test` has just built (as for every CLI test); letting `prepare`
 * rebuild it here would rewrite files other CLI tests are running. That `prepare` builds is checked on its own.
 */

const run = promisify(execFile);
const env = { PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(delimiter), HOME: tmpdir() };

let work: string;
let packed: string;
let files: string[];

async function listFiles(root: string, under = ""): Promise<string[]> {
  const entries = await readdir(join(root, under), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? listFiles(root, join(under, entry.name))
        : Promise.resolve([join(under, entry.name)]),
    ),
  );
  return nested.flat();
}

beforeAll(async () => {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  work = await mkdtemp(join(tmpdir(), "vaultlink-pack-"));
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
    env,
    timeout: 20_000,
  });
  const [tarball] = JSON.parse(stdout) as { filename: string }[];
  if (tarball === undefined) throw new Error(`npm pack printed no tarball: ${stdout}`);
  await run("tar", ["-xzf", join(work, tarball.filename), "-C", work], { timeout: 10_000 });
  packed = join(work, "package");
  files = (await listFiles(packed)).map((file) => file.split("\\").join("/")).sort();
}, 30_000);

afterAll(() => (work === undefined ? undefined : rm(work, { recursive: true, force: true })));

function vaultlink(args: readonly string[]) {
  return run(process.execPath, [join(packed, "bin", "vaultlink"), ...args], {
    cwd: work,
    env,
    timeout: 10_000,
  });
}

describe("the npm package", () => {
  test("holds the CLI, its bundle, the plan schema, the examples and the docs; no sources, tests or modules", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/vaultlink",
        "dist/vaultlink.js",
        "schema/plan.v1.json",
        "examples/private-zones.plan.json",
        "README.md",
        "CHANGELOG.md",
        "package.json",
      ]),
    );
    expect(files.filter((file) => /^(src|test|node_modules|spec|scripts)\//.test(file))).toEqual([]);
  });

  test("`vaultlink --version` runs from the unpacked package with no node_modules", async () => {
    const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    expect(existsSync(join(work, "node_modules"))).toBe(false);
    expect(existsSync(join(packed, "node_modules"))).toBe(false);

    const { stdout } = await vaultlink(["--version"]);

    expect(stdout.trim()).toBe(version);
  });

  test("`vaultlink zones westeurope` and `vaultlink show` on a shipped example work from it", async () => {
    const zones = await vaultlink(["zones", "westeurope"]);
    expect(zones.stdout).toContain("privatelink.we.backup.windowsazure.com");

    const show = await vaultlink(["show", join(packed, "examples", "private-zones.plan.json")]);
    expect(show.stdout).toContain("rsv-prod-weu");
  });

  test("the wizard starts from it in a terminal: the early first frame, then Ink's first step", async () => {
    const cli = await startCli(
      ["--sandbox"],
      { HOME: tmpdir() },
      undefined,
      join(packed, "bin", "vaultlink"),
    );
    try {
      await cli.waitFor("Contoso Dev/Test");
      // The frame drawn before Ink loads (src/ui/first-frame.ts) came first, and Ink's own replaced it.
      const early = cli.raw().indexOf("vaultlink: Azure Backup private endpoints (v2)");
      expect(early).toBeGreaterThanOrEqual(0);
      expect(early).toBeLessThan(cli.raw().indexOf("\u001B[?2026h"));
      await cli.press(Keys.ctrlC);
      await cli.waitFor("Quit vaultlink?");
      await cli.press(Keys.ctrlC);
      expect(await cli.exited).toBe(130);
    } finally {
      await cli.close();
    }
  });

  test("the package says how it runs: bin, Node 22+, and a prepare script that builds dist/", async () => {
    const manifest = JSON.parse(await readFile(join(packed, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      engines: { node: string };
      scripts: Record<string, string>;
    };
    expect(manifest.bin).toEqual({ vaultlink: "bin/vaultlink" });
    expect(manifest.engines.node).toBe(">=22");
    expect(manifest.scripts.prepare).toBe("node scripts/build.mjs");
  });
});
