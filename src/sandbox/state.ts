import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { z } from "zod";
import { parseResourceId } from "./resource-ids.js";
import { SandboxInputError } from "./sandbox-error.js";
import { idKey } from "./store.js";

/**
 * The sandbox state file: plain JSON, subscriptions with their resource groups, and every resource in
 * ARM's own GET shape placed by its id, so a resource copied from `az … show -o json` or a recorded ARM
 * response drops in unchanged (issue 4, "state load/save"). Unknown properties are kept as they are.
 */
const resourceGroupSchema = z
  .object({
    name: z.string().regex(/^[-\w._()]{1,90}$/, "a resource group name: 1-90 letters, digits, _ - . ( )"),
    location: z.string().min(1),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .meta({ description: "A resource group, served as Microsoft.Resources/resourceGroups." });

const subscriptionSchema = z
  .object({
    subscriptionId: z.guid(),
    displayName: z.string().min(1),
    tenantId: z.guid(),
    resourceGroups: z.array(resourceGroupSchema),
    resourceProviders: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z][\w]*\.[\w.]+$/, "a resource provider namespace, e.g. Microsoft.RecoveryServices"),
        z.enum(["Registered", "Registering", "NotRegistered", "Unregistered", "Unregistering"]),
      )
      .optional()
      .meta({
        description:
          "Registration state per resource provider namespace (Providers_Get registrationState); a namespace not named here is Registered when the sandbox serves it, NotRegistered otherwise.",
      }),
  })
  .meta({ description: "A subscription, its resource groups and its resource providers' registration." });

const armResourceSchema = z
  .looseObject({
    id: z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+$/i),
    name: z.string().min(1),
    type: z.string().regex(/^[\w.]+(\/\w+)+$/),
    location: z.string().optional(),
    etag: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({
    description: "A resource exactly as ARM's GET returns it (id, name, type, location, etag, properties…).",
  });

export const sandboxStateSchema = z
  .object({
    $schema: z.string().optional(),
    subscriptions: z.array(subscriptionSchema),
    resources: z.array(armResourceSchema),
  })
  .superRefine((state, ctx) => {
    const groups = new Set<string>();
    for (const s of state.subscriptions) {
      for (const g of s.resourceGroups) groups.add(idKey(`${s.subscriptionId}/${g.name}`));
    }
    const seen = new Set<string>();
    state.resources.forEach((resource, index) => {
      const path = ["resources", index, "id"];
      const parts = parseResourceId(resource.id);
      if ("problem" in parts) {
        ctx.addIssue({ code: "custom", path, message: parts.problem });
        return;
      }
      if (parts.resourceGroup === undefined) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `"${resource.id}" is not a resource in a resource group`,
        });
        return;
      }
      if (!groups.has(idKey(`${parts.subscriptionId}/${parts.resourceGroup}`))) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `resource group "${parts.resourceGroup}" of subscription ${parts.subscriptionId} is not in "subscriptions"`,
        });
      }
      if (parts.name.toLowerCase() !== resource.name.toLowerCase()) {
        ctx.addIssue({
          code: "custom",
          path: ["resources", index, "name"],
          message: `name must be "${parts.name}"`,
        });
      }
      if (parts.fullType.toLowerCase() !== resource.type.toLowerCase()) {
        ctx.addIssue({
          code: "custom",
          path: ["resources", index, "type"],
          message: `type must be "${parts.fullType}"`,
        });
      }
      if (seen.has(idKey(resource.id))) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "the same id appears twice (ids are case-insensitive)",
        });
      }
      seen.add(idKey(resource.id));
    });
  });

export type SandboxState = z.infer<typeof sandboxStateSchema>;
export type ArmResource = SandboxState["resources"][number];
export type SandboxSubscription = SandboxState["subscriptions"][number];

/** A copy of `value` without null members, at any depth. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null)
      .map(([key, member]) => [key, withoutNulls(member)]),
  );
}

/**
 * Resources as ARM answered them, from resources as `az … show -o json` prints them: az adds `resourceGroup` and
 * prints null for each field of its model the service did not send (`"systemData": null`), neither of which ARM's
 * answer has (the specs mark those fields neither required nor nullable), so the sandbox would serve answers
 * that break the specs.
 */
function asServiceAnswers(value: unknown): unknown {
  if (
    value === null ||
    typeof value !== "object" ||
    !Array.isArray((value as { resources?: unknown }).resources)
  )
    return value;
  const state = value as { resources: unknown[] };
  return {
    ...state,
    resources: state.resources.map((resource) => {
      if (resource === null || typeof resource !== "object") return resource;
      const { resourceGroup: _fromAz, ...rest } = resource as Record<string, unknown>;
      return withoutNulls(rest);
    }),
  };
}

/** Parses and checks a state value; a SandboxInputError names the field and value that are wrong. */
export function parseSandboxState(value: unknown, source: string): SandboxState {
  const result = sandboxStateSchema.safeParse(asServiceAnswers(value));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join(".") ?? "";
  throw new SandboxInputError(
    `${source}: ${where === "" ? "" : `${where}: `}${issue?.message ?? "invalid state"}`,
    {
      hint: "The state file holds {subscriptions:[…], resources:[…]}; see schema/sandbox-state.json.",
    },
  );
}

export async function loadSandboxState(file: string): Promise<SandboxState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new SandboxInputError(`Cannot read the sandbox state file ${file}.`, {
      hint: "Check the path given to --state.",
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SandboxInputError(`${file} is not valid JSON: ${(cause as Error).message}`, {
      hint: "The state file is plain JSON; a file saved by the sandbox always loads.",
      cause,
    });
  }
  return parseSandboxState(json, file);
}

/** Writes atomically (temp file + rename) so a crash never leaves half a state file. */
export async function saveSandboxState(file: string, state: SandboxState): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, "utf8");
  await rename(temp, file);
}

/** The JSON Schema of the state file (what schema/sandbox-state.json holds). */
export function sandboxStateJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sandboxStateSchema, { io: "input", unrepresentable: "any" }),
    title: "vaultlink sandbox state",
  };
}
