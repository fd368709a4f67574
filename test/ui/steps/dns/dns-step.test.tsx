import { describe, expect, it } from "vitest";
import { DnsStep } from "../../../../src/ui/steps/dns/DnsStep.js";
import { arm } from "../../../sandbox/arm-requests.js";
import {
  DEMO_SUBSCRIPTIONS,
  demoEndpoints,
  demoVaultId,
  drive,
  Key,
  nextAction,
  recorder,
  SUB_CONNECTIVITY,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

async function dnsStep(log = recorder(), endpoints = demoEndpoints("rsv-prod-weu")) {
  const vault = await session().adapter.getVault(demoVaultId("rsv-prod-weu"));
  const state = stateAt("dns", {
    subscriptionIds: DEMO_SUBSCRIPTIONS,
    vault,
    endpoints,
  });
  return drive(
    <DnsStep state={state} dispatch={log.dispatch} services={session().services} active height={18} />,
  );
}

describe("the DNS strategy step", () => {
  it("explains each strategy as it is focused", async () => {
    const step = await dnsStep();
    expect(await step.waitFor("Azure Private DNS zones")).toContain("Choose when VMs use Azure DNS");
    await step.press(Key.down, Key.down);
    expect(await step.waitFor("Choose for a few MARS / DPM servers")).toContain("❯ Hosts file");
    step.unmount();
  });

  it("private zones: reuses the resource group that has zones, asks about zone groups and extra links", async () => {
    const log = recorder();
    const step = await dnsStep(log);
    await step.waitFor("Azure Private DNS zones");
    await step.press(Key.enter);
    expect(await step.waitFor("rg-private-dns  (3 privatelink zones already; reused)")).toContain(
      "rg-hub-network-weu",
    );
    await step.press(Key.enter);
    await step.waitFor("Who adds the endpoints' private DNS zone groups?");
    await step.press(Key.down, Key.enter);
    await step.waitFor("vnet-hub-neu");
    await step.press(Key.space, Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "dnsChosen",
      dns: {
        strategy: "privateZones",
        zoneResourceGroupId: `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns`,
        zoneGroups: "policyManaged",
        extraLinkedVirtualNetworkIds: [
          `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-neu/providers/Microsoft.Network/virtualNetworks/vnet-hub-neu`,
        ],
      },
    });
    step.unmount();
  });

  it("private zones: predicts under the links what each VNet will resolve, and shows the hub whose linked ruleset loops", async () => {
    // The hub is linked to a ruleset that forwards blob names to the hub resolver's own inbound endpoint.
    const { sandbox } = session();
    const hub = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
    const resolver = hub.replace(/virtualNetworks\/vnet-hub-weu$/, "dnsResolvers/dnspr-hub");
    const ruleset = hub.replace(/virtualNetworks\/vnet-hub-weu$/, "dnsForwardingRulesets/dnsfrs-hub");
    const put = async (id: string, body: unknown, apiVersion = "2022-07-01") =>
      expect((await arm(sandbox, "PUT", id, { apiVersion, body })).status).toBeLessThan(300);
    await put(
      `${hub}/subnets/snet-dns-outbound`,
      { properties: { addressPrefix: "10.0.1.16/28" } },
      "2026-01-01",
    );
    await put(resolver, { location: "westeurope", properties: { virtualNetwork: { id: hub } } });
    await put(`${resolver}/inboundEndpoints/in`, {
      location: "westeurope",
      properties: { ipConfigurations: [{ subnet: { id: `${hub}/subnets/snet-dns-resolver` } }] },
    });
    await put(`${resolver}/outboundEndpoints/out`, {
      location: "westeurope",
      properties: { subnet: { id: `${hub}/subnets/snet-dns-outbound` } },
    });
    await put(ruleset, {
      location: "westeurope",
      properties: { dnsResolverOutboundEndpoints: [{ id: `${resolver}/outboundEndpoints/out` }] },
    });
    await put(`${ruleset}/forwardingRules/blob`, {
      properties: {
        domainName: "privatelink.blob.core.windows.net.",
        targetDnsServers: [{ ipAddress: "10.0.1.4" }],
      },
    });
    await put(`${ruleset}/virtualNetworkLinks/hub`, { properties: { virtualNetwork: { id: hub } } });
    const step = await dnsStep();
    await step.waitFor("Azure Private DNS zones");
    await step.press(Key.enter);
    await step.waitFor("rg-private-dns");
    await step.press(Key.enter);
    await step.waitFor("Who adds the endpoints' private DNS zone groups?");
    await step.press(Key.enter);
    expect(await step.waitFor("VNets resolve the vault's names privately")).toContain(
      "Once applied (predicted):",
    );
    const frame = await step.waitFor("! forwarding-loop");
    expect(frame).toMatch(/✗ vnet-hub-weu \(DNS Azure-provided/);
    expect(frame).toContain(
      "! forwarding-loop: Ruleset dnsfrs-hub forwards privatelink.blob.core.windows.net",
    );
    step.unmount();
  });

  it("with endpoints in the hub only, preselects the spoke peered with it in the vault's region for zone links", async () => {
    const log = recorder();
    const hubOnly = demoEndpoints("rsv-prod-weu").filter((e) => e.name.endsWith("-hub"));
    const step = await dnsStep(log, hubOnly);
    await step.waitFor("Azure Private DNS zones");
    await step.press(Key.enter);
    await step.waitFor("rg-private-dns  (3 privatelink zones already; reused)");
    await step.press(Key.enter);
    await step.waitFor("Who adds the endpoints' private DNS zone groups?");
    await step.press(Key.enter);
    const screen = await step.waitFor("workload VNet, peered with vnet-hub-weu");
    expect(screen).toContain("Workload VNets peered with the endpoints' VNets are picked");
    // vnet-hub-neu is peered too, but in the paired region: not a workload VNet of this westeurope vault.
    expect(screen).not.toMatch(/vnet-hub-neu .*workload VNet/);
    await step.press(Key.enter);
    expect(await nextAction(log)).toMatchObject({
      type: "dnsChosen",
      dns: {
        zoneGroups: "create",
        extraLinkedVirtualNetworkIds: [
          "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu",
        ],
      },
    });
    step.unmount();
  });

  it("custom DNS asks for the server kind", async () => {
    const log = recorder();
    const step = await dnsStep(log);
    await step.waitFor("Custom DNS servers");
    await step.press(Key.down, Key.enter);
    await step.waitFor("Windows DNS Server");
    await step.press(Key.down, Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "dnsChosen",
      dns: { strategy: "customDns", serverKind: "bind" },
    });
    step.unmount();
  });

  it("hosts file asks for the layout", async () => {
    const log = recorder();
    const step = await dnsStep(log);
    await step.waitFor("Hosts file");
    await step.press(Key.down, Key.down, Key.enter);
    await step.waitFor("Which hosts file layout?");
    await step.press(Key.down, Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "dnsChosen",
      dns: { strategy: "hostsFile", platform: "linux" },
    });
    step.unmount();
  });

  it("conditional forwarder checks the addresses and may leave the zones out of Azure", async () => {
    const log = recorder();
    const step = await dnsStep(log);
    await step.waitFor("Conditional forwarder");
    await step.press(Key.down, Key.down, Key.down, Key.enter);
    await step.waitFor("Windows DNS Server");
    await step.press(Key.enter);
    // No default: 168.63.129.16 answers only inside Azure, and an on-premises forwarder cannot reach it.
    await step.waitFor("Not 168.63.129.16 from on-premises");
    await step.press(Key.enter);
    expect(await step.waitFor("Give one or more IPv4 addresses")).not.toContain("not an address");
    await step.type("10.0.0.4, 10.0.1.300");
    await step.press(Key.enter);
    expect(await step.waitFor("not an address: 10.0.1.300")).toContain("Give one or more IPv4 addresses");
    for (let i = 0; i < 3; i++) await step.press(Key.backspace);
    await step.type("4");
    await step.press(Key.enter);
    await step.waitFor("None: the zones are not in Azure Private DNS");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "dnsChosen",
      dns: {
        strategy: "conditionalForwarder",
        serverKind: "windows",
        forwardTo: ["10.0.0.4", "10.0.1.4"],
      },
    });
    step.unmount();
  });

  it("conditional forwarder: fills in the inbound endpoints of the DNS Private Resolvers it finds, not 168.63.129.16", async () => {
    const { sandbox } = session();
    const hub = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
    const resolver = hub.replace(/virtualNetworks\/vnet-hub-weu$/, "dnsResolvers/dnspr-hub");
    const put = async (id: string, body: unknown) =>
      expect((await arm(sandbox, "PUT", id, { apiVersion: "2022-07-01", body })).status).toBeLessThan(300);
    await put(resolver, { location: "westeurope", properties: { virtualNetwork: { id: hub } } });
    await put(`${resolver}/inboundEndpoints/in`, {
      location: "westeurope",
      properties: { ipConfigurations: [{ subnet: { id: `${hub}/subnets/snet-dns-resolver` } }] },
    });
    const log = recorder();
    const step = await dnsStep(log);
    await step.waitFor("Conditional forwarder");
    await step.press(Key.down, Key.down, Key.down, Key.enter);
    await step.waitFor("Windows DNS Server");
    await step.press(Key.enter);
    const screen = await step.waitFor(
      "Filled in: the inbound endpoints of dnspr-hub in vnet-hub-weu (10.0.1.4)",
    );
    expect(screen).toContain("10.0.1.4");
    await step.press(Key.enter);
    await step.waitFor("None: the zones are not in Azure Private DNS");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "dnsChosen",
      dns: { strategy: "conditionalForwarder", serverKind: "windows", forwardTo: ["10.0.1.4"] },
    });
    step.unmount();
  });

  it("offers Azure Firewall's DNS proxy as a forwarder, and no CSV or firewall as a server holding records", async () => {
    const log = recorder();
    const step = await dnsStep(log);
    await step.waitFor("Custom DNS servers");
    await step.press(Key.down, Key.enter);
    const recordKinds = await step.waitFor("Windows DNS Server");
    expect(recordKinds).not.toContain("CSV");
    expect(recordKinds).not.toContain("Azure Firewall");
    await step.press(Key.escape);
    await step.waitFor("Conditional forwarder");
    await step.press(Key.down, Key.down, Key.down, Key.enter);
    await step.waitFor("Azure Firewall DNS proxy");
    await step.press(Key.down, Key.down, Key.down, Key.down, Key.enter);
    await step.waitFor("Not 168.63.129.16 from on-premises");
    await step.type("10.0.0.4");
    await step.press(Key.enter);
    await step.waitFor("None: the zones are not in Azure Private DNS");
    await step.press(Key.enter);
    expect(await nextAction(log)).toEqual({
      type: "dnsChosen",
      dns: { strategy: "conditionalForwarder", serverKind: "azureFirewall", forwardTo: ["10.0.0.4"] },
    });
    step.unmount();
  });
});
