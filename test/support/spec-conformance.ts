/**
 * Checks recorded ARM traffic against the vendored official specs (spec/azure/, Swagger 2.0).
 *
 * Each exchange is matched to an operation by method, path template and api-version (the spec file whose
 * `info.version` is that api-version). Then the path and query parameters, the request body and the response body
 * (the schema for its status, or `default` for errors) are validated with ajv. Specs are loaded and dereferenced
 * by @apidevtools/swagger-parser once per process; compiled validators are cached per operation.
 *
 * Swagger's schema dialect is translated to JSON Schema 2019-09 for ajv, with the meaning AutoRest and Microsoft's
 * own live validator (oav) give it:
 * - `readOnly` properties are never required in a request (ARM ignores them there);
 * - `x-nullable: true` admits null, and nothing else does;
 * - `x-ms-enum.modelAsString: true` makes an enum open (any string);
 * - `discriminator` + `x-ms-discriminator-value`: a value is checked against the subtype its discriminator names;
 * - an object schema that declares properties and no `additionalProperties` is closed: an unknown property is
 *   reported (oav's OBJECT_ADDITIONAL_PROPERTIES), which catches misspelt fields.
 *
 * Long-running operations poll URLs the specs do not list (ARM's async operation contract): a URL first announced
 * in an `Azure-AsyncOperation` header is checked against that contract's status body, one announced in a
 * `Location` header must answer 202 or the original operation's success response.
 * (https://github.com/cloud-and-ai-microsoft/resource-provider-contract/blob/master/v1.0/async-api-reference.md)
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv2019, type ErrorObject, type ValidateFunction } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";

/** The parts of one HTTP exchange the checker reads (the sandbox's RecordedExchange has them all). */
export interface CheckedExchange {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | readonly string[] | undefined>> | string;
  readonly requestBody: unknown;
  readonly status: number;
  readonly responseHeaders: Readonly<Record<string, string | readonly string[] | number | undefined>>;
  readonly responseBody: unknown;
}

export interface SpecViolation {
  /** `PUT /subscriptions/…` of the exchange. */
  readonly exchange: string;
  readonly operationId: string | undefined;
  readonly part: "operation" | "path" | "query" | "request body" | "response";
  /** JSON pointer into the part (`/properties/subnet/id`), empty for the whole part. */
  readonly pointer: string;
  readonly message: string;
}

// From the module's own path, not `new URL(…, import.meta.url)`: a DOM test environment (happy-dom, for the Mermaid
// parser) replaces the global URL, and its file URLs do not convert back.
const SPEC_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../spec/azure/specification/");

// ---- Loading: raw files for the path index (fast), dereferenced files on first use (slow) ----

type Json = Record<string, unknown>;

interface Operation {
  readonly file: string;
  readonly apiVersion: string;
  readonly method: string;
  readonly template: string;
  readonly segments: readonly string[];
  readonly operationId: string;
}

interface LoadedOperation {
  readonly op: Json;
  readonly parameters: readonly Json[];
  readonly doc: Json;
}

const METHODS = ["get", "put", "post", "patch", "delete", "head"];

async function listSpecFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".json") && !e.parentPath.includes("common-types"))
    .map((e) => path.join(e.parentPath, e.name));
}

async function indexOperations(): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const file of await listSpecFiles(SPEC_ROOT)) {
    const doc = JSON.parse(await readFile(file, "utf8")) as Json;
    const apiVersion = (doc.info as Json).version as string;
    for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (op === undefined) continue;
        operations.push({
          file,
          apiVersion,
          method: method.toUpperCase(),
          template,
          segments: template.split("/").filter((s) => s !== ""),
          operationId: op.operationId as string,
        });
      }
    }
  }
  return operations;
}

/** Marks an object this file made around a `$ref` that had sibling keywords. */
const REF_WITH_SIBLINGS = "x-vaultlink-ref-with-siblings";

