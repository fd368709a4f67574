import { parseResourceId, sameResourceId } from "../core/arm-id.js";
import { backupGroupIdOf } from "../core/backup-connections.js";
import type { Finding } from "../core/findings.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { SECONDARY_ENDPOINT_CODES } from "../core/rules/secondary-region.js";
import { type Action, type ActionPlan, SOURCE_ENGINE, type Write } from "./action.js";
import { type DesiredEndpoint, type DesiredState, desiredStateOf } from "./desired-state.js";
import { entraIdRuleActions } from "./entra-id-rule-action.js";
import { type ObservedState, ResourceIndex } from "./observed-state.js";
import { operationFailed, operationInProgress } from "./operations-in-progress.js";

/**
 * What an existing resource needs, by its last operation: in progress (wait, then decide again), Failed (send the
 * planned write again), or the action the caller made from comparing it (Succeeded).
 */
function inProgressAction(
  base: Omit<Action, "kind">,
  existing: { readonly provisioningState: string | undefined },
  write: Write,
): Action {
  return { ...base, kind: "inProgress", write, state: existing.provisioningState ?? "unknown" };
}

function byOperationState(
  base: Omit<Action, "kind">,
  existing: { readonly provisioningState: string | undefined },
  write: Write,
  compared: () => Action,
  retryable = true,
): Action {
  if (operationInProgress(existing)) return inProgressAction(base, existing, write);
  if (retryable && operationFailed(existing)) return retryOfFailed(base, write, existing.provisioningState);
  return compared();
}

/** The update that retries a failed resource's planned write. */
function retryOfFailed(
  base: Omit<Action, "kind">,
  write: Write,
  state: string | undefined,
): Action & { readonly kind: "update" } {
  return {
    ...base,
    kind: "update",
    write,
    changes: [{ field: "properties.provisioningState", before: state ?? "unknown", after: "Succeeded" }],
  };
}

function subnetLabel(subnetId: string): string {
  const parsed = parseResourceId(subnetId);
  return parsed.kind === "resource" ? parsed.segments.map((s) => s.name).join("/") : subnetId;
}

function endpointFindings(
  endpoint: DesiredEndpoint,
  findings: readonly Finding[],
  vaultId: string,
): Finding[] {
  const secondary = endpoint.plan.groupId === "AzureBackup_secondary";
  return findings.filter(
    (finding) =>
      finding.severity === "block" &&
      (secondary || !SECONDARY_ENDPOINT_CODES.has(finding.code)) &&
      (finding.subject === undefined ||
        sameResourceId(finding.subject, vaultId) ||
        sameResourceId(finding.subject, endpoint.plan.subnetId) ||
        sameResourceId(finding.subject, endpoint.request.id)),
  );
}

function endpointAction(
  endpoint: DesiredEndpoint,
  observed: ObservedState,
  findings: readonly Finding[],
  vaultId: string,
): Action {
  const { request } = endpoint;
  const base = {
    id: request.id,
    resource: "privateEndpoint",
    description: `private endpoint ${endpoint.plan.name} (${endpoint.plan.groupId}) in ${subnetLabel(request.subnetId)}`,
    dependsOn: [],
  } as const;
  const existing = new ResourceIndex(observed.privateEndpoints).get(request.id);
  if (existing !== undefined) {
    const conflicts: Finding[] = [];
    if (!sameResourceId(existing.subnetId, request.subnetId)) {
      conflicts.push({
        severity: "block",
        code: "endpoint-exists-in-other-subnet",
        message: `Private endpoint ${endpoint.plan.name} already exists in ${subnetLabel(existing.subnetId)}; the plan puts it in ${subnetLabel(request.subnetId)}.`,
        fix: "Give the planned endpoint another name, or move it yourself: vaultlink never moves or replaces an existing endpoint.",
        source: SOURCE_ENGINE,
        subject: request.id,
      });
    }
    const connection = existing.connection;
    if (
      connection === undefined ||
      !sameResourceId(connection.targetId, request.vaultId) ||
      backupGroupIdOf(connection) !== request.groupId
    ) {
      conflicts.push({
        severity: "block",
        code: "endpoint-exists-for-other-target",
        message: `Private endpoint ${endpoint.plan.name} already exists but connects to ${connection === undefined ? "nothing" : `${connection.targetId} (${connection.groupIds.join(", ")})`}, not to this vault's ${request.groupId}.`,
        fix: "Give the planned endpoint another name: vaultlink never replaces an endpoint it did not create for this vault.",
        source: SOURCE_ENGINE,
        subject: request.id,
      });
    }
    if (conflicts.length > 0) return { ...base, kind: "blocked", findings: conflicts };
    const write: Write = { resource: "privateEndpoint", request };
    return byOperationState(base, existing, write, () => ({ ...base, kind: "noChange", write }));
  }
  const blockers = endpointFindings(endpoint, findings, vaultId);
  if (new ResourceIndex(observed.subnets).get(request.subnetId) === undefined) {
    blockers.push({
      severity: "block",
      code: "subnet-not-found",
      message: `Subnet ${request.subnetId} does not exist (or you may not read it).`,
      fix: "Check the subnet id in the plan, or re-plan with the wizard against today's network.",
      source: SOURCE_ENGINE,
      subject: request.subnetId,
    });
  }
  return blockers.length > 0
    ? { ...base, kind: "blocked", findings: blockers }
    : { ...base, kind: "create", write: { resource: "privateEndpoint", request } };
}

