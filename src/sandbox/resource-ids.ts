/**
 * ARM resource ids as the sandbox needs them: compared, split and built. The sandbox has its own few lines for
 * this rather than the product's parser, so that it stays a second opinion on what the product sends.
 *
 * Shapes (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#resourceid):
 *   /subscriptions/{sub}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/{childType}/{childName}]...
 */

/** ARM compares ids and names case-insensitively (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules). */
export function sameResourceId(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A resource's id split into its parts; `fullType` is e.g. `Microsoft.Network/virtualNetworks/subnets`. */
export interface ResourceIdParts {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string | undefined;
  readonly fullType: string;
  readonly name: string;
  /** The id one `{type}/{name}` step up: a subnet's VNet, a top-level resource's group. */
  readonly parentId: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;

/** The parts of a provider resource's id, or what is wrong with it. */
export function parseResourceId(input: string): ResourceIdParts | { readonly problem: string } {
  const id = input.trim();
  const parts = id.split("/").slice(1);
  if (!id.startsWith("/") || parts.some((p) => p === ""))
    return { problem: `"${id}" is not an ARM id: it must be /subscriptions/… with no empty segment` };
  const [keyword, subscriptionId, ...rest] = parts;
  if (keyword?.toLowerCase() !== "subscriptions" || !GUID.test(subscriptionId ?? ""))
    return { problem: `"${id}" is not an ARM id: it must start with /subscriptions/<GUID>` };
  let resourceGroup: string | undefined;
  let below = rest;
  if (rest[0]?.toLowerCase() === "resourcegroups" && rest[1] !== undefined) {
    resourceGroup = rest[1];
    below = rest.slice(2);
  }
  const [providers, namespace, ...pairs] = below;
  if (providers?.toLowerCase() !== "providers" || !NAMESPACE.test(namespace ?? "") || pairs.length === 0)
    return { problem: `"${id}" is not the id of a resource: it has no /providers/<Namespace>/<type>/<name>` };
  if (pairs.length % 2 !== 0 || pairs.some((p, i) => i % 2 === 0 && p.toLowerCase() === "providers"))
    return { problem: `"${id}" is not the id of a resource: each resource type needs a name after it` };
  const types = pairs.filter((_, i) => i % 2 === 0);
  return {
    id,
    subscriptionId: subscriptionId as string,
    resourceGroup,
    fullType: [namespace, ...types].join("/"),
    name: pairs.at(-1) as string,
    parentId: `/${parts.slice(0, pairs.length === 2 ? -4 : -2).join("/")}`,
  };
}

/** `/subscriptions/{sub}[/resourceGroups/{rg}]`. */
export function scopeId(subscriptionId: string, resourceGroup?: string): string {
  return `/subscriptions/${subscriptionId}${resourceGroup === undefined ? "" : `/resourceGroups/${resourceGroup}`}`;
}
