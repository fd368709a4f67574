import { describe, expect, it } from "vitest";
import { cloudFor } from "../../../src/core/clouds.js";
import { renderBindZoneDeclarations, renderBindZoneFiles } from "../../../src/core/dns/bind-zone-files.js";
import {
  conditionalForwardersFor,
  forwarderZonesFor,
  renderWindowsForwarderScript,
} from "../../../src/core/dns/conditional-forwarders.js";
import { renderCsvList } from "../../../src/core/dns/csv-list.js";
import { renderHostsBlock } from "../../../src/core/dns/hosts-block.js";
import { psString } from "../../../src/core/dns/powershell-literal.js";
import { dnsRecordSetFor } from "../../../src/core/dns/record-set.js";
import { renderUnboundLocalData } from "../../../src/core/dns/unbound-local-data.js";
import { renderWindowsDnsScript } from "../../../src/core/dns/windows-dns-script.js";
import { UserError } from "../../../src/core/user-error.js";
import { fixtureRecordSet } from "./all-artefacts.js";
import { VAULT_ID, VAULT_NUMBER } from "./vault-fixture.js";

const global = cloudFor("AzureCloud");
const fc1 = `${VAULT_NUMBER}-ab-pod01-fc1.privatelink.we.backup.windowsazure.com`;

function oneRecord(address: string) {
  return dnsRecordSetFor(VAULT_ID, global, [
    { name: "pe", customDnsConfigs: [{ fqdn: fc1, ipAddresses: [address] }] },
  ]);
}

