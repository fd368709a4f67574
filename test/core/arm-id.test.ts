import { describe, expect, it } from "vitest";
import {
  formatResourceId,
  isResourceType,
  networkSecurityGroupId,
  parentId,
  parseResourceId,
  parseResourceIdOfType,
  privateDnsZoneId,
  privateEndpointId,
  type ResourceId,
  ResourceType,
  resourceGroupId,
  sameResourceId,
  subnetId,
  vaultKindOf,
  virtualNetworkId,
} from "../../src/core/arm-id.js";
import { UserError } from "../../src/core/user-error.js";

const SUB = "11111111-2222-3333-4444-555555555555";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;
const scope = { subscriptionId: SUB, resourceGroup: "rg-net" };

function userErrorFrom(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError, nothing was thrown");
}

describe("parseResourceId", () => {
  it("reads a subnet id as a child of its virtual network", () => {
    const id = parseResourceId(`${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`);
    expect(id).toEqual({
      kind: "resource",
      id: `${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`,
      subscriptionId: SUB,
      resourceGroup: "rg-net",
      provider: "Microsoft.Network",
      segments: [
        { type: "virtualNetworks", name: "hub" },
        { type: "subnets", name: "pe" },
      ],
      fullType: "Microsoft.Network/virtualNetworks/subnets",
      name: "pe",
    });
  });

  it("reads a Recovery Services vault id", () => {
    const id = parseResourceId(`${RG}/providers/Microsoft.RecoveryServices/vaults/rsv-prod`);
    expect(id.kind).toBe("resource");
    expect(id.fullType).toBe(ResourceType.recoveryServicesVault);
    expect(id.name).toBe("rsv-prod");
  });

  it("reads subscription and resource group ids", () => {
    expect(parseResourceId(`/subscriptions/${SUB}`)).toEqual({
      kind: "subscription",
      id: `/subscriptions/${SUB}`,
      subscriptionId: SUB,
      fullType: "Microsoft.Resources/subscriptions",
      name: SUB,
    });
    expect(parseResourceId(RG)).toEqual({
      kind: "resourceGroup",
      id: RG,
      subscriptionId: SUB,
      resourceGroup: "rg-net",
      fullType: "Microsoft.Resources/resourceGroups",
      name: "rg-net",
    });
  });

  it("reads a subscription-level resource, which has no resource group", () => {
    const id = parseResourceId(`/subscriptions/${SUB}/providers/Microsoft.Network/networkWatchers/nw`);
    expect(id.kind).toBe("resource");
    expect("resourceGroup" in id).toBe(false);
    expect(id.fullType).toBe("Microsoft.Network/networkWatchers");
  });

  it("accepts ARM's lower-case keywords and keeps the casing of names", () => {
    const id = parseResourceId(
      `/SUBSCRIPTIONS/${SUB}/resourcegroups/RG-Net/PROVIDERS/microsoft.network/privateDnsZones/Z.com`,
    );
    expect(id.kind === "resource" && id.resourceGroup).toBe("RG-Net");
    expect(id.fullType).toBe("microsoft.network/privateDnsZones");
    expect(isResourceType(id, ResourceType.privateDnsZone)).toBe(true);
  });

  it("ignores whitespace around a pasted id", () => {
    expect(parseResourceId(`  ${RG}\n`).id).toBe(RG);
  });

  it.each([
    ["an empty string", "", "must start with /subscriptions/"],
    ["a name instead of an id", "rsv-prod", "must start with /subscriptions/"],
    ["a wrong first keyword", `/subscription/${SUB}`, "must start with /subscriptions/"],
    ["a missing subscription", "/subscriptions", "subscription id is missing"],
    ["an empty subscription", "/subscriptions//resourceGroups/x", 'empty segment after "/subscriptions"'],
    ["a subscription that is not a GUID", "/subscriptions/my-sub/resourceGroups/x", '"my-sub" is not a GUID'],
    ["a missing group name", `/subscriptions/${SUB}/resourceGroups`, "resource group name is missing"],
    ["a trailing slash", `${RG}/`, 'empty segment after "/subscriptions/'],
    ["a double slash inside", `${RG}/providers//vaults/v`, "empty segment"],
    [
      "something else than providers",
      `${RG}/vaults/v`,
      'expected "providers" after the resource group, found "vaults"',
    ],
    ["providers without a namespace", `${RG}/providers`, "provider namespace is missing"],
    [
      "a provider without a type",
      `${RG}/providers/Microsoft.Network`,
      "Microsoft.Network has no resource type and name",
    ],
    [
      "a type without a name",
      `${RG}/providers/Microsoft.Network/virtualNetworks`,
      '"virtualNetworks" has no name',
    ],
    [
      "a child type without a name",
      `${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets`,
      '"subnets" has no name',
    ],
    [
      "a namespace without a dot",
      `${RG}/providers/Network/virtualNetworks/hub`,
      '"Network" is not a provider namespace',
    ],
    [
      "an extension resource",
      `${RG}/providers/Microsoft.Network/virtualNetworks/hub/providers/Microsoft.Authorization/locks/l`,
      "extension resource ids",
    ],
  ])("refuses %s, saying what is wrong", (_, input, problem) => {
    const error = userErrorFrom(() => parseResourceId(input));
    expect(error.message).toContain(`"${input.trim()}" is not a valid Azure resource id`);
    expect(error.message).toContain(problem);
    expect(error.hint).toContain("/subscriptions/<subscription id>/resourceGroups/<group>/providers/");
  });
});

