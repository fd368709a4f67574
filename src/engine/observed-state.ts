import type {
  NetworkSecurityGroup,
  PolicyAssignment,
  PrivateDnsZone,
  PrivateDnsZoneGroup,
  PrivateEndpoint,
  Subnet,
  Vault,
  VaultPrivateLinkResource,
  VirtualNetwork,
  VirtualNetworkLink,
} from "../core/inventory.js";
import type { NetworkPathState } from "./read-network-paths.js";
import type { VaultFacts } from "./vault-eligibility.js";

/**
 * What the engine saw in Azure for one plan: only the resources the plan touches or depends on. A resource that
 * does not exist is simply absent. Ids are compared without regard to case, as ARM does.
 */
export interface ObservedState extends NetworkPathState {
  readonly vault: Vault | undefined;
  /** How many items are protected in the vault; a vault with protected items takes no new backup endpoint. */
  readonly protectedItems: number;
  /**
   * What else the vault-level rules read (read-vault-facts.ts): registered servers, the CMK's key vault, and the
   * provider's registration in the vault's subscription and each endpoint's.
   */
  readonly prerequisites: Pick<VaultFacts, "registeredContainers" | "keyVault" | "providerRegistrations">;
  readonly subnets: readonly Subnet[];
  /** The VNets of those subnets: an endpoint's region must be its VNet's. */
  readonly virtualNetworks: readonly VirtualNetwork[];
  /** The vault's private link resources: per group id, the zones Azure Backup says its names live in. */
  readonly privateLinkResources: readonly VaultPrivateLinkResource[];
  /** The endpoints found at the ids the plan's endpoints will have. */
  readonly privateEndpoints: readonly PrivateEndpoint[];
  /** The endpoints behind the vault's existing private endpoint connections (they count toward the 12). */
  readonly vaultEndpoints: readonly PrivateEndpoint[];
  /** Every endpoint in the resource groups of the vault's endpoints: v1 left storage endpoints beside them. */
  readonly endpointsNearVaultEndpoints: readonly PrivateEndpoint[];
  /** Zone groups of those endpoints. */
  readonly zoneGroups: readonly PrivateDnsZoneGroup[];
  /** Zones found in the plan's zone resource group (all of them, so wrongly named zones can be spotted). */
  readonly zones: readonly PrivateDnsZone[];
  /** Virtual network links of the zones the plan needs. */
  readonly links: readonly VirtualNetworkLink[];
  readonly networkSecurityGroups: readonly NetworkSecurityGroup[];
  /**
   * Policy assignments over the endpoints' subscriptions, read for a plan with policy-managed zone groups (empty for
   * other plans); undefined when ARM refused to list them.
   */
  readonly policyAssignments: readonly PolicyAssignment[] | undefined;
}

/** Looks resources up by id, ignoring case. */
export class ResourceIndex<T extends { readonly id: string }> {
  private readonly byId: ReadonlyMap<string, T>;

  constructor(resources: readonly T[]) {
    this.byId = new Map(resources.map((resource) => [resource.id.toLowerCase(), resource]));
  }

  get(id: string): T | undefined {
    return this.byId.get(id.toLowerCase());
  }
}
