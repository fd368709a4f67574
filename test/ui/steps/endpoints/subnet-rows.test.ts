import { describe, expect, it } from "vitest";
import type { Subnet, VirtualNetwork } from "../../../../src/core/inventory.js";
import { roomText, subnetRows } from "../../../../src/ui/steps/endpoints/subnet-rows.js";

const VNET =
  "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub";

function subnet(name: string, prefix: string, delegations: string[] = []): Subnet {
  return {
    id: `${VNET}/subnets/${name}`,
    name,
    virtualNetworkId: VNET,
    addressPrefixes: [prefix],
    ipConfigurations: [],
    privateEndpointIds: [],
    privateEndpointNetworkPolicies: "Disabled",
    networkSecurityGroupId: undefined,
    routeTableId: undefined,
    delegations,
    provisioningState: "Succeeded",
  };
}

const hub: VirtualNetwork = {
  id: VNET,
  name: "vnet-hub",
  location: "westeurope",
  addressSpace: ["10.0.0.0/16"],
  dnsServers: [],
  peerings: [],
  subnets: [
    subnet("GatewaySubnet", "10.0.0.0/24"),
    subnet("snet-web", "10.0.1.0/24", ["Microsoft.Web/serverFarms"]),
    subnet("snet-pe", "10.0.2.0/25"),
    subnet("snet-small", "10.0.3.0/28"),
  ],
};

describe("the endpoint step's subnet rows", () => {
  it("say first that a subnet is dedicated or delegated, whatever its room, and mark it blocked", () => {
    const rows = subnetRows([hub], "West Europe");
    expect(rows.map((row) => [row.subnet.name, roomText(row), row.blocked])).toEqual([
      ["GatewaySubnet", "dedicated subnet", true],
      ["snet-web", "delegated subnet", true],
      ["snet-pe", "123 free · 12 fit · /25 free", false],
      ["snet-small", "11 free · 1 fit · under /25 advice", false],
    ]);
  });

  it("leaves out VNets of other regions", () => {
    expect(subnetRows([{ ...hub, location: "northeurope" }], "westeurope")).toEqual([]);
  });
});
