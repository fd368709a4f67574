import type { z } from "zod";
import { UserError } from "../user-error.js";
import { PLAN_VERSION, type Plan, planSchema, READABLE_PLAN_VERSIONS } from "./plan-schema.js";
import { MAX_JSON_DEPTH, parseStrictJson, type TextPosition } from "./strict-json.js";

const BOM = "\uFEFF";

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

/**
 * Fields a person writes on an endpoint to pin its private IP (ARM's `ipConfigurations` with `privateIPAddress`,
 * or a shorthand). The plan has no place for them on purpose: "Private endpoints with static IPs are unsupported
 * in the version 2 experience due to dynamic IP expansion. Although creation succeeds, registration might fail
 * for vaults that have existing protected items."
 * (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept). Saying that beats "unknown field".
 */
const STATIC_IP_FIELDS = new Set(
  [
    "ipConfigurations",
    "privateIPAddress",
    "privateIpAddresses",
    "staticIp",
    "staticIpAddress",
    "staticIps",
  ].map((key) => key.toLowerCase()),
);

export const STATIC_IP_REASON =
  "private endpoints with static IPs are unsupported in the v2 experience due to dynamic IP expansion; registration might fail (https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept). Remove the field: Azure assigns the endpoint's addresses";

function isEndpointPath(path: readonly PropertyKey[]): boolean {
  return path.length === 2 && path[0] === "endpoints" && typeof path[1] === "number";
}

function describeIssue(issue: z.core.$ZodIssue, document: unknown): string {
  const path = formatJsonPath(issue.path);
  if (issue.code === "unrecognized_keys" && isEndpointPath(issue.path)) {
    const staticIp = issue.keys.find((key) => STATIC_IP_FIELDS.has(key.toLowerCase()));
    if (staticIp !== undefined) return `${path}.${staticIp}: ${STATIC_IP_REASON}`;
  }
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => (path === "(root)" ? k : `${path}.${k}`)).join(", ");
    return `${keys}: unknown field${issue.keys.length > 1 ? "s" : ""} (plans are strict; remove ${issue.keys.length > 1 ? "them" : "it"} or check the spelling)`;
  }
  const got = describeValue(valueAt(document, issue.path));
  return `${path}: ${issue.message} (got ${got})`;
}

function describePosition(position: TextPosition): string {
  return `line ${position.line}, column ${position.column}`;
}

/** The JSON of a plan, or a UserError naming what is wrong and where. */
function parsePlanJson(text: string, source: string): unknown {
  const parsed = parseStrictJson(text);
  if (parsed.ok) return parsed.value;
  const { problem } = parsed;
  switch (problem.kind) {
    case "syntax":
      throw new UserError(`${source}: not valid JSON: ${problem.message}.`, {
        hint: "A plan file is JSON written by vaultlink; if you edited it by hand, check the commas and quotes near that position.",
      });
    case "duplicateKey":
      throw new UserError(
        `${source}: ${problem.path} appears twice, at ${describePosition(problem.first)} and at ${describePosition(problem.second)}.`,
        {
          hint: "JSON readers disagree on which one counts (a reviewer may read the first, a program use the last): keep the one you mean and delete the other.",
        },
      );
    case "tooDeep":
      throw new UserError(
        `${source}: ${problem.path.length > 60 ? `${problem.path.slice(0, 60)}...` : problem.path} nests deeper than ${MAX_JSON_DEPTH} levels (at ${describePosition(problem.at)}); no plan does.`,
        {
          hint: "This is not a plan written by vaultlink: use the wizard (`vaultlink`) or start from examples/.",
        },
      );
  }
}

/**
 * Reads a plan from its JSON text. Every problem becomes a UserError whose message names the file, the JSON path,
 * the bad value and the expected form, so `vaultlink show|apply` can print it on one line without a stack. A key
 * given twice and absurd nesting are refused too ({@link parseStrictJson}); a leading byte order mark is skipped.
 */
export function parsePlanText(text: string, source: string): Plan {
  const document = parsePlanJson(text.startsWith(BOM) ? text.slice(BOM.length) : text, source);
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
 * Reads a plan from the bytes of its file: UTF-8, with or without a byte order mark. UTF-16 (what some Windows
 * editors and PowerShell 5's `>` write) and other encodings are refused with what to do, not a JSON syntax error.
 */
export function parsePlanBytes(bytes: Uint8Array, source: string): Plan {
  return parsePlanText(decodePlanBytes(bytes, source), source);
}

function decodePlanBytes(bytes: Uint8Array, source: string): string {
  const saveAsUtf8 =
    "Save it as UTF-8: in an editor, choose the UTF-8 encoding when saving; in PowerShell, `(Get-Content plan.json) | Set-Content -Encoding utf8 plan.json`.";
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new UserError(`${source}: the plan is UTF-16; save it as UTF-8.`, { hint: saveAsUtf8 });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new UserError(
      `${source}: byte ${nul + 1} is a NUL byte: the plan is UTF-16 without a byte order mark, or not text at all.`,
      { hint: `A plan is UTF-8 JSON. ${saveAsUtf8}` },
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${source}: the plan is not UTF-8 text.`, { hint: saveAsUtf8 });
  }
}

/**
 * The canonical text of a plan: keys in schema order, two-space indent, a final newline. Reading and writing a plan
 * gives the same text again, so plans diff cleanly in a pull request.
 */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(planSchema.parse(plan), null, 2)}\n`;
}
