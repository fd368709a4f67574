import { assessEndpointHeadroom, IPS_PER_BACKUP_ENDPOINT, subnetAddressesOf } from "../address-capacity.js";
import { parseResourceId } from "../arm-id.js";
import type { Finding } from "../findings.js";
import type { Subnet } from "../inventory.js";
import { Source } from "./sources.js";

export interface EndpointSubnetFacts {
  /** Its `ipConfigurations` say which addresses are taken; those without a reported address count as taken too. */
  readonly subnet: Subnet;
  /** How many of the planned backup endpoints go into this subnet (at least 1). */
  readonly plannedEndpoints: number;
  /**
   * Data sources a MABS/DPM server that uses these endpoints protects: the MABS how-to asks for 10 + n free
   * IPs. 0 when no backup server is involved.
   */
  readonly backupServerDataSources: number;
}

/** `vnet/subnet`: subnet names repeat across VNets (snet-privateendpoints is everywhere). */
function subnetLabel(subnet: Subnet): string {
  return `${parseResourceId(subnet.virtualNetworkId).name}/${subnet.name}`;
}

function delegated(subnet: Subnet): Finding[] {
  if (subnet.delegations.length === 0) return [];
  return [
    {
      severity: "block",
      code: "subnet-delegated",
      message: `Subnet ${subnetLabel(subnet)} is delegated to ${subnet.delegations.join(", ")}; a private endpoint cannot be placed in a delegated subnet.`,
      fix: "Choose another subnet of the VNet (a dedicated endpoint subnet is common), or create one: a /25 leaves room for the endpoint to grow.",
      source: Source.subnetDelegation,
      subject: subnet.id,
    },
  ];
}

/**
 * Free addresses the planned endpoints of one subnet need now: 10 each, plus n for a MABS/DPM server protecting n
 * data sources (MABS how-to: 10 + n). The one sizing the wizard's subnet list, the dry run and drift use.
 */
export function addressesNeeded(plannedEndpoints: number, backupServerDataSources: number): number {
  return IPS_PER_BACKUP_ENDPOINT * plannedEndpoints + backupServerDataSources;
}

/**
 * Room for the endpoints: 10 IPs each, "might increase over time", a /25 free recommended (seed); 10 + n for a
 * MABS/DPM server protecting n data sources (MABS how-to).
 */
function capacity(facts: EndpointSubnetFacts): Finding[] {
  const { subnet, plannedEndpoints, backupServerDataSources } = facts;
  const headroom = assessEndpointHeadroom(subnetAddressesOf(subnet), {
    ipsPerEndpoint: IPS_PER_BACKUP_ENDPOINT,
    extra: addressesNeeded(plannedEndpoints, backupServerDataSources) - IPS_PER_BACKUP_ENDPOINT,
  });
  const needs =
    `${plannedEndpoints} endpoint${plannedEndpoints === 1 ? "" : "s"} × ${IPS_PER_BACKUP_ENDPOINT} IPs` +
    (backupServerDataSources > 0 ? ` + ${backupServerDataSources} for the backup server's data sources` : "");
  if (headroom.verdict === "doesNotFit") {
    return [
      {
        severity: "block",
        code: "subnet-too-small",
        message: `Subnet ${subnetLabel(subnet)} (${subnet.addressPrefixes.join(", ")}) has ${headroom.freeAddresses} free addresses; ${needs} need ${headroom.requiredAddresses}.`,
        fix: "Choose a subnet with more free addresses, enlarge this one, or put fewer endpoints in it. Microsoft recommends a /25 (128 addresses) free for backup endpoints.",
        source: `${Source.seedBeforeYouStart}; ${Source.mabsHowTo}`,
        subject: subnet.id,
      },
    ];
  }
  if (headroom.verdict === "fitsBelowRecommendation") {
    return [
      {
        severity: "warn",
        code: "subnet-below-recommended-headroom",
        message: `Subnet ${subnetLabel(subnet)} has ${headroom.freeAddresses} free addresses: enough for ${needs} today, but less than the /25 (${headroom.recommendedFreeAddresses}) Microsoft recommends, because an endpoint's IP count "might increase over time".`,
        fix: "Prefer a subnet with a /25 free; if you keep this one, watch its free addresses as the vault grows.",
        source: Source.seedBeforeYouStart,
        subject: subnet.id,
      },
    ];
  }
  return [];
}

/**
 * `privateEndpointNetworkPolicies` decides whether the subnet's NSG filters traffic to its private endpoints:
 * only `Enabled` or `NetworkSecurityGroupEnabled` apply NSG rules (RouteTableEnabled applies only UDRs). Older
 * api-versions defaulted to Enabled, newer ones to Disabled.
 */
function networkPolicies(subnet: Subnet): Finding[] {
  if (subnet.networkSecurityGroupId === undefined) return [];
  const state = subnet.privateEndpointNetworkPolicies;
  if (state === "Enabled" || state === "NetworkSecurityGroupEnabled") {
    return [
      {
        severity: "info",
        code: "endpoint-network-policies-on",
        message: `Subnet ${subnetLabel(subnet)} has privateEndpointNetworkPolicies ${state}: its NSG's rules apply to the backup private endpoints too.`,
        fix: "Make sure the NSG allows inbound TCP 443 from the workload subnets (SQL/HANA VMs, MARS, DPM/MABS servers) to the endpoint subnet.",
        source: Source.endpointNetworkPolicies,
        subject: subnet.id,
      },
    ];
  }
  return [
    {
      severity: "info",
      code: "endpoint-network-policies-off",
      message: `Subnet ${subnetLabel(subnet)} has privateEndpointNetworkPolicies ${state}: its NSG's rules do not apply to the private endpoints (only Enabled or NetworkSecurityGroupEnabled make them apply).`,
      fix: "Nothing to do for the endpoints to work. To filter traffic to them with the NSG, set privateEndpointNetworkPolicies to NetworkSecurityGroupEnabled (or Enabled) on the subnet.",
      source: Source.endpointNetworkPolicies,
      subject: subnet.id,
    },
  ];
}

/** Subnets Azure keeps for one service by their name: nothing else, private endpoints included, goes in them. */
const DEDICATED_SUBNETS: ReadonlyMap<string, string> = new Map([
  ["gatewaysubnet", "the virtual network gateway"],
  ["azurefirewallsubnet", "Azure Firewall"],
  ["azurefirewallmanagementsubnet", "Azure Firewall's management traffic"],
  ["azurebastionsubnet", "Azure Bastion"],
  ["routeserversubnet", "Azure Route Server"],
]);

function dedicated(subnet: Subnet): Finding[] {
  const service = DEDICATED_SUBNETS.get(subnet.name.toLowerCase());
  if (service === undefined) return [];
  return [
    {
      severity: "block",
      code: "subnet-dedicated-to-service",
      message: `Subnet ${subnetLabel(subnet)} is dedicated to ${service}; private endpoints cannot go in it.`,
      fix: "Choose another subnet of the VNet (a dedicated subnet for private endpoints, /25 or larger, is common).",
      source: Source.dedicatedSubnets,
      subject: subnet.id,
    },
  ];
}

/** Whether a subnet can take the planned backup endpoints. */
export function checkEndpointSubnet(facts: EndpointSubnetFacts): Finding[] {
  const refused = [...dedicated(facts.subnet), ...delegated(facts.subnet)];
  if (refused.length > 0) return refused;
  return [...capacity(facts), ...networkPolicies(facts.subnet)];
}