/**
 * Prepares a raw spec file for dereferencing:
 * - drops `x-ms-examples`: they `$ref` example files that are not vendored (spec/azure/README.md, Verification);
 * - a `$ref` with siblings (`{"$ref": "#/definitions/X", "x-nullable": true}`) would be dereferenced into a merged
 *   copy, losing the identity of X that polymorphism and cycles are found by. Descriptions are dropped and other
 *   siblings (which AutoRest honours: readOnly, x-nullable) are kept on a marked wrapper around the `$ref`.
 */
function prepareForDereference(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prepareForDereference);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value)
    .filter(([k]) => k !== "x-ms-examples")
    .map(([k, v]) => [k, prepareForDereference(v)] as const);
  if (!entries.some(([k]) => k === "$ref")) return Object.fromEntries(entries);
  const siblings = entries.filter(([k]) => k !== "$ref" && k !== "description" && k !== "title");
  const ref = { $ref: (value as Json).$ref };
  return siblings.length === 0
    ? ref
    : { ...Object.fromEntries(siblings), [REF_WITH_SIBLINGS]: true, allOf: [ref] };
}

/** The parser hands out plain paths for the entry file and file: URLs for the files it follows. */
function localPath(url: string): string {
  return url.startsWith("file:") ? fileURLToPath(url) : decodeURIComponent(url);
}

/**
 * Fields the service returns that its spec does not declare, by spec definition name: each is admitted (read-only,
 * a string) so that the sandbox may answer as the service does, and only these. Each names where it was seen.
 */
export const SERVICE_FIELDS_BEYOND_THE_SPEC: Readonly<
  Record<string, { readonly fields: readonly string[]; readonly source: string }>
> = {
  // az network private-endpoint dns-zone-group list prints them from the service's answer.
  PrivateDnsZoneGroup: {
    fields: ["type"],
    source:
      "https://notes.pbe9216.net/2021/2021-03-28-azure-service-private-endpoints-private-links-networking",
  },
  PrivateDnsZoneConfig: {
    fields: ["id", "etag", "type"],
    source:
      "https://notes.pbe9216.net/2021/2021-03-28-azure-service-private-endpoints-private-links-networking",
  },
};

/** A raw spec file with {@link SERVICE_FIELDS_BEYOND_THE_SPEC} added to the definitions it names. */
function withServiceFields(doc: Json): Json {
  const definitions = doc.definitions as Record<string, Json> | undefined;
  if (definitions === undefined) return doc;
  for (const [name, { fields }] of Object.entries(SERVICE_FIELDS_BEYOND_THE_SPEC)) {
    const definition = definitions[name];
    if (definition?.properties === undefined) continue;
    const properties = definition.properties as Record<string, Json>;
    for (const field of fields) properties[field] ??= { type: "string", readOnly: true };
  }
  return doc;
}

const exampleFreeResolver = {
  file: {
    order: 1,
    canRead: true,
    read: async (file: { url: string }) =>
      JSON.stringify(
        prepareForDereference(withServiceFields(JSON.parse(await readFile(localPath(file.url), "utf8")))),
      ),
  },
};

const dereferenced = new Map<string, Promise<Json>>();

/**
 * Circular `$ref`s (Subnet ↔ NetworkInterface, ErrorDetail.details) are kept as a cyclic object graph: the schema
 * translation below follows object identity, so every `$ref` is resolved and no cycle is ever serialised.
 */
function loadSpec(file: string): Promise<Json> {
  let loaded = dereferenced.get(file);
  if (loaded === undefined) {
    loaded = SwaggerParser.dereference(file, { resolve: exampleFreeResolver } as SwaggerParser.Options).then(
      (doc) => doc as unknown as Json,
    );
    dereferenced.set(file, loaded);
  }
  return loaded;
}

let operationIndex: Promise<Operation[]> | undefined;

