import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runCliInProcess } from "./in-process-cli.js";
import { mutatePlan, seededRandom } from "./plan-mutations.js";

const EXAMPLES = ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"].map((path) =>
  readFileSync(path, "utf8"),
);
/** Cases per run; VAULTLINK_FUZZ_CASES raises it for a longer run. */
const CASES = Number(process.env.VAULTLINK_FUZZ_CASES ?? 1200);
const STACK_FRAME = /\n\s+at .+[:(]/;

let directory: string;
let sandbox: RunningSandbox;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "vaultlink-fuzz-"));
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

describe(`${CASES} bad plans made from the examples`, () => {
  it("each exits 2 with one error line naming the file and the field or position, no stack, no request to ARM", async () => {
    const kinds = new Map<string, number>();
    for (let seed = 1; seed <= CASES; seed++) {
      const random = seededRandom(seed);
      const mutation = mutatePlan(EXAMPLES[seed % EXAMPLES.length] ?? "", random);
      kinds.set(mutation.kind, (kinds.get(mutation.kind) ?? 0) + 1);
      const path = join(directory, `case-${seed}.plan.json`);
      await writeFile(path, mutation.text);
      // Most cases through `show`; every tenth through `apply --dry-run` against a live sandbox.
      const args = seed % 10 === 0 ? ["apply", path, "--dry-run", "--sandbox", sandbox.url] : ["show", path];
      const result = await runCliInProcess(args);
      const context = `seed ${seed} (${mutation.kind}): ${result.stderr.slice(0, 300)}`;
      expect(result.code, context).toBe(2);
      expect(result.stdout, context).toBe("");
      const [first] = result.stderr.split("\n");
      expect(first, context).toMatch(
        new RegExp(
          `^Error: ${path.replaceAll(".", "\\.")}: (not valid JSON: .+|a plan must be a JSON object.+|[A-Za-z$][\\w$.\\[\\]]*(, [\\w$.\\[\\]]+)*: .+)`,
        ),
      );
      expect(result.stderr, context).not.toMatch(STACK_FRAME);
      expect(result.stderr.length, context).toBeLessThan(4000);
    }
    expect(sandbox.requestLog()).toEqual([]);
    // Every kind of mutation was exercised.
    expect(kinds.size).toBe(12);
  }, 120_000);
});
