import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * DESIGN.md's layer rules, enforced by dependency-cruiser with .dependency-cruiser.cjs: the repository's own src/
 * must pass, and the same configuration must catch each kind of break in a small tree made for the test.
 */

const CONFIG = resolve(".dependency-cruiser.cjs");
const DEPCRUISE = resolve("node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");

function cruise(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [DEPCRUISE, "src", "--config", CONFIG, "--output-type", "err"],
      { cwd, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        done({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe("the layers of DESIGN.md", () => {
  it("hold in src/: the sandbox imports only types, core nothing of ours, only src/azure the SDK", async () => {
    const { code, output } = await cruise(process.cwd());
    expect(output).toContain("no dependency violations found");
    expect(code).toBe(0);
  });

  describe("are enforced: each break in a made-up tree is reported", () => {
    let tree: string;
    const files: Record<string, string> = {
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", verbatimModuleSyntax: true },
      }),
      "src/core/limits.ts": "export const LIMIT = 12;\nexport type Limit = number;\n",
      "src/core/pure.ts":
        'import { engineThing } from "../engine/thing.js";\nexport const x = engineThing;\n',
      "src/engine/thing.ts": "export const engineThing = 1;\n",
      "src/sandbox/types-only.ts":
        'import type { Limit } from "../core/limits.js";\nexport const l: Limit = 1;\n',
      "src/sandbox/value.ts": 'import { LIMIT } from "../core/limits.js";\nexport const m = LIMIT;\n',
      "src/ui/steps/NewStep.tsx":
        'import { allPages } from "../../azure/adapter.js";\nexport const p = allPages;\n',
      "src/azure/adapter.ts": "export const allPages = 1;\n",
    };

    beforeAll(async () => {
      tree = await mkdtemp(join(tmpdir(), "vaultlink-layers-"));
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(tree, path)), { recursive: true });
        await writeFile(join(tree, path), text, "utf8");
      }
    });
    afterAll(() => rm(tree, { recursive: true, force: true }));

    it("fails with each rule that the tree breaks, and allows the sandbox's type-only import", async () => {
      const { code, output } = await cruise(tree);
      expect(code).not.toBe(0);
      expect(output).toContain("sandbox-imports-only-types: src/sandbox/value.ts → src/core/limits.ts");
      expect(output).not.toContain("src/sandbox/types-only.ts");
      expect(output).toContain("core-imports-nothing-of-ours: src/core/pure.ts → src/engine/thing.ts");
      expect(output).toContain("ui-imports-the-adapter-only-where-it-did: src/ui/steps/NewStep.tsx");
    });
  });
});
