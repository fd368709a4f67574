import { defaultSecurityRules } from "./handlers/security-groups.js";
import { guidFrom } from "./stable-ids.js";
import type { ArmResource } from "./state.js";

/**
 * The demo tenant's network: hub-and-spoke VNets in two paired regions (westeurope/northeurope) with
 * peerings, subnets roomy (/25), nearly full, too small (/28), with private endpoint network policies
 * Enabled and Disabled, NSGs on workload subnets (one denying outbound 443), and VM NICs that occupy
 * addresses. Shapes follow network 2026-01-01 GET responses.
 */
export const TENANT_ID = "8f3c2a51-6d4e-4b7a-9c1f-2e5d7a9b0c13";
export const SUB_CONNECTIVITY = "7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e";
export const SUB_PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
export const SUB_DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";

/** The demo is one fixed value: its etags and GUIDs are derived from the ids they belong to. */
export const demoEtag = (id: string) => `W/"${guidFrom(`etag ${id}`)}"`;
export const rgPath = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;
const networkId = (sub: string, rg: string, type: string, name: string) =>
  `${rgPath(sub, rg)}/providers/Microsoft.Network/${type}/${name}`;

interface SubnetSpec {
  name: string;
  prefix: string;
  policies?: "Enabled" | "Disabled";
  nsg?: string;
}

function vnet(
  sub: string,
  rg: string,
  name: string,
  location: string,
  space: string,
  subnets: SubnetSpec[],
): ArmResource {
  const id = networkId(sub, rg, "virtualNetworks", name);
  return {
    id,
    name,
    type: "Microsoft.Network/virtualNetworks",
    location,
    etag: demoEtag(id),
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: guidFrom(id),
      addressSpace: { addressPrefixes: [space] },
      enableDdosProtection: false,
      virtualNetworkPeerings: [],
      subnets: subnets.map((s) => ({
        id: `${id}/subnets/${s.name}`,
        name: s.name,
        type: "Microsoft.Network/virtualNetworks/subnets",
        etag: demoEtag(`${id}/subnets/${s.name}`),
        properties: {
          provisioningState: "Succeeded",
          addressPrefix: s.prefix,
          delegations: [],
          privateEndpointNetworkPolicies: s.policies ?? "Disabled",
          privateLinkServiceNetworkPolicies: "Enabled",
          ...(s.nsg === undefined ? {} : { networkSecurityGroup: { id: s.nsg } }),
        },
      })),
    },
  };
}

/** Adds a peering from `a` to `b` (Connected: the demo always peers both ways). */
function peer(a: ArmResource, b: ArmResource): void {
  const props = a.properties as { virtualNetworkPeerings: unknown[] };
  props.virtualNetworkPeerings.push({
    id: `${a.id}/virtualNetworkPeerings/peer-${a.name}-to-${b.name}`,
    name: `peer-${a.name}-to-${b.name}`,
    type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
    etag: demoEtag(`${a.id}/virtualNetworkPeerings/peer-${a.name}-to-${b.name}`),
    properties: {
      provisioningState: "Succeeded",
      peeringState: "Connected",
      peeringSyncLevel: "FullyInSync",
      remoteVirtualNetwork: { id: b.id },
      remoteAddressSpace: (b.properties as { addressSpace: unknown }).addressSpace,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    },
  });
}

function nsg(
  sub: string,
  rg: string,
  name: string,
  location: string,
  rules: Record<string, unknown>[],
): ArmResource {
  const id = networkId(sub, rg, "networkSecurityGroups", name);
  return {
    id,
    name,
    type: "Microsoft.Network/networkSecurityGroups",
    location,
    etag: demoEtag(id),
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: guidFrom(id),
      securityRules: rules.map((r) => ({
        id: `${id}/securityRules/${r.name}`,
        name: r.name,
        type: "Microsoft.Network/networkSecurityGroups/securityRules",
        etag: demoEtag(`${id}/securityRules/${r.name}`),
        properties: { provisioningState: "Succeeded", sourcePortRange: "*", ...(r.properties as object) },
      })),
      defaultSecurityRules: defaultSecurityRules(id),
    },
  };
}

