import { describe, expect, it } from "vitest";
import { checkEndpointSubnet } from "../../../src/core/rules/endpoint-subnet.js";
import { codes, ipConfigurations, nsg, subnet } from "./tenant.js";

const oneEndpoint = { plannedEndpoints: 1, backupServerDataSources: 0 };

describe("checkEndpointSubnet", () => {
  it("passes an empty /24 (251 free, more than a /25)", () => {
    expect(checkEndpointSubnet({ subnet: subnet(), ...oneEndpoint })).toEqual([]);
  });

  it("blocks a nearly full /27: 27 free, 3 endpoints need 30", () => {
    const findings = checkEndpointSubnet({
      subnet: subnet({ addressPrefixes: ["10.0.1.0/27"] }),
      plannedEndpoints: 3,
      backupServerDataSources: 0,
    });
    expect(codes(findings)).toEqual(["subnet-too-small"]);
    expect(findings[0]?.message).toContain("27 free addresses");
    expect(findings[0]?.message).toContain("need 30");
  });

  it("asks 10 + n free addresses for a MABS server protecting n data sources", () => {
    const small = subnet({ addressPrefixes: ["10.0.1.0/28"] }); // 11 free
    expect(
      codes(checkEndpointSubnet({ subnet: small, plannedEndpoints: 1, backupServerDataSources: 1 })),
    ).toEqual(["subnet-below-recommended-headroom"]);
    expect(
      codes(checkEndpointSubnet({ subnet: small, plannedEndpoints: 1, backupServerDataSources: 2 })),
    ).toEqual(["subnet-too-small"]);
  });

  it("warns below a /25 of headroom even when the endpoint fits", () => {
    const findings = checkEndpointSubnet({
      subnet: subnet({ ipConfigurations: ipConfigurations(4, 130) }), // 251 - 130 = 121 free
      ...oneEndpoint,
    });
    expect(codes(findings)).toEqual(["subnet-below-recommended-headroom"]);
    expect(findings[0]?.message).toContain("121 free");
  });

  it("counts IP configurations whose address ARM did not report as used", () => {
    const findings = checkEndpointSubnet({
      subnet: subnet({ ipConfigurations: [...ipConfigurations(4, 100), ...ipConfigurations(0, 30, false)] }),
      ...oneEndpoint,
    });
    expect(codes(findings)).toEqual(["subnet-below-recommended-headroom"]);
    expect(findings[0]?.message).toContain("121 free");
  });

  it("blocks a delegated subnet", () => {
    const findings = checkEndpointSubnet({
      subnet: subnet({ delegations: ["Microsoft.Web/serverFarms"] }),
      ...oneEndpoint,
    });
    expect(codes(findings)).toEqual(["subnet-delegated"]);
    expect(findings[0]?.message).toContain("Microsoft.Web/serverFarms");
  });

  it.each([
    "GatewaySubnet",
    "AzureFirewallSubnet",
    "AzureBastionSubnet",
    "RouteServerSubnet",
    "gatewaysubnet",
  ])("blocks %s, a subnet dedicated to one Azure service, however roomy", (name) => {
    const findings = checkEndpointSubnet({ subnet: subnet({ name }), ...oneEndpoint });
    expect(codes(findings)).toEqual(["subnet-dedicated-to-service"]);
    expect(findings[0]?.message).toContain(`/${name} is dedicated to`);
  });

  it("explains that the subnet's NSG applies to endpoints only with network policies on", () => {
    const withNsg = { networkSecurityGroupId: nsg().id };
    const on = checkEndpointSubnet({
      subnet: subnet({ ...withNsg, privateEndpointNetworkPolicies: "NetworkSecurityGroupEnabled" }),
      ...oneEndpoint,
    });
    expect(codes(on)).toEqual(["endpoint-network-policies-on"]);
    const off = checkEndpointSubnet({
      subnet: subnet({ ...withNsg, privateEndpointNetworkPolicies: "RouteTableEnabled" }),
      ...oneEndpoint,
    });
    expect(codes(off)).toEqual(["endpoint-network-policies-off"]);
    expect(off[0]?.message).toContain("RouteTableEnabled");
  });
});
