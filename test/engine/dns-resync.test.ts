import { describe, expect, it } from "vitest";
import { cloudFor } from "../../src/core/clouds.js";
import { renderHostsBlock } from "../../src/core/dns/hosts-block.js";
import { applyHostsBlock } from "../../src/core/dns/hosts-file-edit.js";
import { allRecords, dnsRecordSetFor } from "../../src/core/dns/record-set.js";
import { heldRecordsIn } from "../../src/engine/artefact-records.js";
import { renderRecordArtefacts } from "../../src/engine/dns-artefacts.js";
import { RECORD_FORMATS, type RecordFormat } from "../../src/engine/dns-formats.js";
import { recordChanges } from "../../src/engine/dns-resync.js";
import { fixtureRecordSet } from "../core/dns/all-artefacts.js";
import { fixtureEndpoints, VAULT_ID, VAULT_NUMBER } from "../core/dns/vault-fixture.js";

const set = fixtureRecordSet("AzureCloud");
const fc1 = `${VAULT_NUMBER}-ab-pod01-fc1.privatelink.we.backup.windowsazure.com`;

function filesOf(format: RecordFormat, records = set): Map<string, string> {
  return new Map(renderRecordArtefacts(format, records).map((file) => [file.fileName, file.text]));
}

/** The fixture vault before its first backup: no data account on either endpoint. */
function beforeFirstBackup() {
  const endpoints = fixtureEndpoints("AzureCloud").map((endpoint) => ({
    ...endpoint,
    customDnsConfigs: endpoint.customDnsConfigs.filter((config) => !config.fqdn.includes("data")),
  }));
  return dnsRecordSetFor(VAULT_ID, cloudFor("AzureCloud"), endpoints);
}

describe.each(RECORD_FORMATS)("resync against %s files", (format) => {
  it("finds nothing to do in the files it just generated", () => {
    expect(recordChanges(set, format, heldRecordsIn(format, filesOf(format), VAULT_ID), "vaultOnly")).toEqual(
      [],
    );
  });

  it("reports exactly the records the first backup brought as new", () => {
    const old = heldRecordsIn(format, filesOf(format, beforeFirstBackup()), VAULT_ID);
    const changes = recordChanges(set, format, old, "vaultOnly");
    expect(changes).toEqual([
      { kind: "new", fqdn: "ne1data3e5f7a.privatelink.blob.core.windows.net", addresses: ["10.30.1.14"] },
      { kind: "new", fqdn: "we1data9c0d3e.privatelink.blob.core.windows.net", addresses: ["10.20.1.14"] },
    ]);
  });

  it("reports a record whose address moved as changed, and one no endpoint lists as stale", () => {
    const moved = dnsRecordSetFor(
      VAULT_ID,
      cloudFor("AzureCloud"),
      fixtureEndpoints("AzureCloud").map((endpoint) => ({
        ...endpoint,
        customDnsConfigs: endpoint.customDnsConfigs.map((config) =>
          config.fqdn === fc1 ? { ...config, ipAddresses: ["10.20.1.99"] } : config,
        ),
      })),
    );
    const held = heldRecordsIn(format, filesOf(format), VAULT_ID);
    expect(recordChanges(moved, format, held, "vaultOnly")).toEqual([
      { kind: "changed", fqdn: fc1, addresses: ["10.20.1.99"], held: ["10.20.1.4"] },
    ]);
    const stale = recordChanges(beforeFirstBackup(), format, held, "vaultOnly");
    expect(stale.map((change) => change.kind)).toEqual(stale.map(() => "stale"));
    expect(stale.map((change) => (change.kind === "stale" ? change.name : ""))).toContain(
      format === "bind" || format === "windows"
        ? "we1data9c0d3e.privatelink.blob.core.windows.net"
        : "we1data9c0d3e.blob.core.windows.net",
    );
  });
});

describe("resync against a hosts file", () => {
  it("reads only this vault's block, in a CRLF file with other vaults' blocks", () => {
    const otherVault = VAULT_ID.replace("rsv-prod", "rsv-other");
    const other = [
      `# BEGIN vaultlink ${otherVault}`,
      `10.9.9.9 ${fc1}`,
      `# END vaultlink ${otherVault}`,
    ].join("\r\n");
    const hosts = applyHostsBlock(
      `127.0.0.1 localhost\r\n${other}\r\n`,
      renderHostsBlock(beforeFirstBackup()),
      VAULT_ID,
    ).text;
    const changes = recordChanges(
      set,
      "hosts",
      heldRecordsIn("hosts", new Map([["hosts", hosts]]), VAULT_ID),
      "vaultOnly",
    );
    expect(changes.map((change) => change.kind === "new" && change.fqdn)).toEqual([
      "ne1data3e5f7a.privatelink.blob.core.windows.net",
      "we1data9c0d3e.privatelink.blob.core.windows.net",
    ]);
  });

  it("holds nothing for a vault whose block is not there", () => {
    const changes = recordChanges(
      set,
      "hosts",
      heldRecordsIn("hosts", new Map([["h", "127.0.0.1 localhost\n"]]), VAULT_ID),
      "vaultOnly",
    );
    expect(changes).toHaveLength(allRecords(set).length);
    expect(changes.every((change) => change.kind === "new")).toBe(true);
  });
});

describe("resync against shared private DNS zones", () => {
  const twoEndpoints = dnsRecordSetFor(VAULT_ID, cloudFor("AzureCloud"), [
    { name: "pe-hub", customDnsConfigs: [{ fqdn: fc1, ipAddresses: ["10.0.0.4"] }] },
    { name: "pe-spoke", customDnsConfigs: [{ fqdn: fc1, ipAddresses: ["10.1.0.4"] }] },
  ]);

  it("takes one of the endpoints' addresses as complete: each zone group writes its own", () => {
    expect(recordChanges(twoEndpoints, "zones", new Map([[fc1, ["10.1.0.4"]]]), "sharedZone")).toEqual([]);
  });

  it("reports an address no endpoint lists as changed, a missing name as new, and other names not at all", () => {
    const other = `9${VAULT_NUMBER.slice(1)}-ab-pod01-fc1.privatelink.we.backup.windowsazure.com`;
    expect(
      recordChanges(
        twoEndpoints,
        "zones",
        new Map([
          [fc1, ["10.1.0.4", "10.2.0.4"]],
          [other, ["10.9.0.4"]],
        ]),
        "sharedZone",
      ),
    ).toEqual([
      { kind: "changed", fqdn: fc1, addresses: ["10.0.0.4", "10.1.0.4"], held: ["10.1.0.4", "10.2.0.4"] },
    ]);
    expect(recordChanges(twoEndpoints, "zones", new Map(), "sharedZone")).toEqual([
      { kind: "new", fqdn: fc1, addresses: ["10.0.0.4", "10.1.0.4"] },
    ]);
  });

  it("asks for every address in a file that vaultlink alone writes", () => {
    expect(recordChanges(twoEndpoints, "bind", new Map([[fc1, ["10.1.0.4"]]]), "vaultOnly")).toEqual([
      { kind: "changed", fqdn: fc1, addresses: ["10.0.0.4", "10.1.0.4"], held: ["10.1.0.4"] },
    ]);
  });
});
