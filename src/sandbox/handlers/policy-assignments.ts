import { listReply, requireSubscription } from "../arm-resource.js";
import type { Route } from "../context.js";
import { ArmError } from "../errors.js";
import type { ArmResource } from "../state.js";

/**
 * Policy assignments, listed for a subscription (PolicyAssignments_List, Microsoft.Authorization 2025-03-01; the
 * vendored excerpt of policyAssignments.json). The state file holds assignments at resource-group scope
 * (`/subscriptions/…/resourceGroups/…/providers/Microsoft.Authorization/policyAssignments/NAME`), served with the
 * `scope` ARM derives from the id. Without $filter the list holds every assignment in the subscription, as ARM's
 * does; `atScope()` and `atExactScope()` keep those at the subscription itself (none here), and
 * `policyDefinitionId eq '…'` those of one definition.
 */
export const POLICY_ASSIGNMENT_TYPE = "Microsoft.Authorization/policyAssignments";

/** An assignment as its GET answers it (and as Resource Graph's `policyresources` row holds it). */
export function presentAssignment(assignment: ArmResource): ArmResource {
  const scope = assignment.id.replace(
    /\/providers\/Microsoft\.Authorization\/policyAssignments\/[^/]+$/i,
    "",
  );
  const { location: _location, etag: _etag, ...rest } = assignment;
  return {
    ...rest,
    ...(assignment.location === undefined ? {} : { location: assignment.location }),
    properties: {
      enforcementMode: "Default",
      notScopes: [],
      parameters: {},
      ...assignment.properties,
      scope,
    },
  };
}

function filtered(assignments: readonly ArmResource[], filter: string | null): ArmResource[] {
  if (filter === null || filter.trim() === "") return [...assignments];
  const text = filter.trim();
  if (/^atScope\(\)$/i.test(text) || /^atExactScope\(\)$/i.test(text)) return [];
  const definition = /^policyDefinitionId eq '([^']+)'$/i.exec(text)?.[1];
  if (definition !== undefined)
    return assignments.filter(
      (a) => String(a.properties?.policyDefinitionId ?? "").toLowerCase() === definition.toLowerCase(),
    );
  throw new ArmError(
    400,
    "InvalidFilterInQueryString",
    `The filter '${text}' is not valid. Valid values for $filter are: 'atScope()', 'atExactScope()' or 'policyDefinitionId eq '{value}''.`,
  );
}

export const policyAssignmentRoutes: readonly Route[] = [
  {
    method: "GET",
    pattern: `/subscriptions/{subscriptionId}/providers/${POLICY_ASSIGNMENT_TYPE}`,
    family: "authorization.policyAssignments",
    kind: "read",
    handler: (ctx, p) => {
      requireSubscription(ctx, p.subscriptionId ?? "");
      const found = filtered(
        ctx.store.listByType(POLICY_ASSIGNMENT_TYPE, p.subscriptionId ?? ""),
        ctx.url.searchParams.get("$filter"),
      );
      return listReply(ctx, found.map(presentAssignment));
    },
  },
];
