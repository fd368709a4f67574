import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IPS_PER_BACKUP_ENDPOINT } from "../../src/core/address-capacity.js";
import { cloudFor } from "../../src/core/clouds.js";
import { requiredZoneNamesFor, zoneRecordForFqdn } from "../../src/core/dns-names.js";
import { ALL_REGIONS } from "../../src/core/regions.js";
import { MAX_BACKUP_ENDPOINTS_PER_VAULT } from "../../src/core/rules/endpoint-limits.js";
import {
  backupDnsNames,
  backupNamingFor,
  IPS_PER_ENDPOINT,
  MAX_ENDPOINTS_PER_VAULT,
  sandboxRegions,
} from "../../src/sandbox/backup-names.js";
import regionData from "../../src/sandbox/data/backup-regions.json" with { type: "json" };
import serviceData from "../../src/sandbox/data/backup-service.json" with { type: "json" };
import dnsData from "../../src/sandbox/data/private-dns.json" with { type: "json" };
import { publicCnameOf, recordNameIn } from "../../src/sandbox/private-zones.js";

/*
 * The sandbox knows Azure from its own data (src/sandbox/data/), the product from src/core/data/. Both were built
 * from public sources; this test compares them. Where they differ, the difference must be listed below with the
 * value the sources document and where: the sandbox must hold that value (it is the second opinion, and its data
 * follows the sources), and the product's differing value is then a product bug to fix. An unlisted difference
 * fails the test until someone looks the fact up.
 */
const DOCUMENTED: readonly {
  readonly fact: string;
  readonly value: string | number | null;
  readonly source: string;
}[] = [];

function documented(fact: string, sandbox: unknown, product: unknown): string | undefined {
  if (sandbox === product) return undefined;
  const entry = DOCUMENTED.find((d) => d.fact === fact);
  if (entry === undefined)
    return `${fact}: sandbox ${String(sandbox)}, product ${String(product)}, no documented value`;
  if (entry.value !== sandbox)
    return `${fact}: the sources say ${String(entry.value)} (${entry.source}), the sandbox ${String(sandbox)}`;
  return undefined;
}

describe("the sandbox's knowledge of Azure, beside the product's", () => {
  const product = new Map(ALL_REGIONS.map((r) => [r.name, r]));
  const shared = sandboxRegions().filter((r) => product.has(r.name));

  it("names its sources in every data file, as public URLs", () => {
    for (const data of [regionData, serviceData, dnsData]) {
      expect(data.source.length).toBeGreaterThan(0);
      for (const source of data.source) expect(source.url).toMatch(/^https:\/\/[a-z.]+\//);
    }
  });

  it("has no data file without sources: each file's, each entry's, or the commits it was generated from", () => {
    const folder = "src/sandbox/data";
    const url = /^https:\/\/[a-z.]+\//;
    const files = readdirSync(folder).filter((name) => name.endsWith(".json"));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      const data = JSON.parse(readFileSync(join(folder, name), "utf8"));
      // One of three shapes: `source` for the whole file, `source` on each entry, or (a generated list) the
      // repositories and commits it was generated from.
      const named: string[] = Array.isArray(data.source)
        ? data.source.map((s: { url: string }) => s.url)
        : Array.isArray(data.properties)
          ? data.properties.flatMap((entry: { source?: { url: string }[] }) =>
              (entry.source ?? [{ url: "" }]).map((s) => s.url),
            )
          : Array.isArray(data.sources)
            ? data.sources.map((s: { repository?: string; commit?: string; folder?: string }) =>
                s.folder !== undefined
                  ? "https://github.com/"
                  : /^[0-9a-f]{40}$/.test(s.commit ?? "") && s.repository !== undefined
                    ? `https://github.com/${s.repository}/tree/${s.commit}`
                    : "",
              )
            : [];
      expect([name, named.length > 0]).toEqual([name, true]);
      for (const source of named) expect([name, source]).toEqual([name, expect.stringMatching(url)]);
    }
  });

  it("agrees with the product's region table on each region both know, or holds the documented value", () => {
    expect(shared.length).toBeGreaterThanOrEqual(50);
    const problems = shared.flatMap((region) => {
      const p = product.get(region.name);
      return [
        documented(`${region.name} cloud`, region.cloud, p?.cloud),
        documented(`${region.name} geo code`, region.geoCode, p?.backupGeoCode),
        documented(`${region.name} paired region`, region.pairedRegion, p?.pairedRegion ?? null),
      ].filter((x) => x !== undefined);
    });
    expect(problems).toEqual([]);
  });

  it("gives an endpoint the zones the product plans for, in each cloud", () => {
    const problems = shared.flatMap((region) => {
      const naming = backupNamingFor(region.name, "AzureBackup");
      if (typeof naming === "string") return [`${region.name}: ${naming}`];
      const zones = requiredZoneNamesFor(cloudFor(region.cloud), region.name);
      return [
        documented(`${region.name} backup zone`, naming.zones.backup, zones.backup),
        documented(`${region.name} blob zone`, naming.zones.blob, zones.blob),
        documented(`${region.name} queue zone`, naming.zones.queue, zones.queue),
      ].filter((x) => x !== undefined);
    });
    expect(problems).toEqual([]);
  });

  it("writes each name an endpoint gets into the zone and record the product expects", () => {
    const problems = shared.flatMap((region) => {
      const naming = backupNamingFor(region.name, "AzureBackup");
      if (typeof naming === "string") return [];
      const vaultId = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v-${region.name}`;
      return backupDnsNames(vaultId, naming, "AzureBackup").flatMap(({ fqdn }) => {
        const expected = zoneRecordForFqdn(fqdn, cloudFor(region.cloud));
        if (expected === null) return [`${fqdn}: the product maps it to no zone`];
        const found = recordNameIn(expected.zone, fqdn);
        return found === expected.recordName
          ? []
          : [`${fqdn}: sandbox ${found}, product ${expected.recordName}`];
      });
    });
    expect(problems).toEqual([]);
  });

  it("maps the other documented forms of a name as the product does", () => {
    const names = [
      [
        "123-ab-pod01-fc1.we.backup.windowsazure.com",
        "privatelink.we.backup.windowsazure.com",
        "123-ab-pod01-fc1",
      ],
      ["acct.z12.blob.storage.azure.net", "privatelink.blob.core.windows.net", "acct"],
      ["acct.privatelink.queue.core.usgovcloudapi.net", "privatelink.queue.core.usgovcloudapi.net", "acct"],
    ] as const;
    for (const [fqdn, zone, record] of names) {
      expect(recordNameIn(zone, fqdn)).toBe(record);
      const cloud = fqdn.endsWith(".us") || fqdn.includes("usgov") ? "AzureUSGovernment" : "AzureCloud";
      expect(zoneRecordForFqdn(fqdn, cloudFor(cloud))).toMatchObject({ zone, recordName: record });
    }
    expect(recordNameIn("privatelink.ne.backup.windowsazure.com", names[0][0])).toBeUndefined();
    expect(publicCnameOf("acct.blob.core.windows.net")).toBe("acct.privatelink.blob.core.windows.net");
    expect(publicCnameOf(names[0][0])).toBeUndefined();
  });

  it("has the service limits the product enforces", () => {
    expect(
      documented("endpoints per vault", MAX_ENDPOINTS_PER_VAULT, MAX_BACKUP_ENDPOINTS_PER_VAULT),
    ).toBeUndefined();
    expect(documented("IPs per endpoint", IPS_PER_ENDPOINT, IPS_PER_BACKUP_ENDPOINT)).toBeUndefined();
  });
});
