/**
 * Bad plans made from a good one, deterministically from a seed: each mutation breaks the plan in one way a
 * person or a script could (a truncated file, a wrong type, an unknown field, a huge value, odd unicode, a
 * malformed id, a wrong group id, a duplicate endpoint, an unknown region).
 */
export interface PlanMutation {
  readonly kind: string;
  readonly text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** mulberry32: small and seeded, so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

/** Every path to a value in the document (objects and arrays included), root excluded. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function objectPaths(value: Json): (string | number)[][] {
  return [[], ...paths(value)].filter((path) => {
    const node = at(value, path);
    return node !== null && typeof node === "object" && !Array.isArray(node);
  });
}

function at(value: Json, path: readonly (string | number)[]): Json {
  let node = value;
  for (const key of path) node = (node as Record<string | number, Json>)[key] as Json;
  return node;
}

function set(value: Json, path: readonly (string | number)[], replacement: Json): void {
  const parent = at(value, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path.at(-1) as string | number] = replacement;
}

const WRONG_VALUES: readonly Json[] = [42, -1, 3.14, true, false, null, [], {}, [1, 2], { a: 1 }, "", "x"];
const ODD_TEXT = [
  "pe-😀-backup",
  "pe-\u202e-backup",
  "pe-e\u0301-backup",
  "pe\u0000backup",
  "пе-резерв",
  "pe backup",
  "pe/backup",
  "-pe-backup",
  "pe-backup.",
];
const BAD_IDS = [
  "not-an-id",
  "/subscriptions//resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
  "/subscriptions/production/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg",
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv",
  "subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
];

/** One mutation of `original` (a valid plan's text). */
export function mutatePlan(original: string, random: () => number): PlanMutation {
  const plan = JSON.parse(original) as Json;
  const kind = pick(random, [
    "truncated",
    "wrongType",
    "unknownField",
    "hugeString",
    "hugeArray",
    "oddName",
    "malformedId",
    "wrongGroupId",
    "duplicateEndpoint",
    "unknownRegion",
    "missingField",
    "notAnObject",
  ]);
  const endpoints = (plan as { endpoints: Json[] }).endpoints as { [key: string]: Json }[];
  const endpoint = pick(random, endpoints);
  switch (kind) {
    case "truncated":
      return { kind, text: original.slice(0, Math.floor(random() * (original.length - 1))) };
    case "wrongType": {
      const path = pick(
        random,
        paths(plan).filter((p) => p[0] !== "$schema" && p[0] !== "observed"),
      );
      const current = at(plan, path);
      const replacement = pick(
        random,
        WRONG_VALUES.filter(
          (v) => typeof v !== typeof current || Array.isArray(v) !== Array.isArray(current),
        ),
      );
      set(plan, path, replacement);
      return { kind, text: JSON.stringify(plan) };
    }
    case "unknownField": {
      const path = pick(
        random,
        objectPaths(plan).filter((p) => !p.includes("facts")),
      );
      (at(plan, path) as Record<string, Json>)[
        pick(random, ["token", "password", "extra", "Name", "clientSecret"])
      ] = "x";
      return { kind, text: JSON.stringify(plan) };
    }
    case "hugeString":
      endpoint[pick(random, ["name", "subnetId", "location"])] = "a".repeat(
        100_000 + Math.floor(random() * 1000),
      );
      return { kind, text: JSON.stringify(plan) };
    case "hugeArray":
      (plan as { endpoints: Json[] }).endpoints = Array.from({ length: 10_000 }, (_, i) => ({
        ...endpoint,
        name: `pe-${i}`,
      }));
      return { kind, text: JSON.stringify(plan) };
    case "oddName":
      endpoint.name = pick(random, ODD_TEXT);
      return { kind, text: JSON.stringify(plan) };
    case "malformedId":
      if (random() < 0.5) endpoint.subnetId = pick(random, BAD_IDS);
      else (plan as { vault: { [key: string]: Json } }).vault.id = pick(random, BAD_IDS);
      return { kind, text: JSON.stringify(plan) };
    case "wrongGroupId":
      endpoint.groupId = pick(random, [
        "AzureSiteRecovery",
        "azurebackup",
        "blob",
        "AzureBackupSecondary",
        "",
      ]);
      return { kind, text: JSON.stringify(plan) };
    case "duplicateEndpoint":
      endpoints.push({
        ...endpoint,
        name: random() < 0.5 ? String(endpoint.name) : String(endpoint.name).toUpperCase(),
      });
      return { kind, text: JSON.stringify(plan) };
    case "unknownRegion":
      if (random() < 0.5)
        endpoint.location = pick(random, ["westeurop", "Europe West", "mars-north", "eastus9"]);
      else
        (plan as { vault: { [key: string]: Json } }).vault.location = pick(random, ["westeurop", "EU", "?"]);
      return { kind, text: JSON.stringify(plan) };
    case "missingField": {
      const path = pick(
        random,
        paths(plan).filter(
          (p) =>
            typeof p.at(-1) === "string" &&
            p[0] !== "$schema" &&
            !p.includes("facts") &&
            p.at(-1) !== "zoneResourceGroupId",
        ),
      );
      const parent = at(plan, path.slice(0, -1)) as Record<string, Json>;
      delete parent[path.at(-1) as string];
      return { kind, text: JSON.stringify(plan) };
    }
    default:
      return { kind, text: pick(random, ["[]", "null", "42", '"plan"', "true"]) };
  }
}
