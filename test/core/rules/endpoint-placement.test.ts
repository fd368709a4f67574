import { describe, expect, it } from "vitest";
import { cloudFor } from "../../../src/core/clouds.js";
import {
  checkEndpointPlacement,
  type EndpointPlacementFacts,
} from "../../../src/core/rules/endpoint-placement.js";
import { codes, endpointIdIn, privateEndpoint, SUB, vault } from "./tenant.js";

const VNET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const ENDPOINT_ID = endpointIdIn("rg-net", "pe-rsv-prod-hub");
const WE_ZONES = [
  "privatelink.we.backup.windowsazure.com",
  "privatelink.blob.core.windows.net",
  "privatelink.queue.core.windows.net",
];

/** A westeurope vault, one planned AzureBackup endpoint in a westeurope VNet, records planned in the we zone. */
function facts(overrides: Partial<EndpointPlacementFacts> = {}): EndpointPlacementFacts {
  return {
    cloud: cloudFor("AzureCloud"),
    vault: vault(),
    plannedVaultLocation: "westeurope",
    endpoints: [
      {
        name: "pe-rsv-prod-hub",
        id: ENDPOINT_ID,
        groupId: "AzureBackup",
        location: "westeurope",
        virtualNetworkId: VNET,
        zoneNames: WE_ZONES,
      },
    ],
    virtualNetworks: [
      {
        id: VNET,
        name: "vnet-hub",
        location: "westeurope",
        addressSpace: [],
        dnsServers: [],
        peerings: [],
        subnets: [],
      },
    ],
    privateLinkResources: [
      { id: "plr", groupId: "AzureBackup", requiredMembers: [], requiredZoneNames: WE_ZONES },
    ],
    existingEndpoints: [],
    writesZones: true,
    ...overrides,
  };
}

describe("checkEndpointPlacement", () => {
  it("passes an endpoint in its VNet's region whose zones are the ones the vault names", () => {
    expect(checkEndpointPlacement(facts())).toEqual([]);
  });

  it("lets the endpoint's FQDNs decide once it exists, even where the vault's list agrees with the plan", () => {
    const existing = privateEndpoint("pe-rsv-prod-hub", {
      id: ENDPOINT_ID,
      customDnsConfigs: [
        {
          fqdn: "1234567890123456789-ab-pod01-fc1.privatelink.ne.backup.windowsazure.com",
          ipAddresses: ["10.0.0.4"],
        },
        { fqdn: "nebkp0123456789.blob.core.windows.net", ipAddresses: ["10.0.0.5"] },
      ],
    });
    const findings = checkEndpointPlacement(facts({ existingEndpoints: [existing] }));
    expect(codes(findings)).toEqual(["zone-name-differs-from-endpoint"]);
    expect(findings[0]).toMatchObject({ severity: "block", subject: ENDPOINT_ID });
    expect(findings[0]?.message).toContain("privatelink.ne.backup.windowsazure.com");
  });

  it("checks no zone for a plan that keeps its records outside Azure, but still the endpoint's region", () => {
    const findings = checkEndpointPlacement(
      facts({
        writesZones: false,
        endpoints: [
          { ...facts().endpoints[0], location: "northeurope" } as EndpointPlacementFacts["endpoints"][number],
        ],
        privateLinkResources: [
          {
            id: "plr",
            groupId: "AzureBackup",
            requiredMembers: [],
            requiredZoneNames: ["privatelink.ne.backup.windowsazure.com"],
          },
        ],
      }),
    );
    expect(codes(findings)).toEqual(["endpoint-location-not-vnet-region"]);
    expect(findings[0]?.fix).toContain("westeurope");
  });
});
