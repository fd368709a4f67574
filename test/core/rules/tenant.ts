import type {
  NetworkSecurityGroup,
  PrivateEndpoint,
  Subnet,
  Vault,
  VaultPrivateEndpointConnection,
} from "../../../src/core/inventory.js";

/** Literals of a small tenant the rule tests start from; each test changes only what its story is about. */
export const SUB = "00000000-0000-0000-0000-000000000001";
export const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
export const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`;

export function vault(overrides: Partial<Vault> = {}): Vault {
  return {
    id: VAULT_ID,
    name: "rsv-prod",
    subscriptionId: SUB,
    resourceGroup: "rg-backup",
    location: "westeurope",
    redundancy: "GRS",
    crossRegionRestore: false,
    publicNetworkAccess: "Enabled",
    privateEndpointStateForBackup: "None",
    encryption: { kind: "platformManaged" },
    identity: { kind: "none" },
    privateEndpointConnections: [],
    provisioningState: "Succeeded",
    ...overrides,
  };
}

export function endpointIdIn(resourceGroup: string, name: string): string {
  return `/subscriptions/${SUB}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/privateEndpoints/${name}`;
}

export function connection(
  endpointName: string,
  groupId = "AzureBackup",
  resourceGroup = "rg-net",
): VaultPrivateEndpointConnection {
  return {
    id: `${VAULT_ID}/privateEndpointConnections/${endpointName}.1234567890123456789.backup.0f0e0d0c`,
    name: `${endpointName}.1234567890123456789.backup.0f0e0d0c`,
    privateEndpointId: endpointIdIn(resourceGroup, endpointName),
    groupIds: [groupId],
    status: "Approved",
    provisioningState: "Succeeded",
  };
}

export function privateEndpoint(name: string, overrides: Partial<PrivateEndpoint> = {}): PrivateEndpoint {
  return {
    id: endpointIdIn("rg-net", name),
    name,
    location: "westeurope",
    subnetId: SUBNET_ID,
    connection: {
      approval: "auto",
      name,
      targetId: VAULT_ID,
      groupIds: ["AzureBackup"],
      status: "Approved",
      description: undefined,
    },
    customDnsConfigs: [],
    networkInterfaceIds: [],
    staticIpConfigurations: [],
    provisioningState: "Succeeded",
    ...overrides,
  };
}

export function subnet(overrides: Partial<Subnet> = {}): Subnet {
  return {
    id: SUBNET_ID,
    name: "snet-pe",
    virtualNetworkId: SUBNET_ID.replace(/\/subnets\/.*$/, ""),
    addressPrefixes: ["10.0.1.0/24"],
    ipConfigurations: [],
    privateEndpointIds: [],
    privateEndpointNetworkPolicies: "Disabled",
    networkSecurityGroupId: undefined,
    routeTableId: undefined,
    delegations: [],
    provisioningState: "Succeeded",
    ...overrides,
  };
}

export function nsg(overrides: Partial<NetworkSecurityGroup> = {}): NetworkSecurityGroup {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app`,
    name: "nsg-app",
    location: "westeurope",
    securityRules: [],
    defaultSecurityRules: [],
    subnetIds: [],
    ...overrides,
  };
}

/** `count` IP configurations holding 10.0.1.<start> upwards (or with no address reported). */
export function ipConfigurations(
  start: number,
  count: number,
  reported = true,
): { id: string; privateIpAddress: string | undefined }[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Network/networkInterfaces/nic-${start + i}/ipConfigurations/ipconfig1`,
    privateIpAddress: reported ? `10.0.1.${start + i}` : undefined,
  }));
}

export function codes(findings: readonly { code: string }[]): string[] {
  return findings.map((f) => f.code);
}
