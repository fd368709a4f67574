import type { z } from "zod";
import { UserError } from "../user-error.js";
import { PLAN_VERSION, type Plan, planSchema, READABLE_PLAN_VERSIONS } from "./plan-schema.js";

/** `endpoints[0].subnetId` from zod's `["endpoints", 0, "subnetId"]`; `(root)` for the document itself. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "(root)" : text;
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let node = document;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** A short, printable rendering of a bad value: long strings and big objects are cut, never dumped whole. */
function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function describeIssue(issue: z.core.$ZodIssue, document: unknown): string {
  const path = formatJsonPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => (path === "(root)" ? k : `${path}.${k}`)).join(", ");
    return `${keys}: unknown field${issue.keys.length > 1 ? "s" : ""} (plans are strict; remove ${issue.keys.length > 1 ? "them" : "it"} or check the spelling)`;
  }
  const got = describeValue(valueAt(document, issue.path));
  return `${path}: ${issue.message} (got ${got})`;
}

/**
 * Reads a plan from its JSON text. Every problem becomes a UserError whose message names the file, the JSON path,
 * the bad value and the expected form, so `vaultlink show|apply` can print it on one line without a stack.
 */
export function parsePlanText(text: string, source: string): Plan {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source}: not valid JSON: ${(error as Error).message}.`, {
      hint: "A plan file is JSON written by vaultlink; if you edited it by hand, check the commas and quotes near that position.",
    });
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new UserError(`${source}: a plan must be a JSON object, got ${describeValue(document)}.`, {
      hint: "Plans are written by the wizard (`vaultlink`) or copied from examples/.",
    });
  }
  const version = (document as { version?: unknown }).version;
  if (typeof version === "number" && !READABLE_PLAN_VERSIONS.includes(version)) {
    throw new UserError(
      `${source}: version: this plan is version ${version}; this build of vaultlink reads version ${READABLE_PLAN_VERSIONS.join(", ")}.`,
      {
        hint:
          version > PLAN_VERSION
            ? "The plan was written by a newer vaultlink: upgrade vaultlink to replay it."
            : "Re-create the plan with this version of vaultlink.",
      },
    );
  }
  const result = planSchema.safeParse(document);
  if (result.success) return result.data;
  const [first, ...others] = result.error.issues;
  const more = others.length > 0 ? ` (and ${others.length} more problem${others.length > 1 ? "s" : ""})` : "";
  throw new UserError(`${source}: ${describeIssue(first as z.core.$ZodIssue, document)}${more}`, {
    hint:
      others.length > 0
        ? `Also: ${others
            .slice(0, 5)
            .map((issue) => describeIssue(issue, document))
            .join("; ")}${others.length > 5 ? "; ..." : ""}`
        : "Fix that field and run the command again; `vaultlink show PLAN` checks a plan without touching Azure.",
  });
}

/**
 * The canonical text of a plan: keys in schema order, two-space indent, a final newline. Reading and writing a plan
 * gives the same text again, so plans diff cleanly in a pull request.
 */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(planSchema.parse(plan), null, 2)}\n`;
}
