import type {
  NetworkSecurityGroup as ArmNetworkSecurityGroup,
  PrivateDnsZoneGroup as ArmPrivateDnsZoneGroup,
  PrivateEndpoint as ArmPrivateEndpoint,
  PrivateLinkServiceConnection as ArmPrivateLinkServiceConnection,
  SecurityRule as ArmSecurityRule,
  Subnet as ArmSubnet,
  VirtualNetwork as ArmVirtualNetwork,
} from "@azure/arm-network";
import { parentId } from "../core/arm-id.js";
import type {
  ConnectionStatus,
  NetworkSecurityGroup,
  PrivateDnsZoneGroup,
  PrivateEndpoint,
  PrivateEndpointNetworkPolicies,
  PrivateLinkConnection,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from "../core/inventory.js";
import { requiredField } from "./required-field.js";

const CONNECTION_STATUSES: readonly ConnectionStatus[] = ["Pending", "Approved", "Rejected", "Disconnected"];

/** Connection states are an open enum in the specs; ARM's documented values are matched without regard to case. */
export function toConnectionStatus(value: string | undefined): ConnectionStatus | undefined {
  if (value === undefined) return undefined;
  const known = CONNECTION_STATUSES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (known === undefined)
    throw new Error(`ARM returned the unknown private link connection status "${value}".`);
  return known;
}

const NETWORK_POLICIES: readonly PrivateEndpointNetworkPolicies[] = [
  "Enabled",
  "Disabled",
  "NetworkSecurityGroupEnabled",
  "RouteTableEnabled",
];

function toNetworkPolicies(value: string | undefined, subnetId: string): PrivateEndpointNetworkPolicies {
  // Absent means the api-version's default: Disabled in 2026-01-01 (virtualNetwork.json, SubnetPropertiesFormat).
  if (value === undefined) return "Disabled";
  const known = NETWORK_POLICIES.find((p) => p.toLowerCase() === value.toLowerCase());
  if (known === undefined) {
    throw new Error(
      `ARM returned the unknown privateEndpointNetworkPolicies "${value}" for subnet ${subnetId}.`,
    );
  }
  return known;
}

function ids(items: readonly { id?: string | undefined }[] | undefined): string[] {
  return (items ?? []).flatMap((item) => (item.id === undefined ? [] : [item.id]));
}

export function toSubnet(subnet: ArmSubnet): Subnet {
  const id = requiredField(subnet.id, "id", "a subnet");
  return {
    id,
    name: requiredField(subnet.name, "name", `subnet ${id}`),
    virtualNetworkId: requiredField(parentId(id), "a parent", `subnet ${id}`).id,
    addressPrefixes:
      subnet.addressPrefixes ?? (subnet.addressPrefix === undefined ? [] : [subnet.addressPrefix]),
    ipConfigurations: (subnet.ipConfigurations ?? []).map((c) => ({
      id: requiredField(c.id, "id", `an IP configuration of subnet ${id}`),
      privateIpAddress: c.privateIPAddress,
    })),
    privateEndpointIds: ids(subnet.privateEndpoints),
    privateEndpointNetworkPolicies: toNetworkPolicies(subnet.privateEndpointNetworkPolicies, id),
    networkSecurityGroupId: subnet.networkSecurityGroup?.id,
    routeTableId: subnet.routeTable?.id,
    delegations: (subnet.delegations ?? []).flatMap((d) =>
      d.serviceName === undefined ? [] : [d.serviceName],
    ),
    provisioningState: subnet.provisioningState,
  };
}

export function toVirtualNetwork(vnet: ArmVirtualNetwork): VirtualNetwork {
  const id = requiredField(vnet.id, "id", "a virtual network");
  return {
    id,
    name: requiredField(vnet.name, "name", `virtual network ${id}`),
    location: requiredField(vnet.location, "location", `virtual network ${id}`),
    addressSpace: vnet.addressSpace?.addressPrefixes ?? [],
    dnsServers: vnet.dhcpOptions?.dnsServers ?? [],
    peerings: (vnet.virtualNetworkPeerings ?? []).map((p) => {
      const peeringId = requiredField(p.id, "id", `a peering of ${id}`);
      return {
        id: peeringId,
        name: requiredField(p.name, "name", `peering ${peeringId}`),
        remoteVirtualNetworkId: p.remoteVirtualNetwork?.id,
        peeringState: p.peeringState,
        allowForwardedTraffic: p.allowForwardedTraffic ?? false,
        useRemoteGateways: p.useRemoteGateways ?? false,
      };
    }),
    subnets: (vnet.subnets ?? []).map(toSubnet),
  };
}

function toConnection(
  connection: ArmPrivateLinkServiceConnection,
  approval: PrivateLinkConnection["approval"],
  endpointId: string,
): PrivateLinkConnection {
  return {
    approval,
    name: requiredField(connection.name, "name", `the connection of ${endpointId}`),
    targetId: requiredField(
      connection.privateLinkServiceId,
      "privateLinkServiceId",
      `the connection of ${endpointId}`,
    ),
    groupIds: connection.groupIds ?? [],
    status: toConnectionStatus(connection.privateLinkServiceConnectionState?.status),
    description: connection.privateLinkServiceConnectionState?.description,
  };
}

export function toPrivateEndpoint(endpoint: ArmPrivateEndpoint): PrivateEndpoint {
  const id = requiredField(endpoint.id, "id", "a private endpoint");
  // An endpoint has one connection, in one of the two lists (privateEndpoint.json, PrivateEndpointProperties).
  const auto = endpoint.privateLinkServiceConnections?.[0];
  const manual = endpoint.manualPrivateLinkServiceConnections?.[0];
  return {
    id,
    name: requiredField(endpoint.name, "name", `private endpoint ${id}`),
    location: requiredField(endpoint.location, "location", `private endpoint ${id}`),
    subnetId: requiredField(endpoint.subnet?.id, "subnet.id", `private endpoint ${id}`),
    connection:
      auto !== undefined
        ? toConnection(auto, "auto", id)
        : manual !== undefined
          ? toConnection(manual, "manual", id)
          : undefined,
    customDnsConfigs: (endpoint.customDnsConfigs ?? []).flatMap((c) =>
      c.fqdn === undefined ? [] : [{ fqdn: c.fqdn, ipAddresses: c.ipAddresses ?? [] }],
    ),
    networkInterfaceIds: ids(endpoint.networkInterfaces),
    staticIpConfigurations: (endpoint.ipConfigurations ?? []).map((c) => ({
      name: requiredField(c.name, "name", `an IP configuration of ${id}`),
      groupId: requiredField(c.groupId, "groupId", `an IP configuration of ${id}`),
      memberName: requiredField(c.memberName, "memberName", `an IP configuration of ${id}`),
      privateIpAddress: requiredField(c.privateIPAddress, "privateIPAddress", `an IP configuration of ${id}`),
    })),
    provisioningState: endpoint.provisioningState,
  };
}

function toDirection(value: string | undefined, rule: string): SecurityRule["direction"] {
  if (value?.toLowerCase() === "inbound") return "Inbound";
  if (value?.toLowerCase() === "outbound") return "Outbound";
  throw new Error(`ARM returned security rule ${rule} with direction "${value}".`);
}

function toAccess(value: string | undefined, rule: string): SecurityRule["access"] {
  if (value?.toLowerCase() === "allow") return "Allow";
  if (value?.toLowerCase() === "deny") return "Deny";
  throw new Error(`ARM returned security rule ${rule} with access "${value}".`);
}

/** ARM fills either the single or the plural form of each prefix and range field; the rules read one list. */
function both(single: string | undefined, plural: string[] | undefined): string[] {
  return [...(single === undefined || single === "" ? [] : [single]), ...(plural ?? [])];
}

export function toSecurityRule(rule: ArmSecurityRule): SecurityRule {
  const name = requiredField(rule.name, "name", "a security rule");
  return {
    name,
    priority: requiredField(rule.priority, "priority", `security rule ${name}`),
    direction: toDirection(rule.direction, name),
    access: toAccess(rule.access, name),
    protocol: requiredField(rule.protocol, "protocol", `security rule ${name}`),
    sourceAddressPrefixes: both(rule.sourceAddressPrefix, rule.sourceAddressPrefixes),
    sourcePortRanges: both(rule.sourcePortRange, rule.sourcePortRanges),
    destinationAddressPrefixes: both(rule.destinationAddressPrefix, rule.destinationAddressPrefixes),
    destinationPortRanges: both(rule.destinationPortRange, rule.destinationPortRanges),
    description: rule.description,
  };
}

export function toNetworkSecurityGroup(nsg: ArmNetworkSecurityGroup): NetworkSecurityGroup {
  const id = requiredField(nsg.id, "id", "a network security group");
  return {
    id,
    name: requiredField(nsg.name, "name", `network security group ${id}`),
    location: requiredField(nsg.location, "location", `network security group ${id}`),
    securityRules: (nsg.securityRules ?? []).map(toSecurityRule),
    defaultSecurityRules: (nsg.defaultSecurityRules ?? []).map(toSecurityRule),
    subnetIds: ids(nsg.subnets),
  };
}

/** The SDK body for a rule: ARM wants the single form when there is one value, the plural form otherwise. */
export function fromSecurityRule(rule: SecurityRule): ArmSecurityRule {
  const pick = (values: readonly string[], single: string, plural: string) =>
    values.length === 1 ? { [single]: values[0] } : { [plural]: [...values] };
  return {
    priority: rule.priority,
    direction: rule.direction,
    access: rule.access,
    protocol: rule.protocol,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    ...pick(rule.sourceAddressPrefixes, "sourceAddressPrefix", "sourceAddressPrefixes"),
    ...pick(rule.sourcePortRanges, "sourcePortRange", "sourcePortRanges"),
    ...pick(rule.destinationAddressPrefixes, "destinationAddressPrefix", "destinationAddressPrefixes"),
    ...pick(rule.destinationPortRanges, "destinationPortRange", "destinationPortRanges"),
  };
}

export function toPrivateDnsZoneGroup(group: ArmPrivateDnsZoneGroup): PrivateDnsZoneGroup {
  const id = requiredField(group.id, "id", "a private DNS zone group");
  return {
    id,
    name: requiredField(group.name, "name", `private DNS zone group ${id}`),
    privateEndpointId: requiredField(parentId(id), "a parent", `private DNS zone group ${id}`).id,
    zones: (group.privateDnsZoneConfigs ?? []).flatMap((config) =>
      config.privateDnsZoneId === undefined
        ? []
        : [{ configName: config.name ?? "", privateDnsZoneId: config.privateDnsZoneId }],
    ),
    provisioningState: group.provisioningState,
  };
}