function zoneActions(desired: DesiredState, observed: ObservedState): Action[] {
  const zones = new ResourceIndex(observed.zones);
  return desired.zones.map((zone): Action => {
    const base = {
      id: zone.id,
      resource: "privateDnsZone",
      description: `private DNS zone ${zone.name}`,
      dependsOn: [],
    } as const;
    const existing = zones.get(zone.id);
    const write: Write = { resource: "privateDnsZone", request: { id: zone.id } };
    if (existing === undefined) return { ...base, kind: "create", write };
    return byOperationState(base, existing, write, () => ({ ...base, kind: "noChange", write }));
  });
}

function linkActions(desired: DesiredState, observed: ObservedState): Action[] {
  return desired.links.map((link): Action => {
    const zoneId = link.id.replace(/\/virtualNetworkLinks\/[^/]+$/i, "");
    const zoneName = parseResourceId(zoneId).name;
    const vnetName = parseResourceId(link.virtualNetworkId).name;
    const description = `link of ${zoneName} to ${vnetName}`;
    const linksOfZone = observed.links.filter((l) => sameResourceId(l.zoneId, zoneId));
    // Any existing link of this zone to the VNet will do, whatever its name: a VNet can be linked to a zone once.
    const existing = linksOfZone.find((l) => sameResourceId(l.virtualNetworkId, link.virtualNetworkId));
    if (existing !== undefined) {
      const found = {
        id: existing.id,
        resource: "virtualNetworkLink",
        description,
        dependsOn: [zoneId],
      } as const;
      // The link as it is, under its own name and with its own auto-registration: an export must not change it.
      const asItIs: Write = {
        resource: "virtualNetworkLink",
        request: {
          id: existing.id,
          virtualNetworkId: existing.virtualNetworkId,
          registrationEnabled: existing.registrationEnabled,
        },
      };
      // Only the plan's own link is retried: another one may carry settings (auto-registration) of its owner.
      const own = sameResourceId(existing.id, link.id);
      return byOperationState(
        found,
        existing,
        own ? { resource: "virtualNetworkLink", request: link } : asItIs,
        () => ({ ...found, kind: "noChange", write: asItIs }),
        own,
      );
    }
    const base = { id: link.id, resource: "virtualNetworkLink", description, dependsOn: [zoneId] } as const;
    const taken = linksOfZone.find((l) => sameResourceId(l.id, link.id));
    if (taken !== undefined) {
      return {
        ...base,
        kind: "blocked",
        findings: [
          {
            severity: "block",
            code: "link-name-taken",
            message: `Zone ${zoneName} already has a link named ${parseResourceId(link.id).name}, to ${taken.virtualNetworkId}.`,
            fix: "Remove or rename that link yourself; vaultlink never overwrites a link it did not make.",
            source: SOURCE_ENGINE,
            subject: link.id,
          },
        ],
      };
    }
    return { ...base, kind: "create", write: { resource: "virtualNetworkLink", request: link } };
  });
}

