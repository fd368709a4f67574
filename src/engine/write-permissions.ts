import { type BuiltInRole, roleAdviceFor } from "../core/permissions.js";
import type { Action, Write } from "./action.js";

/** One ARM action a write performs, and the id ARM checks it on. */
export interface RequiredAction {
  readonly action: string;
  readonly scope: string;
}

/** The actions ARM checks for a write: on the resource itself and on what it references (linked checks). */
export function actionsFor(write: Write): RequiredAction[] {
  switch (write.resource) {
    case "privateEndpoint": {
      const { request } = write;
      return [
        { action: "Microsoft.Network/privateEndpoints/write", scope: request.id },
        { action: "Microsoft.Network/virtualNetworks/subnets/join/action", scope: request.subnetId },
        // An auto-approved connection is approved by the caller, on the vault (Private Link RBAC permissions).
        ...(request.approval.kind === "auto"
          ? [
              {
                action: "Microsoft.RecoveryServices/vaults/privateEndpointConnectionsApproval/action",
                scope: request.vaultId,
              },
            ]
          : []),
      ];
    }
    case "privateDnsZone":
      return [{ action: "Microsoft.Network/privateDnsZones/write", scope: write.request.id }];
    case "virtualNetworkLink":
      return [
        { action: "Microsoft.Network/privateDnsZones/virtualNetworkLinks/write", scope: write.request.id },
        { action: "Microsoft.Network/virtualNetworks/join/action", scope: write.request.virtualNetworkId },
      ];
    case "privateDnsZoneGroup": {
      const { request } = write;
      return [
        {
          action: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write",
          scope: `${request.privateEndpointId}/privateDnsZoneGroups/${request.name}`,
        },
        ...request.zones.map((zone) => ({
          action: "Microsoft.Network/privateDnsZones/join/action",
          scope: zone.privateDnsZoneId,
        })),
      ];
    }
    case "vaultPublicNetworkAccess":
      return [{ action: "Microsoft.RecoveryServices/vaults/write", scope: write.vaultId }];
    case "securityRule":
      return [
        {
          action: "Microsoft.Network/networkSecurityGroups/securityRules/write",
          scope: `${write.request.networkSecurityGroupId}/securityRules/${write.request.rule.name}`,
        },
      ];
  }
}

/** A role assignment the writes need: one role at one scope, and the actions it covers there. */
export interface NeededRole {
  readonly roles: readonly [BuiltInRole, ...BuiltInRole[]];
  readonly assignAt: string;
  readonly assignAtLabel: string;
  readonly actions: readonly string[];
}

/**
 * The role assignments the create and update actions need, one per (role, scope), in the order the actions
 * first need them. What apply says before writing; whether the caller holds them, ARM says at each write.
 */
export function rolesNeededBy(actions: readonly Action[]): NeededRole[] {
  const needed = new Map<
    string,
    { roles: NeededRole["roles"]; assignAt: string; label: string; actions: Set<string> }
  >();
  for (const action of actions) {
    // A waiting write is made later (by the next apply, or approve): its role is needed all the same.
    if (action.kind !== "create" && action.kind !== "update" && action.kind !== "waiting") continue;
    for (const required of actionsFor(action.write)) {
      const advice = roleAdviceFor(required.action, required.scope);
      if (advice === undefined) continue;
      const key = `${advice.roles.join("|")}\n${advice.assignAt.toLowerCase()}`;
      const entry = needed.get(key) ?? {
        roles: advice.roles,
        assignAt: advice.assignAt,
        label: advice.assignAtLabel,
        actions: new Set<string>(),
      };
      entry.actions.add(required.action);
      needed.set(key, entry);
    }
  }
  return [...needed.values()].map((entry) => ({
    roles: entry.roles,
    assignAt: entry.assignAt,
    assignAtLabel: entry.label,
    actions: [...entry.actions],
  }));
}
