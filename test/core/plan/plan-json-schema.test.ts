import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { planJsonSchema } from "../../../src/core/plan/plan-json-schema.js";

describe("the shipped JSON Schema for plans", () => {
  const shipped = JSON.parse(readFileSync("schema/plan.v1.json", "utf8"));

  it("is what the plan schema generates today (run `npm run schema` after changing the schema)", () => {
    expect(shipped).toEqual(planJsonSchema());
  });

  it("accepts the example plans and rejects a plan with an unknown field", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(shipped);
    for (const path of ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"]) {
      expect(validate(JSON.parse(readFileSync(path, "utf8"))), path).toBe(true);
    }
    const plan = JSON.parse(readFileSync("examples/custom-dns.plan.json", "utf8"));
    plan.dns.password = "hunter2";
    expect(validate(plan)).toBe(false);
  });
});
