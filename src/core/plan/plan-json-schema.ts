import { z } from "zod";
import { planSchema } from "./plan-schema.js";

/**
 * The JSON Schema editors use to check plan files (shipped as schema/plan.v1.json). Refinements that need code
 * (ARM id shapes, known regions, unique names) are not expressible in JSON Schema: vaultlink itself checks those.
 */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(planSchema, { io: "input", unrepresentable: "any" }),
    title: "vaultlink plan, version 1",
  };
}
