import { describe, expect, test } from "vitest";
import { type CheckedExchange, checkExchanges, type SpecViolation } from "./spec-conformance.js";

const SUB = "00000000-0000-0000-0000-000000000001";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-backup`;
const VAULT = `${RG}/providers/Microsoft.RecoveryServices/vaults/rsv-prod`;
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod`;
const SUBNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/pe`;
const NIC = `${RG}/providers/Microsoft.Network/networkInterfaces/pe-rsv-prod.nic`;
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.we.backup.windowsazure.com`;

function get(path: string, apiVersion: string, status: number, responseBody: unknown): CheckedExchange {
  return {
    method: "GET",
    path,
    query: { "api-version": apiVersion },
    requestBody: undefined,
    status,
    responseHeaders: { "content-type": "application/json" },
    responseBody,
  };
}

const vault = {
  id: VAULT,
  name: "rsv-prod",
  type: "Microsoft.RecoveryServices/vaults",
  location: "westeurope",
  sku: { name: "Standard" },
  properties: {
    provisioningState: "Succeeded",
    publicNetworkAccess: "Enabled",
    privateEndpointStateForBackup: "None",
    redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Enabled" },
  },
};

const privateEndpointPut: CheckedExchange = {
  method: "PUT",
  path: PE,
  query: "api-version=2026-01-01",
  requestBody: JSON.stringify({
    location: "westeurope",
    properties: {
      subnet: { id: SUBNET },
      // readOnly: ARM ignores it in a request, so sending it is no violation.
      provisioningState: "Succeeded",
      privateLinkServiceConnections: [
        { name: "pe-rsv-prod", properties: { privateLinkServiceId: VAULT, groupIds: ["AzureBackup"] } },
      ],
    },
  }),
  status: 201,
  responseHeaders: {
    "Azure-AsyncOperation": `http://127.0.0.1:9/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/op-1?api-version=2026-01-01`,
  },
  responseBody: {
    id: PE,
    name: "pe-rsv-prod",
    location: "westeurope",
    properties: { provisioningState: "Updating" },
  },
};

function messages(violations: readonly SpecViolation[]): string[] {
  return violations.map((v) => `${v.operationId ?? "?"} ${v.part}${v.pointer}: ${v.message}`);
}

