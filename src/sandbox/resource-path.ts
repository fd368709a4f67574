/**
 * Sandbox-local reading of ARM resource ids. ARM compares every literal segment and every name
 * case-insensitively, so ids are keyed by their lower-cased form and served in their stored casing.
 */

export interface ResourceIdParts {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly namespace: string;
  /** `Microsoft.Network/virtualNetworks/subnets` for a subnet id. */
  readonly type: string;
  readonly name: string;
  /** The id of the enclosing resource for a nested one, else undefined. */
  readonly parentId: string | undefined;
}

/** The key a resource is stored under: ARM ids are case-insensitive. */
export function idKey(id: string): string {
  return id.toLowerCase();
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

const RESOURCE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i;

/** Parses a resource-group-scoped resource id; undefined when it is not one. */
export function parseResourceId(id: string): ResourceIdParts | undefined {
  const match = RESOURCE_ID.exec(id);
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, namespace, rest] = match;
  if (!subscriptionId || !resourceGroup || !namespace || !rest) return undefined;
  const segments = rest.split("/");
  if (segments.length % 2 !== 0 || segments.some((s) => s === "")) return undefined;
  const types: string[] = [];
  for (let i = 0; i < segments.length; i += 2) types.push(segments[i] as string);
  const name = segments[segments.length - 1] as string;
  const parentId =
    segments.length > 2 ? id.slice(0, id.length - name.length - 1).replace(/\/[^/]+$/, "") : undefined;
  return {
    subscriptionId,
    resourceGroup,
    namespace,
    type: `${namespace}/${types.join("/")}`,
    name,
    parentId,
  };
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}
