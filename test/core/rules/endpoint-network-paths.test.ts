import { describe, expect, it } from "vitest";
import type { RouteTable, SecurityRule } from "../../../src/core/inventory.js";
import { checkEndpointNetworkPaths } from "../../../src/core/rules/endpoint-network-paths.js";
import { codes, nsg, SUB, subnet } from "./tenant.js";

const NSG = nsg();
const endpointSubnet = (
  policies: "Enabled" | "Disabled" | "NetworkSecurityGroupEnabled" | "RouteTableEnabled",
) =>
  subnet({
    privateEndpointNetworkPolicies: policies,
    networkSecurityGroupId: NSG.id,
    addressPrefixes: ["10.0.1.0/24"],
  });
const TABLE_ID = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-sql`;
const workload = subnet({
  id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-sql`,
  name: "snet-sql",
  virtualNetworkId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke`,
  addressPrefixes: ["10.1.3.0/24"],
  routeTableId: TABLE_ID,
});

function inbound(name: string, priority: number, access: "Allow" | "Deny", source: string[]): SecurityRule {
  return {
    name,
    priority,
    direction: "Inbound",
    access,
    protocol: "Tcp",
    sourceAddressPrefixes: source,
    sourcePortRanges: ["*"],
    destinationAddressPrefixes: ["*"],
    destinationPortRanges: ["443"],
    description: undefined,
  };
}

const HUB_SPACE = new Map([[subnet().virtualNetworkId.toLowerCase(), ["10.0.0.0/16"]]]);
const paths = (facts: Omit<Parameters<typeof checkEndpointNetworkPaths>[0], "endpointAddressSpaces">) =>
  checkEndpointNetworkPaths({ ...facts, endpointAddressSpaces: HUB_SPACE });

function table(routes: RouteTable["routes"]): RouteTable {
  return { id: TABLE_ID, name: "rt-sql", location: "westeurope", routes, subnetIds: [workload.id] };
}

describe("checkEndpointNetworkPaths", () => {
  it("a deny at priority 100 leaves no room ahead of it: the fix says to move it, not a priority that cannot exist", () => {
    const findings = paths({
      endpointSubnets: [endpointSubnet("NetworkSecurityGroupEnabled")],
      workloadSubnets: [workload],
      securityGroups: [{ ...NSG, securityRules: [inbound("Deny-All", 100, "Deny", ["*"])] }],
      routeTables: [],
    });
    expect(codes(findings)).toEqual(["nsg-blocks-endpoint-inbound"]);
    expect(findings[0]?.fix).toContain("Rule Deny-All sits at priority 100 with no free number ahead of it");
  });

  it("a rule on an application security group ahead of the allow may match: a warning that says which rule", () => {
    const findings = paths({
      endpointSubnets: [endpointSubnet("Enabled")],
      workloadSubnets: [workload],
      securityGroups: [{ ...NSG, securityRules: [inbound("Deny-Asg", 200, "Deny", [])] }],
      routeTables: [],
    });
    expect(codes(findings)).toEqual(["nsg-may-block-endpoint-inbound"]);
    expect(findings[0]?.message).toContain("Deny-Asg (priority 200, Deny)");
  });

  it("a CIDR deny that only partly holds the workload subnet is uncertain, one that misses it is ignored", () => {
    const partly = paths({
      endpointSubnets: [endpointSubnet("Enabled")],
      workloadSubnets: [workload],
      securityGroups: [{ ...NSG, securityRules: [inbound("Deny-Half", 200, "Deny", ["10.1.3.0/25"])] }],
      routeTables: [],
    });
    expect(codes(partly)).toEqual(["nsg-may-block-endpoint-inbound"]);
    const misses = paths({
      endpointSubnets: [endpointSubnet("Enabled")],
      workloadSubnets: [workload],
      securityGroups: [{ ...NSG, securityRules: [inbound("Deny-Other", 200, "Deny", ["192.168.0.0/16"])] }],
      routeTables: [],
    });
    expect(codes(misses)).toEqual(["nsg-allows-endpoint-inbound"]);
  });

  it("evaluates no NSG when its policies are off (RouteTableEnabled), but the routes then take the traffic", () => {
    const findings = paths({
      endpointSubnets: [endpointSubnet("RouteTableEnabled")],
      workloadSubnets: [workload],
      securityGroups: [{ ...NSG, securityRules: [inbound("Deny-All", 100, "Deny", ["*"])] }],
      routeTables: [
        table([
          { name: "drop", addressPrefix: "10.0.0.0/16", nextHopType: "None", nextHopIpAddress: undefined },
        ]),
      ],
    });
    expect(codes(findings)).toEqual(["workload-route-drops-endpoint-traffic"]);
  });

  it("with policies Disabled, a route covering the endpoints is not their path (the /32 routes win)", () => {
    const findings = paths({
      endpointSubnets: [endpointSubnet("Disabled")],
      workloadSubnets: [workload],
      securityGroups: [],
      routeTables: [
        table([
          {
            name: "to-fw",
            addressPrefix: "10.0.0.0/8",
            nextHopType: "VirtualAppliance",
            nextHopIpAddress: "10.0.0.68",
          },
        ]),
      ],
    });
    expect(findings).toEqual([]);
  });

  it("a route for the AzureActiveDirectory tag or an Entra ID range through a firewall needs the firewall to allow it", () => {
    for (const addressPrefix of ["AzureActiveDirectory", "20.190.128.0/18", "0.0.0.0/0"]) {
      const findings = paths({
        endpointSubnets: [],
        workloadSubnets: [workload],
        securityGroups: [],
        routeTables: [
          table([
            { name: "entra", addressPrefix, nextHopType: "VirtualAppliance", nextHopIpAddress: "10.0.0.68" },
          ]),
        ],
      });
      expect(codes(findings)).toEqual(["firewall-must-allow-entra-id"]);
    }
    const internet = paths({
      endpointSubnets: [],
      workloadSubnets: [workload],
      securityGroups: [],
      routeTables: [
        table([
          { name: "out", addressPrefix: "0.0.0.0/0", nextHopType: "Internet", nextHopIpAddress: undefined },
        ]),
      ],
    });
    expect(internet).toEqual([]);
  });

  it("with route policies on, only a route holding the endpoint VNet's whole space overrides the /32s, never 0.0.0.0/0", () => {
    const via = (addressPrefix: string) =>
      codes(
        paths({
          endpointSubnets: [endpointSubnet("RouteTableEnabled")],
          workloadSubnets: [workload],
          securityGroups: [],
          routeTables: [
            table([
              { name: "r", addressPrefix, nextHopType: "VirtualAppliance", nextHopIpAddress: "10.0.0.68" },
            ]),
          ],
        }),
      );
    expect(via("10.0.0.0/16")).toEqual(["workload-route-to-endpoint-via-appliance"]);
    expect(via("10.0.0.0/8")).toEqual(["workload-route-to-endpoint-via-appliance"]);
    // Narrower than the VNet's 10.0.0.0/16: the endpoints' /32 routes still win.
    expect(via("10.0.1.0/24")).toEqual([]);
    // A default route never overrides them (it is the Entra ID firewall finding instead).
    expect(via("0.0.0.0/0")).toEqual(["firewall-must-allow-entra-id"]);
  });
});
