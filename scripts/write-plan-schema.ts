// Regenerates the shipped JSON Schemas from their zod schemas: schema/plan.v1.json (the plan file) and
// schema/sandbox-state.json (`vaultlink sandbox --state FILE`). test/core/plan/plan-json-schema.test.ts and
// test/sandbox/state.test.ts fail when a shipped file is stale.
import { mkdir, writeFile } from "node:fs/promises";
import { planJsonSchema } from "../src/core/plan/plan-json-schema.js";
import { sandboxStateJsonSchema } from "../src/sandbox/state.js";

await mkdir(new URL("../schema/", import.meta.url), { recursive: true });
for (const [file, schema] of [
  ["plan.v1.json", planJsonSchema()],
  ["sandbox-state.json", sandboxStateJsonSchema()],
] as const) {
  await writeFile(new URL(`../schema/${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
}
