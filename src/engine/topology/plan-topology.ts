import { parseResourceId } from "../../core/arm-id.js";
import type { Plan } from "../../core/plan/plan-schema.js";
import { desiredStateOf, virtualNetworkIdOf } from "../desired-state.js";

/** One endpoint as the picture shows it: its name, its sub-resource, and the subnet its address comes from. */
export interface TopologyEndpoint {
  readonly name: string;
  readonly groupId: string;
  readonly subnet: string;
}

/** A VNet the plan touches: one that holds endpoints, or one only linked to the zones. */
export interface TopologyNetwork {
  readonly id: string;
  readonly name: string;
  /** The endpoints' region for a VNet with endpoints; unknown (undefined) for a VNet only linked. */
  readonly region: string | undefined;
  readonly resourceGroup: string;
  readonly endpoints: readonly TopologyEndpoint[];
  /** Linked to the plan's private DNS zones. */
  readonly linked: boolean;
}

/**
 * What a plan sets up, as a picture rather than a list of actions: the vault and its regions, each VNet with its
 * subnets and endpoints, the private DNS zones and the VNets they are linked to, and how names resolve. Derived
 * from the same desired state apply uses, so the picture cannot disagree with what apply would do.
 */
export interface PlanTopology {
  readonly vault: { readonly name: string; readonly region: string; readonly secondaryRegion: string | null };
  readonly publicNetworkAccess: "deny" | "keep";
  readonly networks: readonly TopologyNetwork[];
  /** The Azure Private DNS zones the plan keeps records in, with their resource group; empty when it keeps none. */
  readonly zones: readonly string[];
  readonly zoneResourceGroup: string | undefined;
  /** How a client in one of these VNets resolves the vault's privatelink names, in a few words. */
  readonly resolution: string;
}

function resolutionOf(plan: Plan): string {
  const dns = plan.dns;
  switch (dns.strategy) {
    case "privateZones":
      return dns.zoneGroups === "create"
        ? "Azure DNS (168.63.129.16), which answers from the linked zones; zone groups keep the records current"
        : plan.endpoints.some((e) => e.groupId === "AzureBackup_secondary")
          ? "Azure DNS (168.63.129.16), which answers from the linked zones; Azure Policy adds the primary endpoints' zone groups, vaultlink the secondary's"
          : "Azure DNS (168.63.129.16), which answers from the linked zones; Azure Policy adds the zone groups";
    case "customDns":
      return `your DNS servers (${dns.serverKind}), which hold the records \`vaultlink dns PLAN\` writes`;
    case "hostsFile":
      return `hosts files (${dns.platform}) on each server, with the entries \`vaultlink dns PLAN\` writes`;
    case "conditionalForwarder":
      return `your DNS servers (${dns.serverKind}), which forward the privatelink zones to ${dns.forwardTo.join(", ")}`;
  }
}

export function planTopology(plan: Plan): PlanTopology {
  const desired = desiredStateOf(plan);
  const linked = new Set(desired.links.map((link) => link.virtualNetworkId.toLowerCase()));
  const networks = new Map<string, TopologyNetwork>();
  const networkOf = (id: string, region: string | undefined): TopologyNetwork => {
    const key = id.toLowerCase();
    const known = networks.get(key);
    if (known !== undefined) return known;
    const parsed = parseResourceId(id);
    const network: TopologyNetwork = {
      id,
      name: parsed.name,
      region,
      resourceGroup: parsed.kind === "subscription" ? "" : (parsed.resourceGroup ?? ""),
      endpoints: [],
      linked: linked.has(key),
    };
    networks.set(key, network);
    return network;
  };
  for (const endpoint of plan.endpoints) {
    const network = networkOf(virtualNetworkIdOf(endpoint.subnetId), endpoint.location);
    networks.set(network.id.toLowerCase(), {
      ...network,
      endpoints: [
        ...network.endpoints,
        { name: endpoint.name, groupId: endpoint.groupId, subnet: parseResourceId(endpoint.subnetId).name },
      ],
    });
  }
  for (const link of desired.links) networkOf(link.virtualNetworkId, undefined);
  return {
    vault: {
      name: parseResourceId(plan.vault.id).name,
      region: plan.vault.location,
      secondaryRegion: plan.secondaryRegion,
    },
    publicNetworkAccess: plan.guidance.publicNetworkAccess,
    networks: [...networks.values()],
    zones: desired.zones.map((zone) => zone.name),
    zoneResourceGroup:
      desired.zoneResourceGroupId === undefined
        ? undefined
        : parseResourceId(desired.zoneResourceGroupId).name,
    resolution: resolutionOf(plan),
  };
}
