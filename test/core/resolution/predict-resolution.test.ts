import { describe, expect, it } from "vitest";
import { cloudFor } from "../../../src/core/clouds.js";
import { dnsRecordSetFor } from "../../../src/core/dns/record-set.js";
import type { VirtualNetwork } from "../../../src/core/inventory.js";
import {
  forwardingRuleFor,
  predictResolution,
  type ResolutionModel,
  type ZoneView,
} from "../../../src/core/resolution/predict-resolution.js";
import { resolutionAudits } from "../../../src/core/resolution/resolution-audits.js";
import { VAULT_ID, VAULT_NUMBER } from "../dns/vault-fixture.js";

const SUB =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network";
const ZONES =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones";
const BACKUP_ZONE = "privatelink.we.backup.windowsazure.com";
const FC1 = `${VAULT_NUMBER}-ab-pod01-fc1`;

function vnet(name: string, prefix: string, dnsServers: string[] = [], peers: string[] = []): VirtualNetwork {
  return {
    id: `${SUB}/virtualNetworks/${name}`,
    name,
    location: "westeurope",
    addressSpace: [prefix],
    dnsServers,
    peerings: peers.map((peer) => ({
      id: `${SUB}/virtualNetworks/${name}/virtualNetworkPeerings/to-${peer}`,
      name: `to-${peer}`,
      remoteVirtualNetworkId: `${SUB}/virtualNetworks/${peer}`,
      peeringState: "Connected",
      allowForwardedTraffic: true,
      useRemoteGateways: false,
    })),
    subnets: [],
  };
}

const hub = vnet("vnet-hub", "10.0.0.0/22", [], ["vnet-spoke"]);

function backupZone(linkedTo: readonly VirtualNetwork[]): ZoneView {
  const id = `${ZONES}/${BACKUP_ZONE}`;
  return {
    zone: {
      id,
      name: BACKUP_ZONE,
      numberOfRecordSets: 2,
      numberOfVirtualNetworkLinks: 1,
      provisioningState: "Succeeded",
    },
    links: linkedTo.map((v) => ({
      id: `${id}/virtualNetworkLinks/${v.name}`,
      name: v.name,
      zoneId: id,
      virtualNetworkId: v.id,
      registrationEnabled: false,
      linkState: "Completed",
      provisioningState: "Succeeded",
    })),
    recordSets: [
      {
        id: `${id}/A/${FC1}`,
        name: FC1,
        zoneId: id,
        fqdn: undefined,
        ttl: 10,
        recordType: "A",
        ipv4Addresses: ["10.0.1.4"],
      },
    ],
  };
}

function model(virtualNetworks: VirtualNetwork[]): ResolutionModel {
  return {
    expected: dnsRecordSetFor(VAULT_ID, cloudFor("AzureCloud"), [
      { name: "pe", customDnsConfigs: [{ fqdn: `${FC1}.${BACKUP_ZONE}`, ipAddresses: ["10.0.1.4"] }] },
    ]),
    virtualNetworks,
    zones: [backupZone([hub])],
  };
}