function serialOf(zoneFile: string): string | undefined {
  return /SOA \S+ \S+ \( (\d+) /.exec(zoneFile)?.[1];
}

describe("BIND zone files", () => {
  it("use the serial given, or one that follows the records alone", () => {
    const [given] = renderBindZoneFiles(oneRecord("10.0.0.4"), { serial: 2026111501 });
    expect(serialOf(given?.text ?? "")).toBe("2026111501");
    const first = serialOf(renderBindZoneFiles(oneRecord("10.0.0.4"))[0]?.text ?? "");
    const again = serialOf(renderBindZoneFiles(oneRecord("10.0.0.4"))[0]?.text ?? "");
    const moved = serialOf(renderBindZoneFiles(oneRecord("10.0.0.5"))[0]?.text ?? "");
    expect(first).toBe(again);
    expect(moved).not.toBe(first);
    expect(Number(first)).toBeGreaterThan(0);
    expect(Number(first)).toBeLessThan(2 ** 31);
  });

  it("name the time only when told it, and refuse one that spans lines", () => {
    const set = oneRecord("10.0.0.4");
    expect(renderBindZoneFiles(set)[0]?.text).not.toContain("Generated at");
    expect(renderBindZoneFiles(set, { generatedAt: "2026-11-15T10:00:00Z" })[0]?.text).toContain(
      "; Generated at 2026-11-15T10:00:00Z.",
    );
    expect(() => renderBindZoneFiles(set, { generatedAt: "now\n$INCLUDE /etc/shadow" })).toThrow(UserError);
  });

  it("refuse a zone directory named.conf cannot quote", () => {
    expect(() => renderBindZoneDeclarations(oneRecord("10.0.0.4"), { zoneDirectory: '/etc/"bind' })).toThrow(
      /double quote/,
    );
  });
});

describe("the Windows DNS Server script", () => {
  const script = renderWindowsDnsScript(fixtureRecordSet("AzureCloud"));

  it("stops on the first error, in strict mode, and uses CRLF line endings", () => {
    expect(script).toContain("\r\nSet-StrictMode -Version Latest\r\n$ErrorActionPreference = 'Stop'\r\n");
    expect(script.replaceAll("\r\n", "").includes("\n")).toBe(false);
  });

  it("looks a record up before adding it, and removes addresses the endpoints no longer list", () => {
    const lookup = script.indexOf("Get-DnsServerResourceRecord");
    expect(lookup).toBeGreaterThan(0);
    expect(script.indexOf("Add-DnsServerResourceRecordA")).toBeGreaterThan(lookup);
    expect(script).toContain("Remove-DnsServerResourceRecord");
    expect(script).toContain("Add-DnsServerPrimaryZone");
  });

  it("quotes text for PowerShell, typographic quotes included", () => {
    expect(psString("it's")).toBe("'it''s'");
    expect(psString("a\u2019b")).toBe("'a\u2019\u2019b'");
  });
});

describe("Unbound local data", () => {
  it("declares each zone transparent and lists backup names once and storage names twice", () => {
    const text = renderUnboundLocalData(fixtureRecordSet("AzureCloud"));
    expect(text).toContain('local-zone: "privatelink.we.backup.windowsazure.com." transparent');
    expect(text).not.toMatch(/local-zone: .* static/);
    expect(text.split(`"${fc1}. 300 IN A`)).toHaveLength(2);
    expect(text).toContain('local-data: "we1data9c0d3e.blob.core.windows.net. 300 IN A 10.20.1.14"');
    expect(text).toContain(
      'local-data: "we1data9c0d3e.privatelink.blob.core.windows.net. 300 IN A 10.20.1.14"',
    );
  });
});

describe("hosts block and csv", () => {
  it("say which endpoints disagree when a name has several addresses", () => {
    const set = dnsRecordSetFor(VAULT_ID, global, [
      { name: "pe-hub", customDnsConfigs: [{ fqdn: fc1, ipAddresses: ["10.0.0.4"] }] },
      { name: "pe-spoke", customDnsConfigs: [{ fqdn: fc1, ipAddresses: ["10.1.0.4"] }] },
    ]);
    expect(renderHostsBlock(set)).toContain(`# ${fc1}: several addresses (endpoints pe-hub, pe-spoke);`);
    expect(renderCsvList(set)).toBe(`fqdn,ip\r\n${fc1},10.0.0.4\r\n${fc1},10.1.0.4\r\n`);
  });

  it("list Chinese cloud names with the .cn suffixes", () => {
    const set = dnsRecordSetFor(VAULT_ID, cloudFor("AzureChinaCloud"), [
      {
        name: "pe-cn",
        customDnsConfigs: [
          {
            fqdn: `${VAULT_NUMBER}-ab-pod01-fc1.privatelink.sha2.backup.windowsazure.cn`,
            ipAddresses: ["10.0.0.4"],
          },
          { fqdn: "acct.queue.core.chinacloudapi.cn", ipAddresses: ["10.0.0.5"] },
        ],
      },
    ]);
    expect(set.zones.map((zone) => zone.zone)).toEqual([
      "privatelink.queue.core.chinacloudapi.cn",
      "privatelink.sha2.backup.windowsazure.cn",
    ]);
    expect(renderHostsBlock(set)).toContain("10.0.0.5        acct.queue.core.chinacloudapi.cn\n");
  });
});

describe("conditional forwarders", () => {
  it("forward the backup privatelink zone of each geo and the public storage zones of the cloud", () => {
    expect(forwarderZonesFor(global, ["we", "ne", "we"])).toEqual([
      { zone: "privatelink.ne.backup.windowsazure.com", names: "backup" },
      { zone: "privatelink.we.backup.windowsazure.com", names: "backup" },
      { zone: "blob.core.windows.net", names: "storage" },
      { zone: "queue.core.windows.net", names: "storage" },
      { zone: "blob.storage.azure.net", names: "storage" },
    ]);
    expect(forwarderZonesFor(cloudFor("AzureUSGovernment"), ["ugv"]).map(({ zone }) => zone)).toEqual([
      "privatelink.ugv.backup.windowsazure.us",
      "blob.core.usgovcloudapi.net",
      "queue.core.usgovcloudapi.net",
    ]);
  });

  it("refuse a region name where a geo code belongs, naming the right zone", () => {
    expect(() => forwarderZonesFor(global, ["westeurope"])).toThrow(/region name/);
  });

  it("refuse no target, a target that is not IPv4, and no geo code", () => {
    expect(() => conditionalForwardersFor(VAULT_ID, global, ["we"], [])).toThrow(/at least one DNS server/);
    expect(() => conditionalForwardersFor(VAULT_ID, global, ["we"], ["dns.corp"])).toThrow(/not an IPv4/);
    expect(() => conditionalForwardersFor(VAULT_ID, global, [], ["10.0.0.4"])).toThrow(/geo code/);
  });

  it("create or correct Windows forwarder zones, never blindly add them", () => {
    const script = renderWindowsForwarderScript(
      conditionalForwardersFor(VAULT_ID, global, ["we"], ["10.10.0.4"]),
    );
    expect(script).toContain("Get-DnsServerZone -Name $zoneName");
    expect(script).toContain("Add-DnsServerConditionalForwarderZone");
    expect(script).toContain("Set-DnsServerConditionalForwarderZone");
    expect(script).toContain("$ErrorActionPreference = 'Stop'");
  });
});
