import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AzureAdapter, allPages } from "../../../src/azure/adapter.js";
import type { PrivateEndpoint, RecordSet } from "../../../src/core/inventory.js";
import { parsePlanText } from "../../../src/core/plan/plan-codec.js";
import type { Plan } from "../../../src/core/plan/plan-schema.js";
import { previewPlan } from "../../../src/engine/preview.js";
import { useAdapterSession } from "../../azure/sandbox-session.js";
import { applyFully } from "../../support/apply-fully.js";

const PATH = "examples/private-zones.plan.json";
const DNS_GROUP =
  "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones";
const WEST_EUROPE_ZONE = `${DNS_GROUP}/privatelink.we.backup.windowsazure.com`;
const NORTH_EUROPE_ZONE = `${DNS_GROUP}/privatelink.ne.backup.windowsazure.com`;

function examplePlan(): Plan {
  return parsePlanText(readFileSync(PATH, "utf8"), PATH);
}

async function applyPlan(adapter: AzureAdapter, plan: Plan): Promise<void> {
  const preview = await previewPlan(adapter, plan, { refresh: false });
  if (preview.kind !== "ready") throw new Error(`preview is ${preview.kind}`);
  expect(preview.findings.map((f) => f.code)).not.toContain("secondary-region-not-paired");
  await applyFully(adapter, plan);
}

async function endpointNamed(adapter: AzureAdapter, plan: Plan, name: string): Promise<PrivateEndpoint> {
  const endpoint = plan.endpoints.find((e) => e.name === name);
  if (endpoint === undefined) throw new Error(`no endpoint ${name} in the plan`);
  return adapter.getPrivateEndpoint(
    endpoint.subnetId.replace(/\/providers\/.*$/, `/providers/Microsoft.Network/privateEndpoints/${name}`),
  );
}

function addressesIn(records: readonly RecordSet[]): string[] {
  return records.flatMap((r) => (r.recordType === "A" ? r.ipv4Addresses : []));
}

function addressesOf(endpoint: PrivateEndpoint, zoneLabel: string): string[] {
  return endpoint.customDnsConfigs
    .filter((c) => c.fqdn.includes(`.privatelink.${zoneLabel}.`))
    .flatMap((c) => c.ipAddresses);
}

describe("a plan with a secondary endpoint, applied to the demo tenant", () => {
  const session = useAdapterSession();

  it("puts the secondary's backup records in the paired region's zone (ne), and the primaries' in the vault region's (we)", async () => {
    const { adapter } = session();
    const plan = examplePlan();
    expect(
      plan.endpoints.filter((e) => e.groupId === "AzureBackup_secondary").map((e) => e.location),
    ).toEqual(["northeurope"]);
    await applyPlan(adapter, plan);

    const secondary = await endpointNamed(adapter, plan, "pe-rsv-prod-weu-hub-backup-secondary");
    const primaries = await Promise.all(
      ["pe-rsv-prod-weu-hub-backup", "pe-rsv-prod-weu-app-backup"].map((name) =>
        endpointNamed(adapter, plan, name),
      ),
    );
    // The real names come from the endpoint itself (customDnsConfigs), not from an assumption.
    expect(addressesOf(secondary, "ne").length).toBeGreaterThan(0);
    expect(addressesOf(secondary, "we")).toEqual([]);
    for (const primary of primaries) expect(addressesOf(primary, "we").length).toBeGreaterThan(0);

    const northEurope = await allPages(adapter.listRecordSets(NORTH_EUROPE_ZONE));
    const westEurope = await allPages(adapter.listRecordSets(WEST_EUROPE_ZONE));
    expect(addressesIn(northEurope).sort()).toEqual(addressesOf(secondary, "ne").sort());
    // Both primaries answer for the same names in the same zone, so its records hold one of them (the zone group
    // written last); never the secondary's.
    expect(primaries.map((p) => addressesOf(p, "we").sort())).toContainEqual(addressesIn(westEurope).sort());
    for (const address of addressesOf(secondary, "ne"))
      expect(addressesIn(westEurope)).not.toContain(address);

    // Each record's name is the FQDN's label before the zone: what a client in the paired region asks for.
    for (const config of secondary.customDnsConfigs.filter((c) => c.fqdn.includes(".privatelink.ne."))) {
      const label = config.fqdn.slice(0, config.fqdn.indexOf(".privatelink.ne."));
      expect(northEurope.find((r) => r.name === label.toLowerCase())).toMatchObject({
        recordType: "A",
        ipv4Addresses: config.ipAddresses,
      });
    }
  });

  it("links both geo codes' zones to the VNets of both regions, so each region resolves the other's names", async () => {
    const { adapter } = session();
    await applyPlan(adapter, examplePlan());
    for (const zone of [WEST_EUROPE_ZONE, NORTH_EUROPE_ZONE]) {
      const linked = (await allPages(adapter.listVirtualNetworkLinks(zone))).map((l) =>
        l.virtualNetworkId.split("/").at(-1),
      );
      expect(linked).toEqual(
        expect.arrayContaining(["vnet-hub-weu", "vnet-hub-neu", "vnet-spoke-app-weu", "vnet-spoke-app-neu"]),
      );
    }
  });
});