describe("resolution prediction for custom DNS servers", () => {
  it("a spoke whose DNS server is an address in the linked hub (a resolver inbound endpoint) resolves privately", () => {
    const spoke = vnet("vnet-spoke", "10.1.0.0/16", ["10.0.0.4"], ["vnet-hub"]);
    const [prediction] = predictResolution(model([hub, spoke]), [spoke.id]);
    expect(prediction?.dnsServers).toBe("10.0.0.4 (in vnet-hub)");
    expect(prediction?.names).toEqual([
      expect.objectContaining({
        name: `${FC1}.${BACKUP_ZONE}`,
        verdict: "ok",
        answer: expect.objectContaining({ kind: "private" }),
      }),
    ]);
  });

  it("a spoke whose DNS server is outside every known VNet cannot be followed: unknown, with the forwarder to set up", () => {
    const spoke = vnet("vnet-spoke", "10.1.0.0/16", ["192.168.10.53"], ["vnet-hub"]);
    const m = model([hub, spoke]);
    const predictions = predictResolution(m, [spoke.id]);
    const [name] = predictions[0]?.names ?? [];
    expect(name).toMatchObject({ verdict: "unknown", answer: { kind: "unknown" } });
    expect(name?.fix).toContain(`forward ${BACKUP_ZONE} to a DNS Private Resolver inbound endpoint`);
    expect(resolutionAudits(m, predictions).map((f) => f.code)).toEqual(["single-dns-server"]);
  });

  it("an on-premises DNS server running the plan's conditional forwarders to the hub resolver's inbound endpoint: private", () => {
    const spoke = vnet("vnet-spoke", "10.1.0.0/16", ["192.168.10.53", "192.168.10.54"], ["vnet-hub"]);
    const resolvers = {
      resolvers: [
        {
          id: `${SUB}/dnsResolvers/dnspr-hub`,
          name: "dnspr-hub",
          virtualNetworkId: hub.id,
          inboundAddresses: ["10.0.0.4"],
        },
      ],
      rulesets: [],
    };
    const through = (forwardTo: string[]) =>
      predictResolution({ ...model([hub, spoke]), resolvers, plannedForwarders: forwardTo }, [spoke.id])[0]
        ?.names[0];
    const viaResolver = through(["10.0.0.4"]);
    expect(viaResolver).toMatchObject({ verdict: "ok", answer: { kind: "private" } });
    expect(viaResolver?.path.join("; ")).toContain("as the plan's conditional forwarders say");
    expect(viaResolver?.path.join("; ")).toContain(
      "the inbound endpoint of dnspr-hub: Azure DNS in vnet-hub answers",
    );
    // 168.63.129.16 does not answer a server outside Azure.
    expect(through(["168.63.129.16"])).toMatchObject({ verdict: "unknown" });
  });

  it("the same spoke on Azure-provided DNS, unlinked: public, and the peering does not carry the hub's link", () => {
    const spoke = vnet("vnet-spoke", "10.1.0.0/16", [], ["vnet-hub"]);
    const m = model([hub, spoke]);
    const predictions = predictResolution(m, [spoke.id]);
    expect(predictions[0]?.names[0]).toMatchObject({ verdict: "wrong", answer: { kind: "public" } });
    expect(resolutionAudits(m, predictions).map((f) => f.code)).toEqual(["zone-link-not-over-peering"]);
  });

  it("a VNet's forwarding rule is the enabled one with the longest matching domain, of the rulesets linked to it", () => {
    const rule = (name: string, domain: string, enabled = true) => ({
      name,
      domain,
      targets: [{ ipAddress: "10.0.0.4", port: 53 }],
      enabled,
    });
    const view = {
      resolvers: [],
      rulesets: [
        {
          id: `${SUB}/dnsForwardingRulesets/linked`,
          name: "linked",
          virtualNetworkIds: [hub.id],
          rules: [
            rule("wide", "core.windows.net"),
            rule("blob", "privatelink.blob.core.windows.net"),
            rule("off", "x.privatelink.blob.core.windows.net", false),
          ],
        },
        {
          id: `${SUB}/dnsForwardingRulesets/elsewhere`,
          name: "elsewhere",
          virtualNetworkIds: [`${SUB}/virtualNetworks/other`],
          rules: [rule("root", "")],
        },
      ],
    };
    expect(forwardingRuleFor(view, hub.id, "x.privatelink.blob.core.windows.net.")?.rule.name).toBe("blob");
    expect(forwardingRuleFor(view, hub.id, "acct.queue.core.windows.net")?.rule.name).toBe("wide");
    expect(forwardingRuleFor(view, hub.id, "vault.privatelink.we.backup.windowsazure.com")).toBeUndefined();
    expect(forwardingRuleFor(view, `${SUB}/virtualNetworks/other`, "anything.example")?.rule.name).toBe(
      "root",
    );
  });

  it("168.63.129.16 set as a VNet's DNS server is Azure DNS in that VNet, not a server outside Azure", () => {
    const [prediction] = predictResolution(model([vnet("vnet-hub", "10.0.0.0/22", ["168.63.129.16"])]), [
      hub.id,
    ]);
    expect(prediction?.dnsServers).toBe("168.63.129.16 (Azure DNS)");
    expect(prediction?.names[0]).toMatchObject({ verdict: "ok", answer: { kind: "private" } });
  });
});
