import { type ArtefactOptions, artefactHeader, commented } from "./artefact-header.js";
import { psString, psStringArray } from "./powershell-literal.js";
import { allRecords, type DnsRecordSet } from "./record-set.js";

export interface WindowsDnsOptions extends ArtefactOptions {
  /** The records' TTL in seconds; 300 unless given. */
  readonly ttl?: number;
}

const DEFAULT_TTL = 300;

/**
 * A PowerShell script for Windows DNS Server (DnsServer module) that creates the privatelink zones and their A
 * records. It can run again and again: it adds what is missing, removes addresses the endpoints no longer list,
 * and leaves everything else in the zones alone.
 */
export function renderWindowsDnsScript(set: DnsRecordSet, options: WindowsDnsOptions = {}): string {
  const ttl = options.ttl ?? DEFAULT_TTL;
  const sample = allRecords(set).find((record) => record.clientNames[0] !== record.fqdn)?.clientNames[0];
  const lines = [
    ...commented("#", artefactHeader(set, "Windows DNS Server script", options)),
    "#",
    "# This server becomes authoritative for each zone below: names in it that it does not hold (other vaults' or",
    "# other teams' endpoints) get NXDOMAIN from it. If others use these zones, merge their records in.",
    "#Requires -Modules DnsServer",
    "param(",
    "  # Active Directory-integrated zones replicate to the forest's (or domain's) DNS servers; File keeps them here.",
    "  [ValidateSet('Forest', 'Domain', 'Legacy', 'File')]",
    "  [string]$ZoneStorage = 'Forest'",
    ")",
    "Set-StrictMode -Version Latest",
    "$ErrorActionPreference = 'Stop'",
    "",
    `$Ttl = New-TimeSpan -Seconds ${ttl}`,
    `$Zones = ${psStringArray(set.zones.map((zone) => zone.zone))}`,
    "$Records = @(",
    ...set.zones.flatMap((zone) =>
      zone.records.map(
        (record) =>
          `  @{ Zone = ${psString(zone.zone)}; Name = ${psString(record.name)}; Addresses = ${psStringArray(record.addresses)} }`,
      ),
    ),
    ")",
    "",
    "foreach ($zoneName in $Zones) {",
    "  $zone = Get-DnsServerZone -Name $zoneName -ErrorAction SilentlyContinue",
    "  if ($null -eq $zone) {",
    "    if ($ZoneStorage -eq 'File') {",
    '      Add-DnsServerPrimaryZone -Name $zoneName -ZoneFile "$zoneName.dns"',
    "    } else {",
    "      Add-DnsServerPrimaryZone -Name $zoneName -ReplicationScope $ZoneStorage",
    "    }",
    '    Write-Host "Created zone $zoneName"',
    "  } elseif ($zone.ZoneType -ne 'Primary') {",
    '    throw "Zone $zoneName exists as a $($zone.ZoneType) zone, not a primary zone. Remove it, or use vaultlink\'s conditional forwarder artefact instead."',
    "  }",
    "}",
    "",
    "foreach ($record in $Records) {",
    "  $existing = @(Get-DnsServerResourceRecord -ZoneName $record.Zone -Name $record.Name -RRType A -ErrorAction SilentlyContinue)",
    "  $present = @($existing | ForEach-Object { $_.RecordData.IPv4Address.IPAddressToString })",
    "  foreach ($old in $existing) {",
    "    $oldAddress = $old.RecordData.IPv4Address.IPAddressToString",
    "    if ($record.Addresses -notcontains $oldAddress) {",
    "      Remove-DnsServerResourceRecord -ZoneName $record.Zone -InputObject $old -Force",
    '      Write-Host "Removed $($record.Name).$($record.Zone) A $oldAddress"',
    "    }",
    "  }",
    "  foreach ($address in $record.Addresses) {",
    "    if ($present -notcontains $address) {",
    "      Add-DnsServerResourceRecordA -ZoneName $record.Zone -Name $record.Name -IPv4Address $address -TimeToLive $Ttl",
    '      Write-Host "Added $($record.Name).$($record.Zone) A $address"',
    "    }",
    "  }",
    "}",
    ...(sample === undefined
      ? []
      : [
          "",
          "# Storage names reach these zones through their public CNAME. Check that this server follows it (it may not",
          "# when it sends all other names to forwarders):",
          `#   Resolve-DnsName ${sample} -Server localhost   # must answer a private address`,
        ]),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