function decodeSegments(requestPath: string): string[] {
  return (requestPath.split("?")[0] ?? "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
}

/** Literal segments match case-insensitively (ARM does); `{param}` matches any one segment. */
function matchTemplate(op: Operation, segments: readonly string[]): Record<string, string> | undefined {
  if (op.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const t = op.segments[i] as string;
    const s = segments[i] as string;
    const param = /^\{(.+)\}$/.exec(t);
    if (param?.[1] !== undefined) params[param[1]] = s;
    else if (t.toLowerCase() !== s.toLowerCase()) return undefined;
  }
  return params;
}

function literalCount(op: Operation): number {
  return op.segments.filter((s) => !s.startsWith("{")).length;
}

// ---- Swagger schema -> JSON Schema 2019-09 ----

type Mode = "request" | "response";

const NUMERIC_FORMATS = new Set(["int32", "int64", "float", "double"]);

interface Polymorphism {
  readonly discriminator: string;
  readonly subtypes: { readonly value: string; readonly schema: Json }[];
}

/** Subtypes of every polymorphic schema, found through the `allOf` chains of the named definitions. */
function subtypeIndex(definitions: Record<string, Json>): Map<object, Polymorphism> {
  const parentsOf = (s: Json): Json[] => ((s.allOf ?? []) as Json[]).filter((p) => typeof p === "object");
  const index = new Map<object, Polymorphism>();
  for (const [name, schema] of Object.entries(definitions)) {
    const ancestors: Json[] = [];
    const queue = parentsOf(schema);
    while (queue.length > 0) {
      const next = queue.shift() as Json;
      if (ancestors.includes(next)) continue;
      ancestors.push(next);
      queue.push(...parentsOf(next));
    }
    const root = ancestors.find((a) => typeof a.discriminator === "string");
    if (root === undefined) continue;
    const value = (schema["x-ms-discriminator-value"] as string | undefined) ?? name;
    for (const ancestor of ancestors) {
      const entry = index.get(ancestor) ?? { discriminator: root.discriminator as string, subtypes: [] };
      entry.subtypes.push({ value, schema });
      index.set(ancestor, entry);
    }
  }
  return index;
}

const schemaIds = new WeakMap<object, number>();
let nextSchemaId = 0;
function refName(schema: object): string {
  let id = schemaIds.get(schema);
  if (id === undefined) {
    id = nextSchemaId++;
    schemaIds.set(schema, id);
  }
  return `s${id}`;
}

/** Schemas worth a `$defs` entry: anything that can nest, and so can be part of a cycle. */
function isComposite(s: Json): boolean {
  return (
    s.properties !== undefined ||
    s.allOf !== undefined ||
    s.items !== undefined ||
    typeof s.additionalProperties === "object"
  );
}

class SchemaTranslator {
  readonly defs: Record<string, Json> = {};
  constructor(
    private readonly mode: Mode,
    private readonly polymorphism: ReadonlyMap<object, Polymorphism>,
  ) {}

  /** The schema for a value at this place: polymorphic and closed where the spec says so. */
  use(s: Json): Json {
    if (s[REF_WITH_SIBLINGS] === true) {
      const target = this.use((s.allOf as Json[])[0] as Json);
      return s["x-nullable"] === true ? { anyOf: [target, { type: "null" }] } : target;
    }
    if (!isComposite(s)) return this.leaf(s);
    const ref = { $ref: `#/$defs/${this.define(s)}` };
    const poly = this.polymorphism.get(s);
    const closed = s.properties !== undefined || s.allOf !== undefined;
    const open = s.additionalProperties !== undefined || !closed;
    const body: Json =
      poly === undefined
        ? ref
        : {
            allOf: [
              ref,
              ...poly.subtypes.map(({ value, schema }) => ({
                if: {
                  properties: { [poly.discriminator]: { const: value } },
                  required: [poly.discriminator],
                },
                // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword here.
                then: { $ref: `#/$defs/${this.define(schema)}` },
              })),
            ],
          };
    return open ? body : { ...body, unevaluatedProperties: false };
  }

  private readonly defined = new Set<string>();

  /** Adds the open form of a composite schema to `$defs` (once) and returns its name. */
  private define(s: Json): string {
    const name = refName(s);
    if (this.defined.has(name)) return name;
    this.defined.add(name);
    const out = this.leaf(s);
    if (s.allOf !== undefined)
      out.allOf = (s.allOf as Json[]).map((p) => ({ $ref: `#/$defs/${this.define(p)}` }));
    if (s.properties !== undefined) {
      const props = s.properties as Record<string, Json>;
      out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.use(v)]));
      if (Array.isArray(s.required)) {
        out.required = (s.required as string[]).filter(
          (k) => this.mode === "response" || props[k]?.readOnly !== true,
        );
      }
    }
    if (s.items !== undefined) out.items = this.use(s.items as Json);
    if (typeof s.additionalProperties === "object")
      out.additionalProperties = this.use(s.additionalProperties as Json);
    this.defs[name] = out;
    return name;
  }

  /** Keywords that do not nest, translated one by one. */
  private leaf(s: Json): Json {
    const out: Json = {};
    const nullable = s["x-nullable"] === true;
    if (typeof s.type === "string" && s.type !== "file") out.type = nullable ? [s.type, "null"] : s.type;
    const modelAsString = (s["x-ms-enum"] as Json | undefined)?.modelAsString === true;
    if (Array.isArray(s.enum) && !modelAsString) out.enum = nullable ? [...s.enum, null] : s.enum;
    if (typeof s.format === "string" && !NUMERIC_FORMATS.has(s.format)) out.format = s.format;
    if (s.format === "int32" || s.format === "int64") out.type = nullable ? ["integer", "null"] : "integer";
    for (const k of [
      "pattern",
      "minLength",
      "maxLength",
      "minimum",
      "maximum",
      "minItems",
      "maxItems",
      "multipleOf",
    ]) {
      if (s[k] !== undefined) out[k] = s[k];
    }
    if (s.uniqueItems === true) out.uniqueItems = true;
    // Draft 4 booleans become the bounds themselves.
    if (s.exclusiveMinimum === true) {
      out.exclusiveMinimum = s.minimum;
      delete out.minimum;
    }
    if (s.exclusiveMaximum === true) {
      out.exclusiveMaximum = s.maximum;
      delete out.maximum;
    }
    if (s.additionalProperties === false || s.additionalProperties === true) {
      out.additionalProperties = s.additionalProperties;
    }
    return out;
  }
}

