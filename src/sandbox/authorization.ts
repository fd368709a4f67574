import { ArmError } from "./errors.js";
import { SandboxInputError } from "./sandbox-error.js";

/**
 * A caller without some role: every request whose ARM action matches `action` over a scope under `scope` is
 * refused with 403, as ARM refuses it. `action` is a whole action (`Microsoft.Network/privateEndpoints/write`)
 * or ends in `*` (`Microsoft.Network/privateDnsZones/*`); `scope` is an id prefix ("/" for everywhere).
 */
export interface DeniedAction {
  readonly action: string;
  readonly scope: string;
}

/** The identity the sandbox says a refused request came from; fixed, so messages are reproducible. */
export const SANDBOX_CLIENT_ID = "sandbox-user@contoso.example";
export const SANDBOX_OBJECT_ID = "9c3e1f0a-5b2d-4e8f-a1c7-0d6b4f2e8a13";

interface Check {
  readonly action: string;
  readonly scope: string;
}

function objectAt(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function idsAt(value: unknown): string[] {
  return Array.isArray(value)
    ? value.map((item) => objectAt(item).id).filter((id): id is string => typeof id === "string")
    : [];
}

/**
 * The ARM action a request performs and the scope it is checked on: the resource type from the path's
 * `{type}/{name}` pairs after the last `providers/{namespace}`, and the verb from the method (GET read, PUT and
 * PATCH write, DELETE delete, POST `<name>/action`). A list is a read of its type over the parent scope.
 * Source: https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations
 */
export function actionOf(method: string, path: string): Check {
  const parts = path.split("/").filter((p) => p !== "");
  const verb = method === "GET" || method === "HEAD" ? "read" : method === "DELETE" ? "delete" : "write";
  const postAction = method === "POST" ? parts.pop() : undefined;
  const providers = parts.map((p) => p.toLowerCase()).lastIndexOf("providers");
  let type: string;
  let scopeParts: string[];
  if (providers >= 0 && parts[providers + 1] !== undefined) {
    const rest = parts.slice(providers + 2);
    const types = rest.filter((_, i) => i % 2 === 0);
    type = [parts[providers + 1], ...types].join("/");
    // A list's scope is its parent: the subscription or resource group for a top-level type.
    scopeParts =
      rest.length === 1 ? parts.slice(0, providers) : rest.length % 2 === 1 ? parts.slice(0, -1) : parts;
  } else {
    // /subscriptions, /subscriptions/{id}, /subscriptions/{id}/resourceGroups[/{name}]
    const types = parts.filter((_, i) => i % 2 === 0);
    type = ["Microsoft.Resources", ...types].join("/");
    scopeParts = parts.length % 2 === 1 ? parts.slice(0, -1) : parts;
  }
  const action = postAction === undefined ? `${type}/${verb}` : `${type}/${postAction}/action`;
  return { action, scope: `/${scopeParts.join("/")}` };
}

/**
 * What ARM also checks on the resources a write references (linked access checks): joining the subnet of a new
 * endpoint, approving its connection when it asks for automatic approval, joining the zones of a zone group and
 * the VNet of a zone link. Source: https://learn.microsoft.com/azure/private-link/rbac-permissions and
 * https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links.
 */
function linkedChecks(action: string, body: unknown): Check[] {
  const properties = objectAt(objectAt(body).properties);
  switch (action.toLowerCase()) {
    case "microsoft.network/privateendpoints/write": {
      const subnet = objectAt(properties.subnet).id;
      const approvals = Array.isArray(properties.privateLinkServiceConnections)
        ? properties.privateLinkServiceConnections
            .map((c) => objectAt(objectAt(c).properties).privateLinkServiceId)
            .filter((id): id is string => typeof id === "string")
            .map((id) => ({
              action: "Microsoft.RecoveryServices/vaults/privateEndpointConnectionsApproval/action",
              scope: id,
            }))
        : [];
      return [
        ...(typeof subnet === "string"
          ? [{ action: "Microsoft.Network/virtualNetworks/subnets/join/action", scope: subnet }]
          : []),
        ...approvals,
      ];
    }
    case "microsoft.network/privateendpoints/privatednszonegroups/write":
      return (Array.isArray(properties.privateDnsZoneConfigs) ? properties.privateDnsZoneConfigs : [])
        .map((config) => objectAt(objectAt(config).properties).privateDnsZoneId)
        .filter((id): id is string => typeof id === "string")
        .map((scope) => ({ action: "Microsoft.Network/privateDnsZones/join/action", scope }));
    case "microsoft.network/privatednszones/virtualnetworklinks/write":
      return idsAt([properties.virtualNetwork]).map((scope) => ({
        action: "Microsoft.Network/virtualNetworks/join/action",
        scope,
      }));
    default:
      return [];
  }
}

function underScope(scope: string, prefix: string): boolean {
  const s = scope.toLowerCase();
  const p = prefix.toLowerCase().replace(/\/+$/, "");
  return p === "" || s === p || s.startsWith(`${p}/`);
}

function matchesAction(action: string, pattern: string): boolean {
  const a = action.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith("*") ? a.startsWith(p.slice(0, -1)) : a === p;
}

/** The caller's missing permissions, checked on each request before it is served. */
export class AccessPolicy {
  constructor(private readonly denied: readonly DeniedAction[]) {}

  private isDenied(check: Check): boolean {
    return this.denied.some((d) => matchesAction(check.action, d.action) && underScope(check.scope, d.scope));
  }

  /** Throws ARM's 403 (AuthorizationFailed, or LinkedAuthorizationFailed for a referenced resource). */
  check(method: string, path: string, body: unknown): void {
    if (this.denied.length === 0) return;
    const own = actionOf(method, path);
    if (this.isDenied(own)) {
      throw new ArmError(
        403,
        "AuthorizationFailed",
        `The client '${SANDBOX_CLIENT_ID}' with object id '${SANDBOX_OBJECT_ID}' does not have authorization to perform action '${own.action}' over scope '${own.scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    const linked = linkedChecks(own.action, body).filter((c) => this.isDenied(c));
    if (linked.length > 0) {
      throw new ArmError(
        403,
        "LinkedAuthorizationFailed",
        `The client '${SANDBOX_CLIENT_ID}' with object id '${SANDBOX_OBJECT_ID}' has permission to perform action '${own.action}' on scope '${own.scope}'; however, it does not have permission to perform action(s) '${linked.map((c) => c.action).join(",")}' on the linked scope(s) '${linked.map((c) => c.scope).join(",")}' (respectively) or the linked scope(s) are invalid.`,
      );
    }
  }
}

const HINT =
  "Give ACTION or ACTION@SCOPE, e.g. Microsoft.Network/privateEndpoints/write@/subscriptions/<id>/resourceGroups/rg-net (ACTION may end in *).";

/** Parses a `--deny` value: `ACTION` (everywhere) or `ACTION@SCOPE`. */
export function parseDeniedAction(text: string): DeniedAction {
  const at = text.indexOf("@");
  const action = (at < 0 ? text : text.slice(0, at)).trim();
  const scope = at < 0 ? "/" : text.slice(at + 1).trim();
  if (!/^(\*|[\w.]+\/[\w./*]+)$/.test(action)) {
    throw new SandboxInputError(`--deny: "${action}" is not an ARM action.`, { hint: HINT });
  }
  if (!scope.startsWith("/")) {
    throw new SandboxInputError(`--deny: the scope "${scope}" is not an ARM id.`, { hint: HINT });
  }
  return { action, scope };
}