/** VM NICs holding addresses in a subnet, from its first usable address on. */
function vmNics(
  sub: string,
  rg: string,
  vnetRes: ArmResource,
  subnetName: string,
  base: string,
  count: number,
  prefix: string,
): ArmResource[] {
  const [a, b, c, d] = base.split(".").map(Number) as [number, number, number, number];
  const subnetId = `${vnetRes.id}/subnets/${subnetName}`;
  const nics: ArmResource[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${String(i + 1).padStart(2, "0")}-nic`;
    const id = networkId(sub, rg, "networkInterfaces", name);
    nics.push({
      id,
      name,
      type: "Microsoft.Network/networkInterfaces",
      location: vnetRes.location ?? "",
      etag: demoEtag(id),
      properties: {
        provisioningState: "Succeeded",
        resourceGuid: guidFrom(id),
        ipConfigurations: [
          {
            id: `${id}/ipConfigurations/ipconfig1`,
            name: "ipconfig1",
            type: "Microsoft.Network/networkInterfaces/ipConfigurations",
            etag: demoEtag(`${id}/ipConfigurations/ipconfig1`),
            properties: {
              provisioningState: "Succeeded",
              privateIPAddress: `${a}.${b}.${c}.${d + 4 + i}`,
              privateIPAllocationMethod: "Dynamic",
              privateIPAddressVersion: "IPv4",
              subnet: { id: subnetId },
              primary: true,
            },
          },
        ],
        dnsSettings: { dnsServers: [], appliedDnsServers: [] },
        enableAcceleratedNetworking: true,
        enableIPForwarding: false,
        nicType: "Standard",
      },
    });
  }
  const subnet = (
    vnetRes.properties as { subnets: Array<{ name: string; properties: Record<string, unknown> }> }
  ).subnets.find((s) => s.name === subnetName);
  if (subnet)
    subnet.properties.ipConfigurations = nics.map((n) => ({ id: `${n.id}/ipConfigurations/ipconfig1` }));
  return nics;
}

const rule = (
  name: string,
  priority: number,
  direction: string,
  access: string,
  port: string,
  dst: string,
) => ({
  name,
  properties: {
    protocol: "Tcp",
    sourceAddressPrefix: "VirtualNetwork",
    destinationAddressPrefix: dst,
    destinationPortRange: port,
    access,
    priority,
    direction,
  },
});

export function demoNetwork(): ArmResource[] {
  const hubWeu = vnet(SUB_CONNECTIVITY, "rg-hub-network-weu", "vnet-hub-weu", "westeurope", "10.0.0.0/22", [
    { name: "GatewaySubnet", prefix: "10.0.0.0/27" },
    { name: "AzureFirewallSubnet", prefix: "10.0.0.64/26" },
    { name: "snet-dns-resolver", prefix: "10.0.1.0/28" },
    { name: "snet-privateendpoints", prefix: "10.0.2.0/25" },
  ]);
  const hubNeu = vnet(
    SUB_CONNECTIVITY,
    "rg-hub-network-neu",
    "vnet-hub-neu",
    "northeurope",
    "10.100.0.0/22",
    [
      { name: "GatewaySubnet", prefix: "10.100.0.0/27" },
      { name: "AzureFirewallSubnet", prefix: "10.100.0.64/26" },
      { name: "snet-privateendpoints", prefix: "10.100.2.0/25" },
    ],
  );
  const nsgApp = networkId(SUB_PROD, "rg-spoke-app-weu", "networkSecurityGroups", "nsg-snet-app-weu");
  const nsgSql = networkId(SUB_PROD, "rg-spoke-app-weu", "networkSecurityGroups", "nsg-snet-sql-weu");
  const spokeWeu = vnet(SUB_PROD, "rg-spoke-app-weu", "vnet-spoke-app-weu", "westeurope", "10.1.0.0/16", [
    { name: "snet-privateendpoints", prefix: "10.1.0.0/25" },
    { name: "snet-app", prefix: "10.1.1.0/27", nsg: nsgApp },
    { name: "snet-tiny", prefix: "10.1.2.0/28" },
    { name: "snet-sql", prefix: "10.1.3.0/24", policies: "Enabled", nsg: nsgSql },
    { name: "snet-pe-shared", prefix: "10.1.4.0/24" },
  ]);
  const spokeNeu = vnet(SUB_PROD, "rg-spoke-app-neu", "vnet-spoke-app-neu", "northeurope", "10.101.0.0/16", [
    { name: "snet-privateendpoints", prefix: "10.101.0.0/25" },
    { name: "snet-app", prefix: "10.101.1.0/24" },
  ]);
  const devUks = vnet(SUB_DEV, "rg-dev-uks", "vnet-dev-uks", "uksouth", "10.50.0.0/24", [
    { name: "snet-default", prefix: "10.50.0.0/25" },
  ]);
  peer(hubWeu, spokeWeu);
  peer(spokeWeu, hubWeu);
  peer(hubNeu, spokeNeu);
  peer(spokeNeu, hubNeu);
  peer(hubWeu, hubNeu);
  peer(hubNeu, hubWeu);
  const nsgs = [
    nsg(SUB_PROD, "rg-spoke-app-weu", "nsg-snet-app-weu", "westeurope", [
      rule("Allow-HTTPS-Inbound-From-Hub", 100, "Inbound", "Allow", "443", "VirtualNetwork"),
    ]),
    // The trap: SQL workload extensions need outbound 443 to Entra ID (DOMAIN-FACTS "Network and identity").
    nsg(SUB_PROD, "rg-spoke-app-weu", "nsg-snet-sql-weu", "westeurope", [
      rule("Deny-HTTPS-Outbound", 100, "Outbound", "Deny", "443", "*"),
    ]),
  ];
  const nics = [
    // 20 of the /27's 27 usable addresses taken: nearly full, 7 left (fewer than one endpoint needs).
    ...vmNics(SUB_PROD, "rg-spoke-app-weu", spokeWeu, "snet-app", "10.1.1.0", 20, "vm-app-weu"),
    // 2 of the /28's 11 usable addresses taken: 9 left, too small for a backup endpoint's 10.
    ...vmNics(SUB_PROD, "rg-spoke-app-weu", spokeWeu, "snet-tiny", "10.1.2.0", 2, "vm-jump-weu"),
    ...vmNics(SUB_PROD, "rg-spoke-app-weu", spokeWeu, "snet-sql", "10.1.3.0", 3, "vm-sql-weu"),
  ];
  return [hubWeu, hubNeu, spokeWeu, spokeNeu, devUks, ...nsgs, ...nics];
}
