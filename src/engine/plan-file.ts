import { readFile } from "node:fs/promises";
import { dirname, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePlanText, serializePlan } from "../core/plan/plan-codec.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { fileError, writeFileAtomically } from "./atomic-write.js";

/** Reads and validates a plan file; every problem is a UserError naming the file and the field. */
export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw fileError("read", path, error);
  }
  return parsePlanText(text, path);
}

/**
 * Writes a plan atomically. `$schema` points at the JSON Schema shipped with this install (relative to the plan,
 * so editors find it), which is metadata only: a plan replays the same without it.
 */
export async function writePlanFile(
  path: string,
  plan: Plan,
  schemaPath = shippedPlanSchemaPath(),
): Promise<void> {
  const schemaReference = relative(dirname(path), schemaPath).split(sep).join("/");
  await writeFileAtomically(path, serializePlan({ ...plan, $schema: schemaReference }));
}

/** `schema/plan.v1.json` of this install: the bundle sits in `dist/`, the sources in `src/engine/`. */
function shippedPlanSchemaPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.endsWith(`${sep}dist`) ? dirname(here) : dirname(dirname(here));
  return `${root}${sep}schema${sep}plan.v1.json`;
}
