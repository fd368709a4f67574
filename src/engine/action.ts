import type { Finding } from "../core/findings.js";
import type {
  PrivateDnsZoneGroupRequest,
  PrivateDnsZoneRequest,
  PrivateEndpointRequest,
  SecurityRuleRequest,
  VirtualNetworkLinkRequest,
} from "../core/inventory.js";

/** The source named by findings the engine itself raises about what it will not do. */
export const SOURCE_ENGINE = "vaultlink: never replaces or deletes a resource it did not plan";

/** The write an action makes, in core request types: what the Azure adapter takes. */
export type Write =
  | { readonly resource: "privateEndpoint"; readonly request: PrivateEndpointRequest }
  | { readonly resource: "privateDnsZone"; readonly request: PrivateDnsZoneRequest }
  | { readonly resource: "virtualNetworkLink"; readonly request: VirtualNetworkLinkRequest }
  | { readonly resource: "privateDnsZoneGroup"; readonly request: PrivateDnsZoneGroupRequest }
  | { readonly resource: "vaultPublicNetworkAccess"; readonly vaultId: string; readonly access: "Disabled" }
  | { readonly resource: "securityRule"; readonly request: SecurityRuleRequest };

export type ResourceKind = Write["resource"];

/** One field an update changes, shown as before -> after. */
export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

interface ActionBase {
  /** The ARM id of the resource the action touches; unique within a plan's actions. */
  readonly id: string;
  readonly resource: ResourceKind;
  /** A short human name, e.g. `private endpoint pe-rsv-prod-hub (vnet-hub/snet-pe)`. */
  readonly description: string;
  /** Ids of the actions that must finish first (zone before link, endpoint before zone group, ...). */
  readonly dependsOn: readonly string[];
  /**
   * What must hold when the write's turn comes, checked by apply right before it is made (public access Deny:
   * the private path works). When it does not hold, the write is held, not failed, and the next apply makes it.
   * Every view prints it, so the dry run shows the ordering.
   */
  readonly condition?: string;
}

/**
 * What applying a plan does to one resource. Like Terraform's plan, a value computed by a pure function from the
 * plan and what was observed; dry run prints it, apply carries it out.
 */
export type Action =
  | (ActionBase & { readonly kind: "create"; readonly write: Write })
  | (ActionBase & {
      readonly kind: "update";
      readonly write: Write;
      readonly changes: readonly FieldChange[];
    })
  /**
   * Azure already matches the plan. The write is what would make it so from nothing (for a resource found under
   * another name, that resource as it is): `export --all` writes the whole setup the plan describes from it.
   */
  | (ActionBase & { readonly kind: "noChange"; readonly write: Write })
  /**
   * A write that must not happen yet and is not an error: public access Deny while a manual connection waits for the
   * vault owner's approval (cutting public access first would leave clients with no path). Apply skips it and says
   * why; the next apply, once approved, makes it.
   */
  | (ActionBase & { readonly kind: "waiting"; readonly write: Write; readonly reason: string })
  /**
   * An operation on the resource is still running (a non-terminal provisioningState, e.g. an interrupted earlier
   * apply's write still in flight): neither done nor failed yet. Apply waits for it to end, then decides again
   * (Succeeded: compared as usual; Failed: `write` is sent again); the dry run shows it as in progress.
   */
  | (ActionBase & { readonly kind: "inProgress"; readonly write: Write; readonly state: string })
  | (ActionBase & { readonly kind: "blocked"; readonly findings: readonly Finding[] });

export type ActionKind = Action["kind"];

/** Actions and the findings that apply to the plan as a whole (the vault's prerequisites, say). */
export interface ActionPlan {
  readonly actions: readonly Action[];
  readonly findings: readonly Finding[];
}
