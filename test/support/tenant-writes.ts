/**
 * Whether a logged sandbox request can change the tenant: PUT, PATCH, DELETE and POST actions do, but a Resource
 * Graph query is a POST that only reads (resourcegraph.json, operation `Resources`).
 */
export function changesTenant(entry: { readonly method: string; readonly path: string }): boolean {
  if (entry.method === "POST" && /^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(entry.path))
    return false;
  return ["PUT", "PATCH", "POST", "DELETE"].includes(entry.method);
}