describe("checkExchanges", () => {
  test("a conforming read, write, poll and error pass", async () => {
    const violations = await checkExchanges([
      get(VAULT, "2026-07-01", 200, vault),
      privateEndpointPut,
      get(
        `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/op-1`,
        "2026-01-01",
        200,
        {
          status: "Succeeded",
        },
      ),
      get(VAULT, "2026-07-01", 404, {
        error: { code: "ResourceNotFound", message: "The vault was not found." },
      }),
    ]);
    expect(messages(violations)).toEqual([]);
  });

  test("a response missing a required property fails", async () => {
    const violations = await checkExchanges([
      get(`/subscriptions/${SUB}/providers/Microsoft.RecoveryServices/vaults`, "2026-07-01", 200, {
        nextLink: "http://127.0.0.1:9/next",
      }),
    ]);
    expect(messages(violations)).toEqual([
      "Vaults_ListBySubscriptionId response: must have required property 'value'",
    ]);
  });

  test("a wrong type, an unknown property and a closed enum value fail", async () => {
    const broken = {
      ...vault,
      location: 5,
      properties: { ...vault.properties, publicNetworkAcess: "Disabled" },
    };
    const violations = await checkExchanges([
      get(VAULT, "2026-07-01", 200, broken),
      get(`${ZONE}/XYZ`, "2024-06-01", 200, { value: [] }),
    ]);
    expect(messages(violations)).toEqual([
      "Vaults_Get response/location: must be string",
      'Vaults_Get response/properties: property "publicNetworkAcess" is not in the spec',
      'RecordSets_ListByType path/recordType: must be equal to one of the allowed values: ["A","AAAA","CNAME","MX","PTR","SOA","SRV","TXT"]',
    ]);
  });

  test("an unknown api-version and an unknown path fail", async () => {
    const violations = await checkExchanges([
      get(VAULT, "2016-06-01", 200, vault),
      get(`${RG}/providers/Microsoft.RecoveryServices/vaultz/rsv-prod`, "2026-07-01", 200, vault),
      { ...get(VAULT, "2026-07-01", 200, vault), query: {} },
    ]);
    expect(messages(violations)).toEqual([
      "? operation: api-version 2016-06-01 is not a version the vendored specs define for Vaults_Get (known: 2024-04-01, 2026-07-01)",
      "? operation: no operation in the vendored specs has this method and path",
      "? operation: api-version (missing) is not a version the vendored specs define for Vaults_Get (known: 2024-04-01, 2026-07-01)",
    ]);
  });

  test("a status the operation does not declare, and an error body not in ARM's shape, fail", async () => {
    const violations = await checkExchanges([
      get(VAULT, "2026-07-01", 201, vault),
      get(VAULT, "2026-07-01", 409, { message: "conflict" }),
    ]);
    expect(messages(violations)).toEqual([
      "Vaults_Get response: status 201 is not declared (declared: 200, default)",
      'Vaults_Get response: property "message" is not in the spec',
    ]);
  });

  test("open enums accept new values; x-nullable admits null only where declared", async () => {
    const subnet = {
      id: SUBNET,
      name: "pe",
      properties: { addressPrefix: "10.0.1.0/25", privateEndpointNetworkPolicies: "SomeFutureValue" },
    };
    const nic = (ipConfiguration: Record<string, unknown>) => ({
      id: NIC,
      name: "pe-rsv-prod.nic",
      location: "westeurope",
      properties: {
        ipConfigurations: [{ id: `${NIC}/ipConfigurations/c1`, name: "c1", properties: ipConfiguration }],
      },
    });
    const violations = await checkExchanges([
      get(SUBNET, "2026-01-01", 200, subnet),
      get(NIC, "2026-01-01", 200, nic({ privateIPAddressPrefixLength: null, privateIPAddress: "10.0.1.4" })),
      get(NIC, "2026-01-01", 200, nic({ privateIPAddress: null })),
    ]);
    expect(messages(violations)).toEqual([
      "NetworkInterfaces_Get response/properties/ipConfigurations/0/properties/privateIPAddress: must be string",
    ]);
  });

  test("a polymorphic item is checked against the subtype its discriminator names", async () => {
    const items = (properties: Record<string, unknown>) =>
      get(`${VAULT}/backupProtectedItems`, "2023-06-01", 200, {
        value: [{ id: `${VAULT}/items/1`, properties }],
      });
    const violations = await checkExchanges([
      items({ protectedItemType: "Microsoft.Compute/virtualMachines", friendlyName: "vm-1" }),
      items({ protectedItemType: "Microsoft.Compute/virtualMachines", friendlyName: 7 }),
    ]);
    expect(messages(violations)).toContain(
      "BackupProtectedItems_List response/value/0/properties/friendlyName: must be string",
    );
    expect(violations.every((v) => v.pointer.startsWith("/value/0/properties"))).toBe(true);
    expect(violations).not.toHaveLength(0);
  });

  test("a body sent to an operation status URL must carry ARM's status field", async () => {
    const violations = await checkExchanges([
      privateEndpointPut,
      get(
        `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/op-1`,
        "2026-01-01",
        200,
        {
          state: "Succeeded",
        },
      ),
    ]);
    expect(messages(violations)).toEqual([
      "PrivateEndpoints_CreateOrUpdate response: must have required property 'status'",
    ]);
  });

  test("a request body missing a required property fails", async () => {
    const violations = await checkExchanges([
      {
        method: "PUT",
        path: `${ZONE}/A/www`,
        query: { "api-version": "2024-06-01" },
        requestBody: { properties: { ttl: "3600" } },
        status: 200,
        responseHeaders: {},
        responseBody: { id: `${ZONE}/A/www`, name: "www", properties: { ttl: 3600 } },
      },
    ]);
    expect(messages(violations)).toEqual([
      "RecordSets_CreateOrUpdate request body/properties/ttl: must be integer",
    ]);
  });
});

describe("known spec defects", () => {
  test("a last page of subscriptions without nextLink passes, as ARM really sends it", async () => {
    const subscriptions = get("/subscriptions", "2022-12-01", 200, {
      value: [
        { id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: "Production", state: "Enabled" },
      ],
    });
    expect(messages(await checkExchanges([subscriptions]))).toEqual([]);
  });
});

describe("errors", () => {
  test("ARM's error envelope passes even where a spec's default describes errors otherwise", async () => {
    const refused = {
      ...privateEndpointPut,
      status: 400,
      responseHeaders: {},
      responseBody: {
        error: { code: "UserErrorProtectedItemsExist", message: "The vault has protected items." },
      },
    };
    const flat = {
      ...refused,
      responseBody: { code: "BadRequest", message: "flat, as network.json's Error says" },
    };
    const neither = { ...refused, responseBody: { error: { message: "no code" } } };
    expect(messages(await checkExchanges([refused, flat]))).toEqual([]);
    expect(messages(await checkExchanges([neither]))).toEqual([
      'PrivateEndpoints_CreateOrUpdate response: property "error" is not in the spec',
    ]);
  });
});
