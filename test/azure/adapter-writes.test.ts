import { describe, expect, test } from "vitest";
import { type AzureAdapter, allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import type { LongRunningStatus } from "../../src/azure/long-running.js";
import type { Subnet, Vault } from "../../src/core/inventory.js";
import { FaultInjector, type FaultSchedule } from "../../src/sandbox/faults.js";
import { type RecordedExchange, startSandbox } from "../../src/sandbox/server.js";
import { useAdapterSession } from "./sandbox-session.js";

/** How ARM answered the write itself: its status and which polling header it gave. */
function writeAnswer(exchanges: readonly RecordedExchange[], method: string, idSuffix: string) {
  const write = exchanges.find(
    (e) => e.method === method && e.path.toLowerCase().endsWith(idSuffix.toLowerCase()),
  );
  const headers = Object.fromEntries(
    Object.entries(write?.responseHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    status: write?.status,
    polledVia: ["azure-asyncoperation", "location"].filter((h) => headers[h] !== undefined),
  };
}

/** An eligible vault (nothing protected, no endpoint yet) and a roomy subnet (/25 or larger) in its region. */
async function eligibleVaultAndSubnet(adapter: AzureAdapter): Promise<{ vault: Vault; subnet: Subnet }> {
  for (const { subscriptionId } of await allPages(adapter.listSubscriptions())) {
    const vnets = await allPages(adapter.listVirtualNetworks(subscriptionId));
    for (const vault of await allPages(adapter.listVaults(subscriptionId))) {
      if (vault.privateEndpointConnections.length > 0) continue;
      if ((await adapter.countProtectedItems(vault.id)).count > 0) continue;
      const subnet = vnets
        .filter((v) => v.location === vault.location)
        .flatMap((v) => v.subnets)
        .find(
          (s) =>
            s.delegations.length === 0 &&
            s.ipConfigurations.length === 0 &&
            s.addressPrefixes.some((p) => Number(p.split("/")[1]) <= 25),
        );
      if (subnet !== undefined) return { vault, subnet };
    }
  }
  throw new Error("the demo tenant has no eligible vault with a roomy subnet in its region");
}

function endpointIdIn(subnet: Subnet, name: string): string {
  const resourceGroup = subnet.id.split("/providers/")[0];
  return `${resourceGroup}/providers/Microsoft.Network/privateEndpoints/${name}`;
}

describe("adapter writes against the demo tenant", () => {
  const session = useAdapterSession();

  test("creates an auto-approved backup endpoint through its Azure-AsyncOperation, with DNS configs once provisioned", async () => {
    const { adapter } = session();
    const { vault, subnet } = await eligibleVaultAndSubnet(adapter);
    const progress: LongRunningStatus[] = [];

    await adapter.createOrUpdatePrivateEndpoint(
      {
        id: endpointIdIn(subnet, `pe-${vault.name}`),
        location: vault.location,
        subnetId: subnet.id,
        vaultId: vault.id,
        groupId: "AzureBackup",
        approval: { kind: "auto" },
      },
      { onProgress: (status) => progress.push(status) },
    );
    const endpoint = await adapter.getPrivateEndpoint(endpointIdIn(subnet, `pe-${vault.name}`));

    expect(writeAnswer(session().exchanges, "PUT", `/privateEndpoints/pe-${vault.name}`)).toEqual({
      status: 201,
      polledVia: ["azure-asyncoperation"],
    });
    expect(progress.at(-1)).toBe("succeeded");
    expect(endpoint.provisioningState).toBe("Succeeded");
    expect(endpoint.connection).toMatchObject({
      approval: "auto",
      groupIds: ["AzureBackup"],
      status: "Approved",
    });
    expect(endpoint.customDnsConfigs.some((c) => c.fqdn.includes(".backup.windowsazure.com"))).toBe(true);
    const subnetAfter = (await adapter.getVirtualNetwork(subnet.virtualNetworkId)).subnets.find(
      (s) => s.id.toLowerCase() === subnet.id.toLowerCase(),
    );
    expect(subnetAfter?.privateEndpointIds.map((id) => id.toLowerCase())).toContain(
      endpoint.id.toLowerCase(),
    );
    const after = await adapter.getVault(vault.id);
    expect(
      after.privateEndpointConnections.map((c) => [c.privateEndpointId.toLowerCase(), c.status]),
    ).toContainEqual([endpoint.id.toLowerCase(), "Approved"]);
  });

  test("a manual endpoint waits as Pending until the vault owner approves it through the backup provider", async () => {
    const { adapter } = session();
    const { vault, subnet } = await eligibleVaultAndSubnet(adapter);

    await adapter.createOrUpdatePrivateEndpoint({
      id: endpointIdIn(subnet, `pe-${vault.name}-manual`),
      location: vault.location,
      subnetId: subnet.id,
      vaultId: vault.id,
      groupId: "AzureBackup",
      approval: { kind: "manual", requestMessage: "vaultlink: backup endpoint for the hub" },
    });
    const endpoint = await adapter.getPrivateEndpoint(endpointIdIn(subnet, `pe-${vault.name}-manual`));
    expect(endpoint.connection).toMatchObject({ approval: "manual", status: "Pending" });
    const pending = (await adapter.getVault(vault.id)).privateEndpointConnections.find(
      (c) => c.privateEndpointId.toLowerCase() === endpoint.id.toLowerCase(),
    );
    expect(pending?.status).toBe("Pending");

    await adapter.approvePrivateEndpointConnection(vault.id, pending?.name ?? "");

    const approved = (await adapter.getVault(vault.id)).privateEndpointConnections.find(
      (c) => c.privateEndpointId.toLowerCase() === endpoint.id.toLowerCase(),
    );
    expect(approved?.status).toBe("Approved");
    expect((await adapter.getPrivateEndpoint(endpoint.id)).connection?.status).toBe("Approved");
  });

  test("creates a private DNS zone (202, then polled), links it, writes an A record and a zone group", async () => {
    const { adapter } = session();
    const { vault, subnet } = await eligibleVaultAndSubnet(adapter);
    const resourceGroup = subnet.id.split("/providers/")[0] ?? "";
    const zoneId = `${resourceGroup}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`;
    const zoneProgress: LongRunningStatus[] = [];

    await adapter.createOrUpdatePrivateDnsZone({ id: zoneId }, { onProgress: (s) => zoneProgress.push(s) });
    const zone = await adapter.getPrivateDnsZone(zoneId);
    expect(zone.name).toBe("privatelink.blob.core.windows.net");
    expect(
      writeAnswer(session().exchanges, "PUT", "/privateDnsZones/privatelink.blob.core.windows.net").status,
    ).toBe(202);
    expect(zoneProgress.at(-1)).toBe("succeeded");

    await adapter.createOrUpdateVirtualNetworkLink({
      id: `${zoneId}/virtualNetworkLinks/link-${vault.name}`,
      virtualNetworkId: subnet.virtualNetworkId,
      registrationEnabled: false,
    });
    const links = await allPages(adapter.listVirtualNetworkLinks(zoneId));
    expect(links.map((l) => [l.name, l.virtualNetworkId.toLowerCase(), l.provisioningState])).toEqual([
      [`link-${vault.name}`, subnet.virtualNetworkId.toLowerCase(), "Succeeded"],
    ]);

    const record = await adapter.createOrUpdateARecordSet({
      id: `${zoneId}/A/MyStorageAccount`,
      ttl: 10,
      ipv4Addresses: ["10.0.0.9"],
    });
    // ARM lower-cases record names.
    expect(record).toMatchObject({ recordType: "A", name: "mystorageaccount", ipv4Addresses: ["10.0.0.9"] });

    const endpoint = { id: endpointIdIn(subnet, `pe-${vault.name}`) };
    await adapter.createOrUpdatePrivateEndpoint({
      id: endpoint.id,
      location: vault.location,
      subnetId: subnet.id,
      vaultId: vault.id,
      groupId: "AzureBackup",
      approval: { kind: "auto" },
    });
    await adapter.createOrUpdatePrivateDnsZoneGroup({
      privateEndpointId: endpoint.id,
      name: "default",
      zones: [{ configName: "blob", privateDnsZoneId: zoneId }],
    });
    const records = await allPages(adapter.listRecordSets(zoneId));
    expect(records.filter((r) => r.recordType === "A").length).toBeGreaterThan(1);
    expect(await allPages(adapter.listPrivateDnsZoneGroups(endpoint.id))).toEqual([
      {
        id: `${endpoint.id}/privateDnsZoneGroups/default`,
        name: "default",
        privateEndpointId: endpoint.id,
        zones: [{ configName: "blob", privateDnsZoneId: zoneId }],
        provisioningState: "Succeeded",
      },
    ]);
  });

  test("turns public network access off with a vault PATCH the service answers at once (200)", async () => {
    const { adapter } = session();
    const { vault } = await eligibleVaultAndSubnet(adapter);
    const progress: LongRunningStatus[] = [];

    const updated = await adapter.setVaultPublicNetworkAccess(vault.id, "Disabled", {
      onProgress: (s) => progress.push(s),
    });

    expect(writeAnswer(session().exchanges, "PATCH", `/vaults/${vault.name}`)).toEqual({
      status: 200,
      polledVia: [],
    });
    expect(updated.publicNetworkAccess).toBe("Disabled");
    expect((await adapter.getVault(vault.id)).publicNetworkAccess).toBe("Disabled");
    expect(progress.at(-1)).toBe("succeeded");
  });

  test("adds an outbound rule to a network security group", async () => {
    const { adapter } = session();
    const subscriptions = await allPages(adapter.listSubscriptions());
    const subnets = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listVirtualNetworks(s.subscriptionId))))
    ).flatMap((vnets) => vnets.flatMap((v) => v.subnets));
    const nsgId = subnets.find((s) => s.networkSecurityGroupId !== undefined)?.networkSecurityGroupId;
    if (nsgId === undefined) throw new Error("the demo tenant has no NSG on a subnet");
    const rule = {
      name: "allow-entra-id-443",
      priority: 310,
      direction: "Outbound",
      access: "Allow",
      protocol: "Tcp",
      sourceAddressPrefixes: ["VirtualNetwork"],
      sourcePortRanges: ["*"],
      destinationAddressPrefixes: ["AzureActiveDirectory"],
      destinationPortRanges: ["443"],
      description: "vaultlink: workload extensions reach Microsoft Entra ID",
    } as const;

    await adapter.createOrUpdateSecurityRule({ networkSecurityGroupId: nsgId, rule });
    expect((await adapter.getNetworkSecurityGroup(nsgId)).securityRules).toContainEqual(rule);
  });
});