describe("formatResourceId", () => {
  it("round-trips a parsed id", () => {
    const text = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.eus.backup.windowsazure.com/virtualNetworkLinks/hub`;
    expect(formatResourceId(parseResourceId(text))).toBe(text);
  });

  it("builds subscription and resource group ids", () => {
    expect(formatResourceId({ subscriptionId: SUB })).toBe(`/subscriptions/${SUB}`);
    expect(formatResourceId(scope)).toBe(RG);
  });

  it("refuses a name with a slash, which would silently change the id's shape", () => {
    const error = userErrorFrom(() =>
      formatResourceId({
        ...scope,
        provider: "Microsoft.Network",
        segments: [{ type: "virtualNetworks", name: "a/b" }],
      }),
    );
    expect(error.message).toContain('"a/b" contains a slash');
    expect(() => formatResourceId({ subscriptionId: `${SUB}/resourceGroups/x` })).toThrow(UserError);
  });

  it("refuses empty names", () => {
    expect(() => formatResourceId({ subscriptionId: SUB, resourceGroup: "" })).toThrow(/empty segment/);
  });
});

describe("sameResourceId", () => {
  const subnet = `${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`;

  it("compares without regard to case, like ARM", () => {
    expect(sameResourceId(subnet, subnet.toUpperCase())).toBe(true);
    expect(sameResourceId(parseResourceId(subnet), subnet.replace("resourceGroups", "resourcegroups"))).toBe(
      true,
    );
  });

  it("tells different resources apart", () => {
    expect(sameResourceId(subnet, subnet.replace("/pe", "/pe2"))).toBe(false);
    expect(sameResourceId(subnet, parentId(subnet) as ResourceId)).toBe(false);
  });
});

describe("parentId", () => {
  it("walks from a subnet up to its subscription", () => {
    const subnet = parseResourceId(`${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`);
    const vnet = parentId(subnet);
    expect(vnet?.id).toBe(`${RG}/providers/Microsoft.Network/virtualNetworks/hub`);
    expect(vnet?.fullType).toBe(ResourceType.virtualNetwork);
    const group = parentId(vnet as ResourceId);
    expect(group?.kind).toBe("resourceGroup");
    expect(group?.id).toBe(RG);
    const subscription = parentId(group as ResourceId);
    expect(subscription?.id).toBe(`/subscriptions/${SUB}`);
    expect(parentId(subscription as ResourceId)).toBeUndefined();
  });

  it("gives a subscription-level resource its subscription as parent", () => {
    expect(parentId(`/subscriptions/${SUB}/providers/Microsoft.Network/networkWatchers/nw`)?.id).toBe(
      `/subscriptions/${SUB}`,
    );
  });
});

describe("builders", () => {
  it.each([
    [
      virtualNetworkId(scope, "hub"),
      `${RG}/providers/Microsoft.Network/virtualNetworks/hub`,
      ResourceType.virtualNetwork,
    ],
    [
      subnetId(scope, "hub", "pe"),
      `${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/pe`,
      ResourceType.subnet,
    ],
    [
      privateEndpointId(scope, "pe1"),
      `${RG}/providers/Microsoft.Network/privateEndpoints/pe1`,
      ResourceType.privateEndpoint,
    ],
    [
      privateDnsZoneId(scope, "privatelink.blob.core.windows.net"),
      `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
      ResourceType.privateDnsZone,
    ],
    [
      networkSecurityGroupId(scope, "nsg"),
      `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg`,
      ResourceType.networkSecurityGroup,
    ],
    [resourceGroupId(scope), RG, ResourceType.resourceGroup],
  ])("builds %#: the id ARM uses, of the right type", (built, text, type) => {
    expect(built.id).toBe(text);
    expect(built.fullType).toBe(type);
    expect(parseResourceId(text)).toEqual(built);
  });

  it("refuses a bad name instead of building a different id", () => {
    expect(() => subnetId(scope, "hub/subnets/other", "pe")).toThrow(UserError);
  });
});

describe("Backup vault versus Recovery Services vault", () => {
  const rsv = `${RG}/providers/Microsoft.RecoveryServices/vaults/rsv`;
  const bv = `${RG}/providers/Microsoft.DataProtection/backupVaults/bv`;

  it("tells which kind of vault an id names", () => {
    expect(vaultKindOf(parseResourceId(rsv))).toBe("recoveryServicesVault");
    expect(vaultKindOf(parseResourceId(bv))).toBe("backupVault");
    expect(vaultKindOf(parseResourceId(rsv.toLowerCase()))).toBe("recoveryServicesVault");
    expect(
      vaultKindOf(parseResourceId(`${RG}/providers/Microsoft.Network/virtualNetworks/hub`)),
    ).toBeUndefined();
  });

  it("accepts a Recovery Services vault where one is expected", () => {
    expect(parseResourceIdOfType(rsv, ResourceType.recoveryServicesVault).name).toBe("rsv");
  });

  it("refuses a Backup vault where a Recovery Services vault is expected, and says why", () => {
    const error = userErrorFrom(() => parseResourceIdOfType(bv, ResourceType.recoveryServicesVault));
    expect(error.message).toBe(
      `"${bv}" is a Backup vault (Microsoft.DataProtection/backupVaults), but a Recovery Services vault (Microsoft.RecoveryServices/vaults) is expected here.`,
    );
    expect(error.hint).toContain("This is a Backup vault");
    expect(error.hint).toContain("only with Recovery Services vaults");
  });

  it("names the expected type for other mix-ups", () => {
    const vnet = `${RG}/providers/Microsoft.Network/virtualNetworks/hub`;
    const error = userErrorFrom(() => parseResourceIdOfType(vnet, ResourceType.subnet));
    expect(error.message).toContain("is a virtual network (Microsoft.Network/virtualNetworks), but a subnet");
    expect(error.hint).toContain("Give the id of a subnet.");
  });
});
