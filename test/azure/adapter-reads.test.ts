import { describe, expect, test } from "vitest";
import { allPages } from "../../src/azure/adapter.js";
import { locate } from "../../src/azure/resource-location.js";
import { ResourceType } from "../../src/core/arm-id.js";
import { useAdapterSession } from "./sandbox-session.js";

describe("adapter reads against the demo tenant", () => {
  // Two items per page, so every list of the demo tenant spans several pages.
  const session = useAdapterSession({ pageSize: 2 });

  test("lists subscriptions, and vaults page by page", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    expect(subscriptions.length).toBeGreaterThanOrEqual(2);

    const pages: number[] = [];
    const vaults = [];
    for (const subscription of subscriptions) {
      for await (const page of adapter.listVaults(subscription.subscriptionId)) {
        pages.push(page.length);
        vaults.push(...page);
      }
    }
    expect(pages.length).toBeGreaterThan(subscriptions.length);
    expect(pages.every((size) => size <= 2)).toBe(true);
    expect(new Set(vaults.map((v) => v.id.toLowerCase())).size).toBe(vaults.length);
    for (const vault of vaults) {
      expect(subscriptions.map((s) => s.subscriptionId)).toContain(vault.subscriptionId);
      expect(vault.id.toLowerCase()).toContain(`/resourcegroups/${vault.resourceGroup.toLowerCase()}/`);
    }
  });

  test("reads a vault, its private link resources and its protected items", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const vaults = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listVaults(s.subscriptionId))))
    ).flat();
    const counts = await Promise.all(vaults.map((v) => adapter.countProtectedItems(v.id)));
    // The demo tenant has eligible vaults and one with protected items (issue 4, "The demo tenant").
    expect(counts.some((c) => c.count > 0)).toBe(true);
    expect(counts.some((c) => c.count === 0)).toBe(true);

    const vault = vaults[0];
    if (vault === undefined) throw new Error("the demo tenant has no vault");
    expect(await adapter.getVault(vault.id)).toEqual(vault);
    const linkResources = await allPages(adapter.listPrivateLinkResources(vault.id));
    const backup = linkResources.find((r) => r.groupId === "AzureBackup");
    expect(backup?.requiredZoneNames).toEqual(
      expect.arrayContaining(["privatelink.blob.core.windows.net", "privatelink.queue.core.windows.net"]),
    );
  });

  test("reads virtual networks with their subnets, a subnet alone, and its network security group", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const vnets = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listVirtualNetworks(s.subscriptionId))))
    ).flat();
    const vnet = vnets.find((v) => v.subnets.length > 2);
    if (vnet === undefined)
      throw new Error("the demo tenant has no virtual network with more than two subnets");
    expect(vnets.some((v) => v.peerings.length > 0)).toBe(true);

    expect(await allPages(adapter.listSubnets(vnet.id))).toEqual(vnet.subnets);
    const subnet = vnet.subnets[0];
    if (subnet === undefined) throw new Error("unreachable: checked above");
    // A VNet's read carries its subnets whole, as the list does: apply reads endpoint subnets through their VNets.
    expect((await adapter.getVirtualNetwork(vnet.id)).subnets).toEqual(vnet.subnets);
    expect(subnet.virtualNetworkId.toLowerCase()).toBe(vnet.id.toLowerCase());

    const withNsg = vnets.flatMap((v) => v.subnets).find((s) => s.networkSecurityGroupId !== undefined);
    if (withNsg?.networkSecurityGroupId === undefined)
      throw new Error("the demo tenant has no subnet with an NSG");
    const nsg = await adapter.getNetworkSecurityGroup(withNsg.networkSecurityGroupId);
    expect(nsg.defaultSecurityRules.length).toBeGreaterThan(0);
    expect(nsg.id.toLowerCase()).toBe(withNsg.networkSecurityGroupId.toLowerCase());
  });

  test("reads existing private endpoints and private DNS zones with their links and records", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const endpoints = (
      await Promise.all(
        subscriptions.map((s) =>
          allPages(adapter.listPrivateEndpoints({ subscriptionId: s.subscriptionId })),
        ),
      )
    ).flat();
    const endpoint = endpoints[0];
    if (endpoint === undefined) throw new Error("the demo tenant has no private endpoint");
    expect(await adapter.getPrivateEndpoint(endpoint.id)).toEqual(endpoint);
    const { subscriptionId, resourceGroup } = locate(endpoint.id, ResourceType.privateEndpoint);
    const inGroup = await allPages(adapter.listPrivateEndpoints({ subscriptionId, resourceGroup }));
    expect(inGroup.map((e) => e.id)).toContain(endpoint.id);

    const zones = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listPrivateDnsZones(s.subscriptionId))))
    ).flat();
    const zone = zones[0];
    if (zone === undefined) throw new Error("the demo tenant has no private DNS zone");
    expect(await adapter.getPrivateDnsZone(zone.id)).toEqual(zone);
    const links = await allPages(adapter.listVirtualNetworkLinks(zone.id));
    expect(links.every((l) => l.zoneId.toLowerCase() === zone.id.toLowerCase())).toBe(true);
    const records = await allPages(adapter.listRecordSets(zone.id));
    expect(records.map((r) => r.name)).toContain("@");
  });
});
