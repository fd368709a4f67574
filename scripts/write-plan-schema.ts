// Regenerates schema/plan.v1.json from the zod schema; test/core/plan/plan-json-schema.test.ts fails when the
// shipped file is stale.
import { mkdir, writeFile } from "node:fs/promises";
import { planJsonSchema } from "../src/core/plan/plan-json-schema.js";

await mkdir(new URL("../schema/", import.meta.url), { recursive: true });
await writeFile(
  new URL("../schema/plan.v1.json", import.meta.url),
  `${JSON.stringify(planJsonSchema(), null, 2)}\n`,
);
