import { type AzureAdapter, unlessUnreadable } from "../azure/adapter.js";
import { sameResourceId } from "../core/arm-id.js";
import type { NetworkSecurityGroup, RouteTable, Subnet, VirtualNetwork } from "../core/inventory.js";
import { sameRegion } from "../core/regions.js";
import { peeredVirtualNetworkIds } from "../core/rules/workload-vnet-links.js";
import { uniqueIds } from "./read-vault-facts.js";

/** What the network rules read around a plan's endpoints, besides the endpoints' own subnets and VNets. */
export interface NetworkPathState {
  /**
   * The VNets whose workloads use the endpoints: the endpoint VNets and the VNets peered with them (hub and spokes) in
   * the vault's region, as far as the signed-in identity can read them.
   */
  readonly workloadVirtualNetworks: readonly VirtualNetwork[];
  /** The NSGs of the endpoint subnets. */
  readonly endpointSecurityGroups: readonly NetworkSecurityGroup[];
  /** The route tables of the endpoint subnets and of the workload VNets' subnets. */
  readonly routeTables: readonly RouteTable[];
}

/** Subnets Azure keeps for one service: no workload runs in them. */
const SERVICE_SUBNETS = new Set([
  "gatewaysubnet",
  "azurefirewallsubnet",
  "azurefirewallmanagementsubnet",
  "azurebastionsubnet",
  "routeserversubnet",
]);

/**
 * The subnets of the workload VNets that may hold workloads: not the plan's endpoint subnets, not subnets other
 * private endpoints live in, not service subnets.
 */
export function workloadSubnetsOf(
  workloadVirtualNetworks: readonly VirtualNetwork[],
  endpointSubnetIds: readonly string[],
): Subnet[] {
  return workloadVirtualNetworks.flatMap((vnet) =>
    vnet.subnets.filter(
      (s) =>
        !SERVICE_SUBNETS.has(s.name.toLowerCase()) &&
        !endpointSubnetIds.some((id) => sameResourceId(id, s.id)),
    ),
  );
}

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

/** Reads the peered VNets, the endpoint subnets' NSGs and every route table involved. Read-only. */
export async function readNetworkPaths(
  adapter: AzureAdapter,
  vaultLocation: string,
  endpointVirtualNetworks: readonly VirtualNetwork[],
  endpointSubnets: readonly Subnet[],
): Promise<NetworkPathState> {
  const peerIds = peeredVirtualNetworkIds(endpointVirtualNetworks);
  const [peers, endpointSecurityGroups] = await Promise.all([
    Promise.all(peerIds.map((id) => unlessUnreadable(adapter.getVirtualNetwork(id)))),
    Promise.all(
      uniqueIds(
        endpointSubnets.flatMap((s) => (s.networkSecurityGroupId ? [s.networkSecurityGroupId] : [])),
      ).map((id) => unlessUnreadable(adapter.getNetworkSecurityGroup(id))),
    ),
  ]);
  const workloadVirtualNetworks = [
    ...endpointVirtualNetworks,
    ...defined(peers).filter((v) => sameRegion(v.location, vaultLocation)),
  ];
  const tableIds = uniqueIds(
    [...endpointSubnets, ...workloadVirtualNetworks.flatMap((v) => v.subnets)].flatMap((s) =>
      s.routeTableId ? [s.routeTableId] : [],
    ),
  );
  const routeTables = await Promise.all(tableIds.map((id) => unlessUnreadable(adapter.getRouteTable(id))));
  return {
    workloadVirtualNetworks,
    endpointSecurityGroups: defined(endpointSecurityGroups),
    routeTables: defined(routeTables),
  };
}