function zoneGroupActions(
  desired: DesiredState,
  observed: ObservedState,
  findings: readonly Finding[],
): Action[] {
  return desired.zoneGroups.map((group): Action => {
    const id = `${group.privateEndpointId}/privateDnsZoneGroups/${group.name}`;
    const endpointName = parseResourceId(group.privateEndpointId).name;
    const dependsOn = [group.privateEndpointId, ...group.zones.map((z) => z.privateDnsZoneId)];
    // What blocks the endpoint blocks its records too: a zone group must not write them into a zone its names
    // do not live in (endpoint-placement rules), even when the endpoint itself exists already.
    const blockers = findings.filter(
      (f) =>
        f.severity === "block" &&
        f.subject !== undefined &&
        (sameResourceId(f.subject, group.privateEndpointId) || sameResourceId(f.subject, id)),
    );
    if (blockers.length > 0) {
      return {
        id,
        resource: "privateDnsZoneGroup",
        description: `DNS zone group of ${endpointName}`,
        dependsOn,
        kind: "blocked",
        findings: blockers,
      };
    }
    const existing = observed.zoneGroups.find((g) =>
      sameResourceId(g.privateEndpointId, group.privateEndpointId),
    );
    if (existing === undefined) {
      return {
        id,
        resource: "privateDnsZoneGroup",
        description: `DNS zone group of ${endpointName}`,
        dependsOn,
        kind: "create",
        write: { resource: "privateDnsZoneGroup", request: group },
      };
    }
    const base = {
      id: existing.id,
      resource: "privateDnsZoneGroup",
      description: `DNS zone group of ${endpointName}`,
      dependsOn,
    } as const;
    // An operation still running may be changing the group's zones: what it holds is known once it has ended.
    if (operationInProgress(existing))
      return inProgressAction(base, existing, { resource: "privateDnsZoneGroup", request: group });
    const missing = group.zones.filter(
      (zone) => !existing.zones.some((z) => sameResourceId(z.privateDnsZoneId, zone.privateDnsZoneId)),
    );
    if (missing.length === 0) {
      if (operationFailed(existing) && sameResourceId(existing.id, id))
        return retryOfFailed(
          base,
          { resource: "privateDnsZoneGroup", request: group },
          existing.provisioningState,
        );
      // The group as it is (its name, every zone it holds): an export that wrote only the planned zones would
      // drop the others.
      const write: Write = {
        resource: "privateDnsZoneGroup",
        request: { privateEndpointId: group.privateEndpointId, name: existing.name, zones: existing.zones },
      };
      return { ...base, kind: "noChange", write };
    }
    return {
      ...base,
      kind: "blocked",
      findings: [
        {
          severity: "block",
          code: "zone-group-lacks-zones",
          message: `Endpoint ${endpointName} already has zone group ${existing.name}, without ${missing.map((z) => parseResourceId(z.privateDnsZoneId).name).join(", ")}.`,
          fix: "Add those zones to the endpoint's zone group yourself (portal: the endpoint's DNS configuration), or remove the group so vaultlink can create it; vaultlink never overwrites a zone group it did not make.",
          source: SOURCE_ENGINE,
          subject: existing.id,
        },
      ],
    };
  });
}

/**
 * When apply makes the Deny: only once the private path works, as far as vaultlink can see it. Otherwise clients
 * that still reach the vault publicly are cut off; a pipeline must never do that (apply.ts checks it).
 */
function denyCondition(desired: DesiredState): string {
  const records =
    desired.zones.length > 0 ? ", their records are in the private DNS zones (zone groups)" : "";
  return `only after every planned endpoint is Approved and provisioned${records} and, with --dns-server, their names resolve privately through it; held until then, and the next apply (or approve) makes it`;
}

