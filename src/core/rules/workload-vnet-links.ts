import { parseResourceId, sameResourceId } from "../arm-id.js";
import type { Finding } from "../findings.js";
import type { VirtualNetwork } from "../inventory.js";
import { sameRegion } from "../regions.js";

/**
 * Workload VNets and the private DNS zones' links. A VNet that uses Azure-provided DNS resolves a privatelink zone
 * only when the zone is linked to it: links do not travel over peerings, so a spoke peered with a linked hub resolves
 * the vault's names publicly (https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration,
 * "Virtual network workloads without custom DNS server"). A spoke whose DNS servers are custom is left alone: it
 * resolves wherever those servers do (`vaultlink resolve` follows them).
 */
export interface WorkloadLinkFacts {
  /** The VNets the plan's endpoints go in. */
  readonly endpointVirtualNetworks: readonly VirtualNetwork[];
  /** The endpoint VNets and the VNets peered with them in the vault's region. */
  readonly workloadVirtualNetworks: readonly VirtualNetwork[];
  /** The VNets the plan links the zones to. Empty when the plan keeps no records in Azure Private DNS. */
  readonly linkedVirtualNetworkIds: readonly string[];
}

const SOURCE =
  "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration (virtual network workloads without a custom DNS server: the zone is linked to each VNet whose workloads resolve it; links do not travel over peerings)";

const nameOf = (id: string) => parseResourceId(id).name;

/** Workload VNets that would resolve the vault's names publicly because the plan does not link them. */
export function checkWorkloadVnetLinks(facts: WorkloadLinkFacts): Finding[] {
  if (facts.linkedVirtualNetworkIds.length === 0) return [];
  const linked = (id: string) => facts.linkedVirtualNetworkIds.some((l) => sameResourceId(l, id));
  const hubOnly = facts.linkedVirtualNetworkIds.every((l) =>
    facts.endpointVirtualNetworks.some((e) => sameResourceId(e.id, l)),
  );
  const linkedNames = facts.linkedVirtualNetworkIds.map(nameOf).join(", ");
  return facts.workloadVirtualNetworks
    .filter((vnet) => !facts.endpointVirtualNetworks.some((e) => sameResourceId(e.id, vnet.id)))
    .filter((vnet) => !linked(vnet.id) && vnet.dnsServers.length === 0)
    .map((vnet): Finding => {
      const peers = facts.endpointVirtualNetworks
        .filter((e) =>
          e.peerings.some(
            (p) => p.remoteVirtualNetworkId && sameResourceId(p.remoteVirtualNetworkId, vnet.id),
          ),
        )
        .map((e) => e.name);
      return {
        severity: "warn",
        code: "workload-vnet-not-linked",
        message: `${hubOnly ? `The plan links the private DNS zones to ${linkedNames} only, where the endpoints are. ` : ""}Workload VNet ${vnet.name} (${vnet.location}), peered with ${peers.join(", ") || "an endpoint VNet"}, uses Azure-provided DNS and is not linked: zone links do not travel over peerings, so its machines resolve the vault's names to public addresses and back up over the public endpoint (or not at all with public access denied).`,
        fix: `Link the zones to ${vnet.name} too: pick it among the VNets to link in the wizard's DNS step, or add ${vnet.id} to dns.extraLinkedVirtualNetworkIds in the plan. Or, if its machines should resolve through DNS servers in a linked VNet, set those as ${vnet.name}'s DNS servers.`,
        source: SOURCE,
        subject: vnet.id,
      };
    });
}

/** The ids of the VNets peered with the endpoint VNets, the endpoint VNets themselves left out. */
export function peeredVirtualNetworkIds(endpointVirtualNetworks: readonly VirtualNetwork[]): string[] {
  const ids = new Map<string, string>();
  for (const vnet of endpointVirtualNetworks)
    for (const peering of vnet.peerings) {
      const remote = peering.remoteVirtualNetworkId;
      if (remote === undefined || endpointVirtualNetworks.some((e) => sameResourceId(e.id, remote))) continue;
      ids.set(remote.toLowerCase(), remote);
    }
  return [...ids.values()];
}

/** A workload VNet the zones should be linked to, and the endpoint VNets it is peered with. */
export interface SuggestedZoneLink {
  readonly virtualNetworkId: string;
  readonly peeredWith: readonly string[];
}

/**
 * The zone links the wizard preselects: the VNets peered with the endpoint VNets (hub and spokes) in the vault's
 * region that use Azure-provided DNS, the ones {@link checkWorkloadVnetLinks} warns about when left out.
 */
export function suggestedZoneLinks(
  endpointVirtualNetworks: readonly VirtualNetwork[],
  knownVirtualNetworks: readonly VirtualNetwork[],
  vaultLocation: string,
): SuggestedZoneLink[] {
  return peeredVirtualNetworkIds(endpointVirtualNetworks).flatMap((id) => {
    const vnet = knownVirtualNetworks.find((v) => sameResourceId(v.id, id));
    if (vnet === undefined || !sameRegion(vnet.location, vaultLocation) || vnet.dnsServers.length > 0)
      return [];
    const peeredWith = endpointVirtualNetworks
      .filter((e) =>
        e.peerings.some((p) => p.remoteVirtualNetworkId && sameResourceId(p.remoteVirtualNetworkId, id)),
      )
      .map((e) => e.name);
    return [{ virtualNetworkId: vnet.id, peeredWith }];
  });
}