/** ARM's status body for an Azure-AsyncOperation URL (resource provider contract, async-api-reference.md). */
const ASYNC_OPERATION_STATUS = {
  type: "object",
  required: ["status"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    status: { type: "string" },
    startTime: { type: "string", format: "date-time" },
    endTime: { type: "string", format: "date-time" },
    percentComplete: { type: "number", minimum: 0, maximum: 100 },
    properties: { type: "object" },
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" } },
    },
  },
};

/**
 * ARM's error envelope, which every resource provider must answer errors with (resource provider contract,
 * common-api-details.md, "Error Response Content"). Some specs describe errors otherwise: network's
 * privateEndpoint.json points `default` at a flat `Error` ({code, message}) while the service, like all of ARM,
 * wraps it in `error`. An error body in ARM's envelope is therefore accepted whatever the spec's `default` says.
 */
const ARM_ERROR = {
  type: "object",
  required: ["error"],
  additionalProperties: false,
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        target: { type: "string" },
        details: { type: "array" },
        additionalInfo: { type: "array" },
      },
    },
  },
};

const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
// ajv-formats is CommonJS: under NodeNext the default import is its module.exports, which also carries `default`.
addFormats.default(ajv);
// Azure's own string formats (autorest); arm-id values are resource ids.
ajv.addFormat("arm-id", /^\/subscriptions\//i);
ajv.addFormat("duration", /^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/);
const statusValidator = ajv.compile(ASYNC_OPERATION_STATUS);
const armErrorValidator = ajv.compile(ARM_ERROR);

const compiled = new Map<string, ValidateFunction>();

async function validatorFor(
  op: Operation,
  slot: string,
  pick: (loaded: LoadedOperation) => Json | undefined,
) {
  const key = `${op.file}#${op.method}${op.template}#${slot}`;
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  const loaded = await loadOperation(op);
  const schema = pick(loaded);
  if (schema === undefined) return undefined;
  const mode: Mode = slot === "request" ? "request" : "response";
  const translator = new SchemaTranslator(mode, subtypesFor(loaded.doc));
  const root = translator.use(schema);
  const validate = ajv.compile({ ...root, $defs: translator.defs });
  compiled.set(key, validate);
  return validate;
}

const subtypeCache = new WeakMap<object, Map<object, Polymorphism>>();
function subtypesFor(doc: Json): Map<object, Polymorphism> {
  let index = subtypeCache.get(doc);
  if (index === undefined) {
    index = subtypeIndex((doc.definitions ?? {}) as Record<string, Json>);
    subtypeCache.set(doc, index);
  }
  return index;
}

async function loadOperation(op: Operation): Promise<LoadedOperation> {
  const doc = await loadSpec(op.file);
  const item = (doc.paths as Record<string, Json>)[op.template] as Json;
  const operation = item[op.method.toLowerCase()] as Json;
  const parameters = [...((item.parameters ?? []) as Json[]), ...((operation.parameters ?? []) as Json[])];
  return { op: operation, parameters, doc };
}

const parameterValidators = new WeakMap<object, ValidateFunction>();
function parameterValidator(parameter: Json): ValidateFunction {
  let validate = parameterValidators.get(parameter);
  if (validate === undefined) {
    validate = ajv.compile(new SchemaTranslator("request", new Map()).use(parameter));
    parameterValidators.set(parameter, validate);
  }
  return validate;
}

// ---- Checking exchanges ----

function queryOf(exchange: CheckedExchange): Map<string, string> {
  const query = new Map<string, string>();
  const fromPath = exchange.path.split("?")[1];
  if (fromPath !== undefined) for (const [k, v] of new URLSearchParams(fromPath)) query.set(k, v);
  if (typeof exchange.query === "string") {
    for (const [k, v] of new URLSearchParams(exchange.query)) query.set(k, v);
  } else {
    for (const [k, v] of Object.entries(exchange.query)) {
      const first = typeof v === "string" ? v : v?.[0];
      if (first !== undefined) query.set(k, first);
    }
  }
  return query;
}

function bodyOf(body: unknown): unknown {
  if (typeof body !== "string") return body;
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function header(exchange: CheckedExchange, name: string): string | undefined {
  for (const [k, v] of Object.entries(exchange.responseHeaders)) {
    if (k.toLowerCase() !== name) continue;
    return Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  }
  return undefined;
}

function pathOfUrl(url: string): string {
  return new URL(url, "http://base.invalid").pathname.toLowerCase();
}

function ajvViolations(
  errors: readonly ErrorObject[] | null | undefined,
  base: Omit<SpecViolation, "pointer" | "message">,
): SpecViolation[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== "if" && !(e.keyword === "allOf" || e.keyword === "$ref"))
    .map((e) => ({
      ...base,
      pointer: e.instancePath,
      message:
        e.keyword === "unevaluatedProperties"
          ? `property "${String(e.params.unevaluatedProperty)}" is not in the spec`
          : `${e.message ?? e.keyword}${e.keyword === "enum" ? `: ${JSON.stringify(e.params.allowedValues)}` : ""}`,
    }));
}

/** The operation an exchange is, or why none is: the longest literal match wins (`…/ALL` over `…/{recordType}`). */
async function resolveOperation(
  exchange: CheckedExchange,
  apiVersion: string | undefined,
  nearestVersion = false,
): Promise<{ op: Operation; params: Record<string, string>; nearest?: true } | { problem: string }> {
  operationIndex ??= indexOperations();
  const segments = decodeSegments(exchange.path);
  const matching = (await operationIndex)
    .filter((op) => op.method === exchange.method.toUpperCase())
    .map((op) => ({ op, params: matchTemplate(op, segments) }))
    .filter((m): m is { op: Operation; params: Record<string, string> } => m.params !== undefined);
  // Generic templates such as resources.json's `/{resourceId}` would match any path; they are never what is meant.
  const specific = matching.filter((m) => literalCount(m.op) > 0);
  if (specific.length === 0)
    return { problem: "no operation in the vendored specs has this method and path" };
  const ofVersion = specific.filter((m) => m.op.apiVersion === apiVersion);
  if (ofVersion.length === 0 && nearestVersion && apiVersion !== undefined) {
    // The most literal template first, then its nearest version: a version of the addressed operation that is not
    // vendored (private DNS 2018-09-01) must not fall to a generic template of another provider's nearer spec
    // (resources.json's `/{resourceProviderNamespace}/{parentResourcePath}/{resourceType}/{resourceName}`).
    const mostLiteral = Math.max(...specific.map((m) => literalCount(m.op)));
    const candidates = specific.filter((m) => literalCount(m.op) === mostLiteral);
    const versions = [...new Set(candidates.map((m) => m.op.apiVersion))].sort();
    const nearest = versions.filter((v) => v <= apiVersion).at(-1) ?? versions[0];
    const match = candidates.find((m) => m.op.apiVersion === nearest);
    if (match !== undefined) return { ...match, nearest: true };
  }
  if (ofVersion.length === 0) {
    const known = [...new Set(specific.map((m) => m.op.apiVersion))].sort().join(", ");
    return {
      problem: `api-version ${apiVersion ?? "(missing)"} is not a version the vendored specs define for ${specific[0]?.op.operationId} (known: ${known})`,
    };
  }
  ofVersion.sort((a, b) => literalCount(b.op) - literalCount(a.op));
  return ofVersion[0] as { op: Operation; params: Record<string, string> };
}

async function checkOperation(
  exchange: CheckedExchange,
  op: Operation,
  params: Record<string, string>,
  query: Map<string, string>,
): Promise<SpecViolation[]> {
  const where = `${exchange.method.toUpperCase()} ${exchange.path.split("?")[0]}`;
  const base = { exchange: where, operationId: op.operationId };
  const violations: SpecViolation[] = [];
  const loaded = await loadOperation(op);

  for (const p of loaded.parameters) {
    const name = p.name as string;
    if (p.in === "path" || p.in === "query") {
      const value = p.in === "path" ? params[name] : query.get(name);
      const part = p.in === "path" ? "path" : "query";
      if (value === undefined) {
        if (p.required === true)
          violations.push({ ...base, part, pointer: `/${name}`, message: "is required" });
        continue;
      }
      const check = parameterValidator(p);
      // ARM reads a path without regard to case, an enumerated segment too (az sends the record type `a`).
      const enumerated = Array.isArray(p.enum) ? (p.enum as unknown[]) : [];
      const spelled =
        p.in === "path"
          ? (enumerated.find((e) => typeof e === "string" && e.toLowerCase() === value.toLowerCase()) as
              | string
              | undefined)
          : undefined;
      const typed =
        p.type === "integer" || p.type === "number"
          ? Number(value)
          : p.type === "boolean"
            ? value === "true"
            : (spelled ?? value);
      if (!check(typed))
        violations.push(
          ...ajvViolations(check.errors, { ...base, part }).map((v) => ({ ...v, pointer: `/${name}` })),
        );
    }
  }

  const bodyParam = loaded.parameters.find((p) => p.in === "body");
  const requestBody = bodyOf(exchange.requestBody);
  if (bodyParam !== undefined) {
    if (requestBody === undefined) {
      if (bodyParam.required === true) {
        violations.push({ ...base, part: "request body", pointer: "", message: "a body is required" });
      }
    } else {
      const validate = await validatorFor(op, "request", () => bodyParam.schema as Json);
      if (validate !== undefined && !validate(requestBody)) {
        violations.push(...ajvViolations(validate.errors, { ...base, part: "request body" }));
      }
    }
  }

  violations.push(...(await checkResponse(exchange, op, base)));
  return violations;
}

async function checkResponse(
  exchange: CheckedExchange,
  op: Operation,
  base: { exchange: string; operationId: string },
): Promise<SpecViolation[]> {
  const loaded = await loadOperation(op);
  const responses = loaded.op.responses as Record<string, Json>;
  const status = String(exchange.status);
  const slot = responses[status] !== undefined ? status : exchange.status >= 400 ? "default" : undefined;
  const response = slot === undefined ? undefined : responses[slot];
  if (slot === undefined || response === undefined) {
    const declared = Object.keys(responses).join(", ");
    return [
      {
        ...base,
        part: "response",
        pointer: "",
        message: `status ${status} is not declared (declared: ${declared})`,
      },
    ];
  }
  if (response.schema === undefined) return [];
  const body = bodyOf(exchange.responseBody);
  if (exchange.status >= 400 && armErrorValidator(body)) return [];
  if (body === undefined) {
    return [{ ...base, part: "response", pointer: "", message: `status ${status} must have a body` }];
  }
  const validate = await validatorFor(op, `response ${slot}`, () => response.schema as Json);
  if (validate === undefined || validate(body)) return [];
  return ajvViolations(validate.errors, { ...base, part: "response" });
}

/**
 * Places where a vendored spec contradicts what ARM really sends. Each is waived only for its operation and
 * message, and names where the contradiction is recorded.
 */
const KNOWN_SPEC_DEFECTS: readonly {
  operationId: string;
  pointer: string;
  message: string;
  source: string;
}[] = [
  {
    // SubscriptionListResult marks nextLink required, but ARM omits it on the last page.
    operationId: "Subscriptions_List",
    pointer: "",
    message: "must have required property 'nextLink'",
    source: "Azure/azure-rest-api-specs#17621, Azure/azure-sdk-for-rust#650",
  },
  {
    // QueryResponse.data is typed `object`, but an objectArray result is a JSON array: the spec's own example says so.
    operationId: "Resources",
    pointer: "/data",
    message: "must be object",
    source:
      "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/stable/2024-04-01/examples/ResourcesBasicQuery.json",
  },
];

function isKnownSpecDefect(violation: SpecViolation): boolean {
  return KNOWN_SPEC_DEFECTS.some(
    (d) =>
      d.operationId === violation.operationId &&
      d.pointer === violation.pointer &&
      d.message === violation.message,
  );
}

export interface CheckOptions {
  /**
   * A request the sandbox refused with a 4xx may itself break the spec (a test sends a bad body, an unknown
   * api-version or path on purpose, to see it refused): its request is then not checked, but its answer must still
   * be ARM's error envelope. Requests that were served are always checked.
   */
  readonly allowRefusedRequests?: boolean;
  /**
   * A published api-version whose spec is not vendored (the sandbox serves every published one) is checked against
   * the vendored version of the same operation nearest below it (else the oldest above): the sandbox's answers do
   * not change with the version, and a field it sends that the version lacks is then still caught.
   */
  readonly nearestVersion?: boolean;
  /** Counts what was checked how, for the run's report. */
  readonly tally?: TrafficTally;
}

/** How the exchanges of a check were checked. */
export interface TrafficTally {
  /** Matched to an operation of their own api-version, request and answer checked. */
  exact: number;
  /** Matched to the same operation of a vendored neighbour version (see nearestVersion). */
  nearest: number;
  /** Answers to long-running operations' status and Location URLs (ARM's async contract). */
  polls: number;
  /** Refused with a 4xx: the answer checked, the request not necessarily. */
  refused: number;
  /** Matched to nothing: each is also a violation. */
  unmatched: number;
}

/**
 * Providers the sandbox serves without a vendored spec, whose exchanges are not checked against one: none now. Key
 * Vault, DNS Private Resolver and Data Protection (Backup vaults) are checked against the excerpts vendored in
 * spec/azure (README.md, "Excerpt" sections). A provider added to the sandbox before its spec is vendored goes here,
 * and the run's report counts its exchanges as unchecked.
 */
const UNVENDORED_PROVIDERS: readonly string[] = [];

export function isUnvendoredProvider(path: string): boolean {
  const lower = path.toLowerCase();
  return UNVENDORED_PROVIDERS.some((p) => lower.includes(p));
}

/**
 * Checks exchanges in the order they happened (a polling URL is recognised from an earlier response's header).
 * Returns every violation found; an empty list means all traffic conforms.
 */
export async function checkExchanges(
  exchanges: readonly CheckedExchange[],
  options: CheckOptions = {},
): Promise<SpecViolation[]> {
  const monitors = new Map<string, { kind: "async" | "location"; origin: Operation | undefined }>();
  const violations: SpecViolation[] = [];
  for (const exchange of exchanges) {
    const query = queryOf(exchange);
    const where = `${exchange.method.toUpperCase()} ${exchange.path.split("?")[0]}`;
    const resolved = await resolveOperation(
      exchange,
      query.get("api-version"),
      options.nearestVersion === true,
    );
    const monitor = monitors.get(pathOfUrl(exchange.path));
    const refused = options.allowRefusedRequests === true && exchange.status >= 400 && exchange.status < 500;
    const tally = options.tally;
    if (tally !== undefined) {
      if (refused) tally.refused++;
      else if ("op" in resolved) tally[resolved.nearest ? "nearest" : "exact"]++;
      else if (monitor !== undefined && exchange.method.toUpperCase() === "GET") tally.polls++;
      else tally.unmatched++;
    }
    let origin: Operation | undefined;
    if (refused && !("op" in resolved)) {
      if (!armErrorValidator(bodyOf(exchange.responseBody))) {
        violations.push(
          ...ajvViolations(armErrorValidator.errors, {
            exchange: where,
            operationId: undefined,
            part: "response",
          }),
        );
      }
    } else if ("op" in resolved) {
      origin = resolved.op;
      const found = await checkOperation(exchange, resolved.op, resolved.params, query);
      violations.push(...(refused ? found.filter((v) => v.part === "response") : found));
    } else if (monitor !== undefined && exchange.method.toUpperCase() === "GET") {
      violations.push(...(await checkMonitor(exchange, monitor, where)));
      origin = monitor.origin;
    } else {
      violations.push({
        exchange: where,
        operationId: undefined,
        part: "operation",
        pointer: "",
        message: resolved.problem,
      });
    }
    const asyncUrl = header(exchange, "azure-asyncoperation");
    const locationUrl = header(exchange, "location");
    if (asyncUrl !== undefined) monitors.set(pathOfUrl(asyncUrl), { kind: "async", origin });
    if (locationUrl !== undefined && exchange.status === 202) {
      monitors.set(pathOfUrl(locationUrl), { kind: "location", origin });
    }
  }
  return violations.filter((v) => !isKnownSpecDefect(v));
}

async function checkMonitor(
  exchange: CheckedExchange,
  monitor: { kind: "async" | "location"; origin: Operation | undefined },
  where: string,
): Promise<SpecViolation[]> {
  const base = { exchange: where, operationId: monitor.origin?.operationId };
  if (monitor.kind === "async") {
    if (exchange.status !== 200) return [];
    if (statusValidator(bodyOf(exchange.responseBody))) return [];
    return ajvViolations(statusValidator.errors, { ...base, part: "response" });
  }
  if (exchange.status === 202 || monitor.origin === undefined) return [];
  return checkResponse(exchange, monitor.origin, { ...base, operationId: monitor.origin.operationId });
}

/** One line per violation, for assertion messages. */
export function describeViolations(violations: readonly SpecViolation[]): string {
  return violations
    .map((v) => `${v.exchange} [${v.operationId ?? "?"}] ${v.part}${v.pointer}: ${v.message}`)
    .join("\n");
}
