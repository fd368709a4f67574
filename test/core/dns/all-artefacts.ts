import { cloudFor } from "../../../src/core/clouds.js";
import { renderBindZoneDeclarations, renderBindZoneFiles } from "../../../src/core/dns/bind-zone-files.js";
import {
  conditionalForwardersFor,
  renderAzureFirewallDnsProxyGuidance,
  renderBindForwardZones,
  renderDnsmasqForwarders,
  renderUnboundForwardZones,
  renderWindowsForwarderScript,
} from "../../../src/core/dns/conditional-forwarders.js";
import { renderCsvList } from "../../../src/core/dns/csv-list.js";
import { renderDnsmasqHostRecords } from "../../../src/core/dns/dnsmasq-host-records.js";
import { renderHostsBlock } from "../../../src/core/dns/hosts-block.js";
import { type DnsRecordSet, dnsRecordSetFor } from "../../../src/core/dns/record-set.js";
import { renderUnboundLocalData } from "../../../src/core/dns/unbound-local-data.js";
import { renderWindowsDnsScript } from "../../../src/core/dns/windows-dns-script.js";
import {
  type FixtureCloud,
  fixtureEndpoints,
  fixtureGeoCodes,
  RESOLVER_INBOUND,
  VAULT_ID,
} from "./vault-fixture.js";

export function fixtureRecordSet(cloud: FixtureCloud): DnsRecordSet {
  return dnsRecordSetFor(VAULT_ID, cloudFor(cloud), fixtureEndpoints(cloud));
}

/**
 * Every artefact for the fixture vault, by relative file name. `zoneDirectory` is where the named.conf snippet
 * says the zone files are.
 */
export function fixtureArtefacts(
  cloud: FixtureCloud,
  zoneDirectory = "/etc/bind/vaultlink",
): Map<string, string> {
  const set = fixtureRecordSet(cloud);
  const forwarders = conditionalForwardersFor(
    VAULT_ID,
    cloudFor(cloud),
    fixtureGeoCodes(cloud),
    RESOLVER_INBOUND,
  );
  return new Map([
    ...renderBindZoneFiles(set).map((file): [string, string] => [`bind/${file.fileName}`, file.text]),
    ["bind/named.conf.zones", renderBindZoneDeclarations(set, { zoneDirectory })],
    ["windows-dns.ps1", renderWindowsDnsScript(set)],
    ["unbound.conf", renderUnboundLocalData(set)],
    ["dnsmasq.conf", renderDnsmasqHostRecords(set)],
    ["records.csv", renderCsvList(set)],
    ["hosts.txt", renderHostsBlock(set)],
    ["forwarders/windows.ps1", renderWindowsForwarderScript(forwarders)],
    ["forwarders/named.conf", renderBindForwardZones(forwarders)],
    ["forwarders/unbound.conf", renderUnboundForwardZones(forwarders)],
    ["forwarders/dnsmasq.conf", renderDnsmasqForwarders(forwarders)],
    ["forwarders/azure-firewall.txt", renderAzureFirewallDnsProxyGuidance(forwarders)],
  ]);
}
