import { actionOf, SANDBOX_CLIENT_ID, SANDBOX_OBJECT_ID } from "./authorization.js";
import { ArmError } from "./errors.js";
import { perStoreMap, type ResourceStore } from "./store.js";

/**
 * The deny assignments a deployment stack puts on the resources it manages (its `denySettings`): `denyDelete` refuses
 * every delete of a managed resource (and of anything holding it, such as its resource group), `denyWriteAndDelete`
 * writes too; `applyToChildScopes` extends both to the resources under a managed one; `excludedActions` are let
 * through. ARM answers a refused request with 403 `DenyAssignmentAuthorizationFailed`, even for a caller whose roles
 * allow the action. Source: https://learn.microsoft.com/azure/azure-resource-manager/bicep/deployment-stacks#protect-managed-resources
 * and https://learn.microsoft.com/azure/role-based-access-control/deny-assignments.
 */
export interface DenyAssignment {
  readonly id: string;
  readonly name: string;
  readonly mode: "denyDelete" | "denyWriteAndDelete";
  readonly applyToChildScopes: boolean;
  readonly excludedActions: readonly string[];
  /** The managed resources' ids. */
  readonly scopes: readonly string[];
}

const assignmentsOf = perStoreMap<string, DenyAssignment>();

/** Puts (or, with undefined, removes) the deny assignment a stack holds. */
export function setStackDenyAssignment(
  store: ResourceStore,
  stackId: string,
  assignment: DenyAssignment | undefined,
): void {
  if (assignment === undefined) assignmentsOf(store).delete(stackId.toLowerCase());
  else assignmentsOf(store).set(stackId.toLowerCase(), assignment);
}

function under(path: string, scope: string): boolean {
  return path.startsWith(`${scope}/`);
}

function matchesAction(action: string, pattern: string): boolean {
  const a = action.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith("*/")) return a.endsWith(p.slice(1));
  return p.endsWith("*") ? a.startsWith(p.slice(0, -1)) : a === p;
}

/** Throws ARM's 403 when a deny assignment covers the request (a client's; the stacks' own engine is not checked). */
export function checkDenyAssignments(store: ResourceStore, method: string, path: string): void {
  const map = assignmentsOf(store);
  if (map.size === 0) return;
  const deletes = method === "DELETE";
  const writes = method === "PUT" || method === "PATCH";
  if (!deletes && !writes) return;
  const target = path.replace(/\/+$/, "").toLowerCase();
  const { action, scope } = actionOf(method, path);
  for (const assignment of map.values()) {
    if (writes && assignment.mode !== "denyWriteAndDelete") continue;
    if (assignment.excludedActions.some((excluded) => matchesAction(action, excluded))) continue;
    const hit = assignment.scopes.find((id) => {
      const protectedId = id.toLowerCase();
      return (
        target === protectedId ||
        (deletes && under(protectedId, target)) ||
        (assignment.applyToChildScopes && under(target, protectedId))
      );
    });
    if (hit !== undefined) {
      throw new ArmError(
        403,
        "DenyAssignmentAuthorizationFailed",
        `The client '${SANDBOX_CLIENT_ID}' with object id '${SANDBOX_OBJECT_ID}' has permission to perform action '${action}' on scope '${scope}'; however, the access is denied because of the deny assignment with name '${assignment.name}' and Id '${assignment.id}' at scope '${hit}'.`,
      );
    }
  }
}
