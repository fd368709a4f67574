import { describe, expect, it } from "vitest";
import { cloudFor } from "../../../src/core/clouds.js";
import { allRecords, dnsRecordSetFor } from "../../../src/core/dns/record-set.js";
import { UserError } from "../../../src/core/user-error.js";
import { fixtureRecordSet } from "./all-artefacts.js";
import { fixtureEndpoints, VAULT_ID, VAULT_NUMBER } from "./vault-fixture.js";

const global = cloudFor("AzureCloud");

describe("the records a vault's endpoints need", () => {
  it("groups the fixture's names into the four zones, sorted", () => {
    const set = fixtureRecordSet("AzureCloud");
    expect(set.vaultName).toBe("rsv-prod");
    expect(set.zones.map((zone) => [zone.zone, zone.service, zone.records.length])).toEqual([
      ["privatelink.blob.core.windows.net", "blob", 6],
      ["privatelink.ne.backup.windowsazure.com", "backup", 8],
      ["privatelink.queue.core.windows.net", "queue", 2],
      ["privatelink.we.backup.windowsazure.com", "backup", 8],
    ]);
    const names = set.zones[3]?.records.map((record) => record.name) ?? [];
    expect(names).toEqual([...names].sort());
  });

  it("gives each record the names clients ask for: privatelink for backup, public for storage", () => {
    const records = allRecords(fixtureRecordSet("AzureCloud"));
    const byFqdn = new Map(records.map((record) => [record.fqdn, record]));
    expect(
      byFqdn.get(`${VAULT_NUMBER}-ab-pod01-fc1.privatelink.we.backup.windowsazure.com`)?.clientNames,
    ).toEqual([`${VAULT_NUMBER}-ab-pod01-fc1.privatelink.we.backup.windowsazure.com`]);
    expect(byFqdn.get("we1comm4f8a2b.privatelink.queue.core.windows.net")?.clientNames).toEqual([
      "we1comm4f8a2b.queue.core.windows.net",
    ]);
    expect(byFqdn.get("we1dsk7b6e5f.privatelink.blob.core.windows.net")?.clientNames).toEqual([
      "we1dsk7b6e5f.z24.blob.storage.azure.net",
    ]);
    expect(byFqdn.get("we1dsk7b6e5f.privatelink.blob.core.windows.net")?.endpoints).toEqual([
      "pe-rsv-prod-we",
    ]);
  });

  it("merges duplicates, lower-cases, and sorts addresses numerically", () => {
    const set = dnsRecordSetFor(VAULT_ID, global, [
      {
        name: "pe-b",
        customDnsConfigs: [
          { fqdn: "Acct.Blob.Core.Windows.Net.", ipAddresses: ["10.0.0.10"] },
          { fqdn: "acct.z07.blob.storage.azure.net", ipAddresses: ["10.0.0.10"] },
        ],
      },
      {
        name: "pe-a",
        customDnsConfigs: [{ fqdn: "acct.privatelink.blob.core.windows.net", ipAddresses: [" 10.0.0.9 "] }],
      },
    ]);
    expect(allRecords(set)).toEqual([
      {
        name: "acct",
        fqdn: "acct.privatelink.blob.core.windows.net",
        clientNames: ["acct.blob.core.windows.net", "acct.z07.blob.storage.azure.net"],
        addresses: ["10.0.0.9", "10.0.0.10"],
        endpoints: ["pe-a", "pe-b"],
      },
    ]);
  });

  it("does not depend on the order the endpoints and names come in", () => {
    const endpoints = fixtureEndpoints("AzureCloud");
    const shuffled = [...endpoints]
      .reverse()
      .map((endpoint) => ({ ...endpoint, customDnsConfigs: [...endpoint.customDnsConfigs].reverse() }));
    expect(dnsRecordSetFor(VAULT_ID, global, shuffled)).toEqual(dnsRecordSetFor(VAULT_ID, global, endpoints));
  });

  it("refuses a name in no zone vaultlink knows, naming it and the endpoint", () => {
    const run = () =>
      dnsRecordSetFor(VAULT_ID, global, [
        {
          name: "pe-x",
          customDnsConfigs: [{ fqdn: "vault.file.core.windows.net", ipAddresses: ["10.0.0.4"] }],
        },
      ]);
    expect(run).toThrow(UserError);
    expect(run).toThrow(/"pe-x" lists vault\.file\.core\.windows\.net/);
  });

  it("refuses a public-cloud name in a US Gov plan: the cloud decides the suffixes", () => {
    const run = () =>
      dnsRecordSetFor(VAULT_ID, cloudFor("AzureUSGovernment"), fixtureEndpoints("AzureCloud"));
    expect(run).toThrow(/in Azure Government/);
  });

  it("refuses a name without addresses, and an address that is not IPv4", () => {
    const fqdn = "acct.blob.core.windows.net";
    expect(() =>
      dnsRecordSetFor(VAULT_ID, global, [{ name: "pe", customDnsConfigs: [{ fqdn, ipAddresses: [] }] }]),
    ).toThrow(/without an IP address/);
    expect(() =>
      dnsRecordSetFor(VAULT_ID, global, [
        { name: "pe", customDnsConfigs: [{ fqdn, ipAddresses: ["fd00::4"] }] },
      ]),
    ).toThrow(/"fd00::4" .* not an IPv4 address/);
  });

  it("refuses an id that is not a Recovery Services vault", () => {
    expect(() =>
      dnsRecordSetFor(
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv",
        global,
        [],
      ),
    ).toThrow(UserError);
  });
});
