import { parseResourceId, type ResourceId } from "./arm-id.js";
import { UserError } from "./user-error.js";

/**
 * Which Azure built-in role grants an ARM action vaultlink needs, and at which scope to assign it. Pure knowledge,
 * no I/O: the dry run lists what the writes will need, and a 403 from ARM is explained with the same table.
 *
 * Sources:
 * - Azure built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles): Network
 *   Contributor holds `Microsoft.Network/*`; Private DNS Zone Contributor holds `Microsoft.Network/privateDnsZones/*`
 *   and `Microsoft.Network/virtualNetworks/join/action`; Backup Contributor manages backup on a vault but cannot
 *   delete it or give access; Contributor holds `*` except access management.
 * - Azure Backup private endpoints, "Role-based access control" table
 *   (https://learn.microsoft.com/azure/backup/private-endpoints-overview#role-based-access-control and the v2 how-to
 *   https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage): Contributor on the
 *   vault's resource group, Network Contributor on the VNet's, Private DNS Zone Contributor on the zones'.
 * - Azure RBAC permissions for Private Link (https://learn.microsoft.com/azure/private-link/rbac-permissions):
 *   an endpoint needs `Microsoft.Network/privateEndpoints/write` and `…/virtualNetworks/subnets/join/action` on the
 *   subnet; an auto-approved connection also needs `…/privateEndpointConnectionsApproval/action` on the target.
 */
export const BUILT_IN_ROLES = {
  "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
  "Private DNS Zone Contributor": "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
  "Backup Contributor": "5e467623-bb1f-42f4-a55d-6e525e11384b",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** What to ask for: the least-privileged built-in role first, and the scope (an ARM id) to assign it at. */
export interface RoleAdvice {
  /** The ARM action, as ARM spells it in its message. */
  readonly action: string;
  /** Where the action is checked (a resource id); the assignment may be there or at any parent. */
  readonly scope: string;
  readonly roles: readonly [BuiltInRole, ...BuiltInRole[]];
  /** The smallest sensible scope to assign the role at: a resource group, a VNet, an NSG or a vault. */
  readonly assignAt: string;
  /** `resource group rg-dns`, `virtual network vnet-hub`: the assignment scope in words. */
  readonly assignAtLabel: string;
}

type ScopeChoice = "resourceGroup" | "virtualNetwork" | "resource";

interface RoleRule {
  /** Matched against the lower-cased action: a whole action, or a prefix ending in `/`. */
  readonly action: string;
  readonly roles: readonly [BuiltInRole, ...BuiltInRole[]];
  readonly assignAt: ScopeChoice;
}

/** First match wins, so the narrow rules come before the broad ones. */
const RULES: readonly RoleRule[] = [
  // Joining a subnet or a VNet is checked on the subnet or VNet (a "linked scope"), not where the new resource goes.
  {
    action: "microsoft.network/virtualnetworks/subnets/join/action",
    roles: ["Network Contributor"],
    assignAt: "virtualNetwork",
  },
  {
    action: "microsoft.network/virtualnetworks/join/action",
    roles: ["Network Contributor", "Private DNS Zone Contributor"],
    assignAt: "virtualNetwork",
  },
  {
    action: "microsoft.network/privatednszones/",
    roles: ["Private DNS Zone Contributor", "Network Contributor"],
    assignAt: "resourceGroup",
  },
  {
    action: "microsoft.network/networksecuritygroups/",
    roles: ["Network Contributor"],
    assignAt: "resource",
  },
  { action: "microsoft.network/", roles: ["Network Contributor"], assignAt: "resourceGroup" },
  // The vault PATCH (public network access), connection approval and the approval a new auto-approved endpoint
  // asks for: the Backup table says Contributor on the vault; Backup Contributor covers the vault's backup settings.
  {
    action: "microsoft.recoveryservices/vaults/",
    roles: ["Backup Contributor", "Contributor"],
    assignAt: "resource",
  },
];

const READ = /\/read$/i;

function parsed(scope: string): ResourceId | undefined {
  try {
    return parseResourceId(scope);
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

function assignmentScope(scope: string, choice: ScopeChoice): { id: string; label: string } {
  const id = parsed(scope);
  if (id === undefined || id.kind === "subscription") return { id: scope, label: scope };
  const resourceGroupId = `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}`;
  if (id.kind === "resourceGroup" || id.resourceGroup === undefined)
    return { id: resourceGroupId, label: `resource group ${id.resourceGroup ?? id.name}` };
  const top = id.segments[0];
  const topId = `${resourceGroupId}/providers/${id.provider}/${top.type}/${top.name}`;
  switch (choice) {
    case "resourceGroup":
      return { id: resourceGroupId, label: `resource group ${id.resourceGroup}` };
    case "virtualNetwork":
      return top.type.toLowerCase() === "virtualnetworks"
        ? { id: topId, label: `virtual network ${top.name}` }
        : { id: resourceGroupId, label: `resource group ${id.resourceGroup}` };
    case "resource":
      return { id: topId, label: `${top.type.replace(/s$/, "")} ${top.name}` };
  }
}

/**
 * The built-in role that grants `action` over `scope`, and where to assign it; undefined for an action vaultlink
 * has no advice for. Any read is granted by Reader (on the resource group).
 */
export function roleAdviceFor(action: string, scope: string): RoleAdvice | undefined {
  const lower = action.toLowerCase();
  const rule = READ.test(action)
    ? ({ action: lower, roles: ["Reader"], assignAt: "resourceGroup" } as const)
    : RULES.find((r) => (r.action.endsWith("/") ? lower.startsWith(r.action) : lower === r.action));
  if (rule === undefined) return undefined;
  const at = assignmentScope(scope, rule.assignAt);
  return { action, scope, roles: rule.roles, assignAt: at.id, assignAtLabel: at.label };
}

/** `Network Contributor`, `Backup Contributor or Contributor`. */
export function rolesInWords(advice: RoleAdvice): string {
  return advice.roles.join(" or ");
}

/** The az CLI line that grants the advice's first role to a principal (its object id, from ARM's message). */
export function roleAssignmentCommand(advice: RoleAdvice, principalObjectId: string): string {
  return `az role assignment create --assignee ${principalObjectId} --role "${advice.roles[0]}" --scope ${advice.assignAt}`;
}