describe("long-running writes that take time", () => {
  const session = useAdapterSession({ latency: { read: 0, write: 0, lro: 1000 } });

  test("wait out ARM's Retry-After before the first poll: one status poll, no wasted poll and no read of the result", async () => {
    const { adapter, exchanges } = session();
    const [subscription] = await allPages(adapter.listSubscriptions());
    if (subscription === undefined) throw new Error("no subscription");
    const zoneId = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.uks.backup.windowsazure.com`;
    const before = exchanges.length;

    await adapter.createOrUpdatePrivateDnsZone({ id: zoneId });

    const traffic = exchanges.slice(before).map((e) => `${e.method} ${e.status} ${e.path.split("/").at(-2)}`);
    // The status monitor's Succeeded is the write's final answer: apply needs nothing of the resource it made.
    expect(traffic).toEqual(["PUT 202 privateDnsZones", "GET 200 privateDnsOperationStatuses"]);
    expect((await adapter.getPrivateDnsZone(zoneId)).provisioningState).toBe("Succeeded");
  });
});

describe("private DNS writes made together", () => {
  const session = useAdapterSession({ latency: { read: 0, write: 0, lro: 1000 } });

  async function zoneAndVnets(adapter: AzureAdapter) {
    const subscriptions = await allPages(adapter.listSubscriptions());
    const [subscription] = subscriptions;
    if (subscription === undefined) throw new Error("no subscription");
    const vnets = (
      await Promise.all(subscriptions.map((s) => allPages(adapter.listVirtualNetworks(s.subscriptionId))))
    ).flat();
    if (vnets.length < 3) throw new Error("the demo tenant has fewer than three VNets");
    const zoneId = `/subscriptions/${subscription.subscriptionId}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.uks.backup.windowsazure.com`;
    await adapter.createOrUpdatePrivateDnsZone({ id: zoneId });
    return { zoneId, vnets };
  }

  test("are confirmed by one list of their collection once Retry-After has passed, not a status poll each", async () => {
    const { adapter, exchanges } = session();
    const { zoneId, vnets } = await zoneAndVnets(adapter);
    const before = exchanges.length;

    await Promise.all(
      vnets.slice(0, 3).map((vnet) =>
        adapter.createOrUpdateVirtualNetworkLink(
          {
            id: `${zoneId}/virtualNetworkLinks/${vnet.name}`,
            virtualNetworkId: vnet.id,
            registrationEnabled: false,
          },
          { createOnly: true },
        ),
      ),
    );

    const traffic = exchanges.slice(before).map((e) => `${e.method} ${e.status} ${e.path.split("/").at(-1)}`);
    expect(traffic.filter((t) => t.startsWith("PUT 202"))).toHaveLength(3);
    expect(traffic.filter((t) => t.startsWith("GET"))).toEqual(["GET 200 virtualNetworkLinks"]);
    const links = await allPages(adapter.listVirtualNetworkLinks(zoneId));
    expect(links.map((l) => [l.name, l.provisioningState])).toEqual(
      vnets.slice(0, 3).map((v) => [v.name, "Succeeded"]),
    );
  });

  test("a write the list does not show as requested polls its own status and fails as ARM says: a create-only PUT leaves an existing link as it was", async () => {
    const { adapter, exchanges } = session();
    const { zoneId, vnets } = await zoneAndVnets(adapter);
    const [first, second] = vnets;
    if (first === undefined || second === undefined) throw new Error("unreachable: checked above");
    const taken = `${zoneId}/virtualNetworkLinks/${first.name}`;
    await adapter.createOrUpdateVirtualNetworkLink({
      id: taken,
      virtualNetworkId: first.id,
      registrationEnabled: true,
    });
    const before = exchanges.length;

    const [existing, fresh] = await Promise.allSettled([
      adapter.createOrUpdateVirtualNetworkLink(
        { id: taken, virtualNetworkId: first.id, registrationEnabled: false },
        { createOnly: true },
      ),
      adapter.createOrUpdateVirtualNetworkLink(
        {
          id: `${zoneId}/virtualNetworkLinks/${second.name}`,
          virtualNetworkId: second.id,
          registrationEnabled: false,
        },
        { createOnly: true },
      ),
    ]);

    expect(existing.status).toBe("rejected");
    expect(String((existing as PromiseRejectedResult).reason)).toMatch(/exists|precondition/i);
    expect(fresh.status).toBe("fulfilled");
    const reads = exchanges
      .slice(before)
      .filter((e) => e.method === "GET")
      .map((e) =>
        e.path.includes("/privateDnsOperationStatuses/") ? "status poll" : e.path.split("/").at(-1),
      );
    // The list confirmed the new link; the taken one, not as requested, asked its own status monitor.
    // (A failed operation is then handed to the SDK's poller, which reads the monitor again and raises ARM's error.)
    // Then the link itself is read: it is not as requested, so the write fails.
    expect(reads).toEqual(["virtualNetworkLinks", "status poll", "status poll", first.name]);
    const links = await allPages(adapter.listVirtualNetworkLinks(zoneId));
    expect(links.find((l) => l.name === first.name)?.registrationEnabled).toBe(true);
    expect(links.find((l) => l.name === second.name)?.provisioningState).toBe("Succeeded");
  });
});

describe("a create-only write sent again", () => {
  /** A schedule whose first draw holds the answer past the client's timeout and whose next draws are clean. */
  function firstRequestTimesOut(): FaultSchedule {
    for (let seed = 1; seed < 10_000; seed++) {
      const schedule: FaultSchedule = { seed, rates: { timeout: 0.5 }, retryAfterSeconds: 0 };
      const injector = new FaultInjector(schedule);
      const draws = Array.from({ length: 8 }, () => injector.draw());
      if (draws[0] === "timeout" && draws.slice(1).every((d) => d === undefined)) return schedule;
    }
    throw new Error("no seed below 10,000 times out only the first request");
  }

  test("succeeds when the first PUT, whose answer never came, made the zone: the retry's failed precondition is its own", async () => {
    const sandbox = await startSandbox({ faults: firstRequestTimesOut() });
    try {
      const adapter = await createAzureAdapter(
        { kind: "sandbox", url: new URL(sandbox.url) },
        { pollIntervalMs: 5, requestTimeoutMs: 300, retryDelayMs: 5 },
      );
      const zoneId =
        "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.uks.backup.windowsazure.com";

      await adapter.createOrUpdatePrivateDnsZone({ id: zoneId }, { createOnly: true });

      const log = sandbox.requestLog().map((e) => `${e.method} ${e.status}`);
      // The PUT held and given up on, the PUT again (its operation fails on the zone the first one made), its
      // status, the SDK's poll that raises that failure, and the read that finds the zone made as asked.
      expect(log).toEqual(["PUT 0", "PUT 202", "GET 200", "GET 200", "GET 200"]);
      expect((await adapter.getPrivateDnsZone(zoneId)).provisioningState).toBe("Succeeded");
    } finally {
      await sandbox.close();
    }
  });
});