function publicAccessAction(
  desired: DesiredState,
  observed: ObservedState,
  after: readonly Action[],
): Action[] {
  const vault = observed.vault;
  if (desired.publicNetworkAccess === "unchanged" || vault === undefined) return [];
  const base = {
    id: vault.id,
    resource: "vaultPublicNetworkAccess",
    description: `public network access of vault ${vault.name}`,
    // Last, once every other write of the plan is done: denying public access earlier would cut clients off.
    dependsOn: after.map((a) => a.id),
  } as const;
  const write = { resource: "vaultPublicNetworkAccess", vaultId: vault.id, access: "Disabled" } as const;
  const condition = denyCondition(desired);
  // Another change to the vault still running may be changing its public access too: known once it has ended.
  if (operationInProgress(vault)) return [inProgressAction({ ...base, condition }, vault, write)];
  if (vault.publicNetworkAccess === "Disabled") return [{ ...base, kind: "noChange", write }];
  // A manual connection is Pending until the vault's owner approves it: its endpoint carries no traffic yet, so
  // Deny now would cut those clients off. Deny waits, and the next apply (once approved) makes it.
  const unapproved = desired.endpoints.filter((endpoint) => {
    if (endpoint.plan.approval !== "manual") return false;
    const connection = vault.privateEndpointConnections.find((c) =>
      sameResourceId(c.privateEndpointId, endpoint.request.id),
    );
    return connection?.status !== "Approved";
  });
  if (unapproved.length > 0)
    return [
      {
        ...base,
        condition,
        kind: "waiting",
        write,
        reason: `Deny waits until the vault's owner approves ${unapproved.map((e) => e.plan.name).join(", ")} (manual approval): until then those endpoints carry no traffic, and Deny would cut their clients off. Run apply again once approved.`,
      },
    ];
  return [
    {
      ...base,
      condition,
      kind: "update",
      write,
      changes: [
        { field: "properties.publicNetworkAccess", before: vault.publicNetworkAccess, after: "Disabled" },
      ],
    },
  ];
}

/** An action whose dependency is blocked cannot run either; it says which one stops it. */
function propagateBlocks(actions: readonly Action[]): Action[] {
  const byId = new Map(actions.map((action) => [action.id.toLowerCase(), action]));
  const resolved = new Map<string, Action>();
  const visit = (action: Action): Action => {
    const key = action.id.toLowerCase();
    const done = resolved.get(key);
    if (done !== undefined) return done;
    const blockedBy = action.dependsOn
      .map((id) => byId.get(id.toLowerCase()))
      .filter((dependency): dependency is Action => dependency !== undefined)
      .map(visit)
      .filter((dependency) => dependency.kind === "blocked");
    const result: Action =
      action.kind === "blocked" || blockedBy.length === 0 || action.kind === "noChange"
        ? action
        : {
            id: action.id,
            resource: action.resource,
            description: action.description,
            dependsOn: action.dependsOn,
            kind: "blocked",
            findings: blockedBy.map((dependency) => ({
              severity: "block" as const,
              code: "depends-on-blocked-action",
              message: `Waits for ${dependency.description}, which is blocked.`,
              fix: `Resolve what blocks ${dependency.description} first.`,
              source: "vaultlink: actions run in dependency order",
              subject: action.id,
            })),
          };
    resolved.set(key, result);
    return result;
  };
  return actions.map(visit);
}

/**
 * The actions that make Azure match a plan, given what was observed and the prerequisite findings. Pure: no I/O,
 * so the dry run, apply and tests compute exactly the same list. Order: endpoints, zones, links, zone groups,
 * then public network access; `dependsOn` says what must finish first.
 */
export function planActions(plan: Plan, observed: ObservedState, findings: readonly Finding[]): ActionPlan {
  const desired = desiredStateOf(plan);
  const endpoints = desired.endpoints.map((endpoint) =>
    endpointAction(endpoint, observed, findings, plan.vault.id),
  );
  const dns = [
    ...zoneActions(desired, observed),
    ...linkActions(desired, observed),
    ...zoneGroupActions(desired, observed, findings),
  ];
  const actions = [...endpoints, ...dns, ...entraIdRuleActions(plan, observed)];
  return {
    actions: propagateBlocks([...actions, ...publicAccessAction(desired, observed, actions)]),
    findings,
  };
}
