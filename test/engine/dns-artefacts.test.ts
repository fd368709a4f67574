import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AzureAdapter } from "../../src/azure/adapter.js";
import { cloudFor } from "../../src/core/clouds.js";
import { allRecords } from "../../src/core/dns/record-set.js";
import { zoneRecordForFqdn } from "../../src/core/dns-names.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { heldRecordsIn } from "../../src/engine/artefact-records.js";
import {
  type LiveDnsRecords,
  type ReadyDnsRecords,
  readLiveDnsRecords,
  renderRecordArtefacts,
} from "../../src/engine/dns-artefacts.js";
import { RECORD_FORMATS } from "../../src/engine/dns-formats.js";
import { namesInFormat, readZoneHoldings, recordChanges } from "../../src/engine/dns-resync.js";
import { useAdapterSession } from "../azure/sandbox-session.js";
import { applyFully } from "../support/apply-fully.js";

function readExample(name: string): Plan {
  const path = `examples/${name}.plan.json`;
  return parsePlanText(readFileSync(path, "utf8"), path);
}

async function applyPlan(adapter: AzureAdapter, plan: Plan): Promise<void> {
  await applyFully(adapter, plan);
}

function ready(live: LiveDnsRecords): ReadyDnsRecords {
  if (live.kind !== "ready") throw new Error(`not ready: ${live.reasons.join("; ")}`);
  return live;
}

describe("DNS records read from the plan's live endpoints", () => {
  const session = useAdapterSession();

  it("names every endpoint that does not exist yet, and the demo tenant's wrongly named zone with the right one", async () => {
    const live = await readLiveDnsRecords(session().adapter, readExample("private-zones"));
    expect(live).toMatchObject({
      kind: "notReady",
      endpointCount: 3,
      reasons: [
        "pe-rsv-prod-weu-hub-backup does not exist yet",
        "pe-rsv-prod-weu-app-backup does not exist yet",
        "pe-rsv-prod-weu-hub-backup-secondary does not exist yet",
      ],
    });
    expect(live.zoneFindings).toHaveLength(1);
    expect(live.zoneFindings[0]).toMatchObject({
      code: "backup-zone-named-with-region",
      subject: expect.stringMatching(/privateDnsZones\/privatelink\.westeurope\.backup\.windowsazure\.com$/),
    });
    expect(live.zoneFindings[0]?.message).toContain(
      "the zone for westeurope is privatelink.we.backup.windowsazure.com",
    );
  });

  it("says an endpoint waits for approval, then gives its records once a vault owner approved it", async () => {
    const { adapter } = session();
    const plan = readExample("custom-dns");
    await applyPlan(adapter, plan);
    const pending = await readLiveDnsRecords(adapter, plan);
    expect(pending).toMatchObject({
      kind: "notReady",
      reasons: ["pe-rsv-dev-uks-dev-backup waits for the vault owner's approval"],
      zoneFindings: [],
    });

    const vault = await adapter.getVault(plan.vault.id);
    for (const connection of vault.privateEndpointConnections) {
      await adapter.approvePrivateEndpointConnection(vault.id, connection.name);
    }
    const { set } = ready(await readLiveDnsRecords(adapter, plan));
    expect(set.zones.map((zone) => zone.zone)).toEqual([
      "privatelink.blob.core.windows.net",
      "privatelink.queue.core.windows.net",
      "privatelink.uks.backup.windowsazure.com",
    ]);
    expect(allRecords(set).every((record) => record.endpoints.join() === "pe-rsv-dev-uks-dev-backup")).toBe(
      true,
    );
  });

  it("renders every format with every name the endpoints list", async () => {
    const { adapter } = session();
    const plan = readExample("private-zones");
    await applyPlan(adapter, plan);
    const { set } = ready(await readLiveDnsRecords(adapter, plan));
    // Three endpoints: 8 backup names each, a blob and a queue account per group (the primary's shared by two).
    expect(allRecords(set)).toHaveLength(20);
    for (const format of RECORD_FORMATS) {
      const files = new Map(renderRecordArtefacts(format, set).map((file) => [file.fileName, file.text]));
      const held = heldRecordsIn(format, files, plan.vault.id);
      expect(recordChanges(set, format, held, "vaultOnly"), format).toEqual([]);
      expect(held.size, format).toBe(new Set(allRecords(set).flatMap((r) => namesInFormat(format, r))).size);
    }
  });

  it("after the first registration, reports exactly the storage names it brought, which the zone groups already hold", async () => {
    const { adapter, sandbox } = session();
    const plan = readExample("private-zones");
    await applyPlan(adapter, plan);
    const before = ready(await readLiveDnsRecords(adapter, plan));
    const files = new Map(renderRecordArtefacts("dnsmasq", before.set).map((f) => [f.fileName, f.text]));

    const growth = sandbox.simulate({ kind: "firstRegistration", vaultId: plan.vault.id });
    const added = growth.flatMap((g) => g.added);
    expect(added.length).toBeGreaterThan(0);
    const cloud = cloudFor("AzureCloud");
    const expected = new Map<string, string[]>();
    for (const { fqdn, ipAddress } of added) {
      const target = zoneRecordForFqdn(fqdn, cloud);
      const key = `${target?.recordName}.${target?.zone}`;
      expected.set(key, [...(expected.get(key) ?? []), ipAddress].sort());
    }

    const after = ready(await readLiveDnsRecords(adapter, plan));
    const changes = recordChanges(
      after.set,
      "dnsmasq",
      heldRecordsIn("dnsmasq", files, plan.vault.id),
      "vaultOnly",
    );
    expect(changes.every((change) => change.kind === "new")).toBe(true);
    expect(
      new Map(
        changes.map((change) =>
          change.kind === "new" ? [change.fqdn, [...change.addresses].sort()] : ["", []],
        ),
      ),
    ).toEqual(expected);

    const zones = await readZoneHoldings(adapter, after.set, after.zonesInGroup);
    expect(zones.missingZones).toEqual([]);
    expect(recordChanges(after.set, "zones", zones.held, "sharedZone")).toEqual([]);
  });
});
