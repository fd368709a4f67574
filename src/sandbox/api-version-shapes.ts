import type { ApiFamily } from "./api-versions.js";
import shapes from "./data/properties-by-api-version.json" with { type: "json" };

/**
 * A resource provider answers each api-version in that version's shape: a property added later is left out of its
 * answers to older clients (az CLI 2.45 and Debian's Python SDK send network 2022-07-01 and older). The sandbox
 * stores resources in the newest shape and removes, per answer, what data/properties-by-api-version.json lists as
 * absent from the version asked for. Versions are `YYYY-MM-DD[-preview]`, so they compare as strings.
 */
interface AbsentProperty {
  readonly family: string;
  readonly path: readonly string[];
  readonly absentUpTo: string;
}

const ABSENT: readonly AbsentProperty[] = shapes.properties;

function without(resource: unknown, path: readonly string[]): unknown {
  if (resource === null || typeof resource !== "object" || Array.isArray(resource)) return resource;
  const [head, ...rest] = path;
  if (head === undefined || !(head in resource)) return resource;
  const copy: Record<string, unknown> = { ...(resource as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(copy[head], rest);
  return copy;
}

/** `body` (one resource, or a list page `{ value: [...] }`) as the provider answers `apiVersion`; never mutated. */
export function shapeForApiVersion(family: ApiFamily, apiVersion: string, body: unknown): unknown {
  const absent = ABSENT.filter((p) => p.family === family && apiVersion <= p.absentUpTo);
  if (absent.length === 0 || body === null || typeof body !== "object") return body;
  const shape = (resource: unknown) => absent.reduce((r, p) => without(r, p.path), resource);
  const value = (body as { value?: unknown }).value;
  return Array.isArray(value) ? { ...body, value: value.map(shape) } : shape(body);
}
