import {
  assessEndpointHeadroom,
  type EndpointHeadroom,
  subnetAddressesOf,
} from "../../../core/address-capacity.js";
import type { Finding } from "../../../core/findings.js";
import type { Subnet, VirtualNetwork } from "../../../core/inventory.js";
import { sameRegion } from "../../../core/regions.js";
import { checkEndpointSubnet } from "../../../core/rules/endpoint-subnet.js";

/** A subnet as the endpoint lists show it: where it is, its room, and what the subnet rule says about one endpoint. */
export interface SubnetRow {
  readonly key: string;
  readonly searchText: string;
  readonly virtualNetwork: VirtualNetwork;
  readonly subnet: Subnet;
  /** Undefined when the subnet's prefixes cannot be counted (an IPv6-only subnet, a malformed prefix). */
  readonly headroom: EndpointHeadroom | undefined;
  readonly findings: readonly Finding[];
  /** True when a finding blocks an endpoint here (too small, delegated). */
  readonly blocked: boolean;
}

/**
 * Every subnet of the VNets in `region`, checked for one backup endpoint (plus `backupServerDataSources` addresses
 * for a DPM/MABS server's data sources: 10 + n) by the rule the dry run uses. Computed once per load, not per key.
 */
export function subnetRows(
  virtualNetworks: readonly VirtualNetwork[],
  region: string,
  backupServerDataSources = 0,
): SubnetRow[] {
  return virtualNetworks
    .filter((vnet) => sameRegion(vnet.location, region))
    .flatMap((vnet) =>
      vnet.subnets.map((subnet): SubnetRow => {
        let headroom: EndpointHeadroom | undefined;
        let findings: Finding[];
        try {
          headroom = assessEndpointHeadroom(subnetAddressesOf(subnet), { extra: backupServerDataSources });
          findings = checkEndpointSubnet({ subnet, plannedEndpoints: 1, backupServerDataSources });
        } catch (error) {
          findings = [
            {
              severity: "block",
              code: "subnet-unreadable",
              message: `Subnet ${vnet.name}/${subnet.name} cannot be sized: ${(error as Error).message}`,
              fix: "Choose another subnet.",
              source:
                "https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq (subnet address prefixes)",
              subject: subnet.id,
            },
          ];
        }
        return {
          key: subnet.id,
          searchText: `${vnet.name}/${subnet.name} ${subnet.addressPrefixes.join(" ")}`.toLowerCase(),
          virtualNetwork: vnet,
          subnet,
          headroom,
          findings,
          blocked: findings.some((f) => f.severity === "block"),
        };
      }),
    );
}

/** "118 free · 11 fit" and the /25 advice, in a few words for a list row (each part fits 80 columns' room). */
export function roomText(row: SubnetRow): string {
  const h = row.headroom;
  if (h === undefined) return "cannot size";
  // A subnet no endpoint may use says so first, whatever its room.
  if (row.findings.some((f) => f.code === "subnet-dedicated-to-service")) return "dedicated subnet";
  if (row.findings.some((f) => f.code === "subnet-delegated")) return "delegated subnet";
  const fit = `${h.freeAddresses} free · ${h.endpointsThatFit} fit`;
  if (h.verdict === "doesNotFit") return `${fit} · too small`;
  if (h.verdict === "fitsBelowRecommendation") return `${fit} · under /25 advice`;
  return `${fit} · /25 free`;
}
