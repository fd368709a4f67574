import ipaddr from "ipaddr.js";
import { parseResourceIdOfType, ResourceType } from "../arm-id.js";
import type { Cloud } from "../clouds.js";
import { backupZoneName } from "../dns-names.js";
import { UserError } from "../user-error.js";
import { type ArtefactOptions, type ArtefactSubject, artefactHeader, commented } from "./artefact-header.js";
import { psStringArray } from "./powershell-literal.js";

/** A DNS zone a forwarder must send to a DNS server inside Azure, and for which names. */
export interface ForwardZone {
  readonly zone: string;
  readonly names: "backup" | "storage";
}

/** The zones to forward for a vault, and where to. */
export interface ConditionalForwarders extends ArtefactSubject {
  readonly zones: readonly ForwardZone[];
  /** IPv4 addresses of DNS servers inside Azure: a DNS Private Resolver inbound endpoint or a forwarder VM. */
  readonly forwardTo: readonly string[];
}

/*
 * Which zones. Backup names have no public CNAME into a privatelink zone: clients ask for
 * `<id>-ab-pod01-<svc>.privatelink.<geo>.backup...` itself (azure-docs PR #69607, issue #69061), so the
 * privatelink zone itself is what must be forwarded. Storage names are asked for by their public names
 * (`<account>.blob.core.windows.net`, `<account>.zNN.blob.storage.azure.net`) and reach the privatelink zone
 * only through a public CNAME. Forwarding only privatelink.blob.* works when the local server resolves that
 * chain itself and sends the CNAME target on to the forwarder; a server that hands other names to upstream
 * forwarders gets the whole chain back with the public address, and Unbound and dnsmasq never look up a CNAME
 * target again (dmauser/PrivateLink PR #6; NLnetLabs/unbound issue #1412). So storage is forwarded by its
 * public zone, as the private endpoint DNS page asks ("The conditional forwarding must be made to the
 * recommended public DNS zone forwarder. For example: database.windows.net instead of
 * privatelink.database.windows.net", MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md).
 * The DNS server inside Azure then resolves public storage names as well: keep it redundant.
 */
const WHY: Readonly<Record<ForwardZone["names"], readonly string[]>> = {
  backup: [
    "Backup names: clients ask for the privatelink name itself (it has no public CNAME), so the privatelink",
    "zone is what must be forwarded.",
  ],
  storage: [
    "Storage names: clients ask for the public name, whose public CNAME leads into privatelink.*. Forwarding the",
    "public zone lets the server inside Azure follow that chain; forwarding only privatelink.* fails when this",
    "server gets the chain from its own upstream, which answers with the public address.",
  ],
};

export function forwarderZonesFor(cloud: Cloud, geoCodes: readonly string[]): ForwardZone[] {
  const backup = [...new Set(geoCodes.map((code) => backupZoneName(cloud, code)))].sort();
  const storage = [cloud.dnsSuffixes.blob, cloud.dnsSuffixes.queue, cloud.dnsSuffixes.blobStorage].filter(
    (zone): zone is string => zone !== null,
  );
  return [
    ...backup.map((zone): ForwardZone => ({ zone, names: "backup" })),
    ...storage.map((zone): ForwardZone => ({ zone, names: "storage" })),
  ];
}

/**
 * The forwarders for a vault whose endpoints use `geoCodes` (the vault's region, and the secondary region's when
 * there is a secondary endpoint), sent to `forwardTo`.
 */
export function conditionalForwardersFor(
  vaultId: string,
  cloud: Cloud,
  geoCodes: readonly string[],
  forwardTo: readonly string[],
): ConditionalForwarders {
  const vault = parseResourceIdOfType(vaultId, ResourceType.recoveryServicesVault);
  if (forwardTo.length === 0) {
    throw new UserError("Conditional forwarders need at least one DNS server to forward to.", {
      hint: "Give the inbound endpoint of a DNS Private Resolver, or a DNS server inside Azure that uses 168.63.129.16.",
    });
  }
  const bad = forwardTo.find((address) => !ipaddr.IPv4.isValidFourPartDecimal(address));
  if (bad !== undefined) {
    throw new UserError(`"${bad}" is not an IPv4 address to forward to.`, {
      hint: "Give the private IPv4 address of a DNS server inside Azure.",
    });
  }
  if (geoCodes.length === 0) {
    throw new UserError("Conditional forwarders need the vault's geo code.", {
      hint: "The geo code comes from the vault's region (e.g. we for westeurope); see `vaultlink zones`.",
    });
  }
  return {
    vaultId: vault.id,
    vaultName: vault.name,
    cloud,
    zones: forwarderZonesFor(cloud, geoCodes),
    forwardTo: [...new Set(forwardTo)],
  };
}

const AZURE_DNS_NOTE = [
  "Forward to a DNS server inside Azure (a DNS Private Resolver inbound endpoint, or a VM) that resolves with",
  "168.63.129.16 from a VNet linked to the private DNS zones. 168.63.129.16 itself answers only from inside Azure.",
];

/** Azure's own resolver: answers only a VM inside Azure (https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16). */
const AZURE_DNS = "168.63.129.16";

function header(
  marker: string,
  set: ConditionalForwarders,
  what: string,
  options: ArtefactOptions,
): string[] {
  const toAzureDns = set.forwardTo.includes(AZURE_DNS)
    ? [
        "",
        `WARNING: this forwards to ${AZURE_DNS}, which works only on a DNS server running in an Azure VNet linked to`,
        "the private DNS zones. On-premises, forward to a DNS Private Resolver inbound endpoint (or a DNS VM in Azure).",
      ]
    : [];
  return commented(marker, [
    ...artefactHeader(set, what, options),
    "",
    ...AZURE_DNS_NOTE,
    ...toAzureDns,
    "",
    "Zones forwarded, and why:",
    ...(["backup", "storage"] as const).flatMap((names) => {
      const zones = set.zones.filter((zone) => zone.names === names).map(({ zone }) => `  ${zone}`);
      return zones.length === 0 ? [] : [...zones, ...WHY[names].map((line) => `    ${line}`)];
    }),
  ]);
}

/** Windows DNS Server: conditional forwarder zones, created or corrected; idempotent. */
export function renderWindowsForwarderScript(
  set: ConditionalForwarders,
  options: ArtefactOptions = {},
): string {
  const lines = [
    ...header("#", set, "Windows DNS Server conditional forwarders", options),
    "#Requires -Modules DnsServer",
    "param(",
    "  # Active Directory-integrated forwarders replicate to the forest's (or domain's) DNS servers; None keeps them here.",
    "  [ValidateSet('Forest', 'Domain', 'Legacy', 'None')]",
    "  [string]$ReplicationScope = 'Forest'",
    ")",
    "Set-StrictMode -Version Latest",
    "$ErrorActionPreference = 'Stop'",
    "",
    `$ForwardTo = ${psStringArray(set.forwardTo)}`,
    `$Zones = ${psStringArray(set.zones.map(({ zone }) => zone))}`,
    "$wanted = ($ForwardTo | Sort-Object) -join ','",
    "",
    "foreach ($zoneName in $Zones) {",
    "  $zone = Get-DnsServerZone -Name $zoneName -ErrorAction SilentlyContinue",
    "  if ($null -eq $zone) {",
    "    if ($ReplicationScope -eq 'None') {",
    "      Add-DnsServerConditionalForwarderZone -Name $zoneName -MasterServers $ForwardTo",
    "    } else {",
    "      Add-DnsServerConditionalForwarderZone -Name $zoneName -MasterServers $ForwardTo -ReplicationScope $ReplicationScope",
    "    }",
    '    Write-Host "Created conditional forwarder $zoneName"',
    "  } elseif ($zone.ZoneType -ne 'Forwarder') {",
    '    throw "Zone $zoneName exists as a $($zone.ZoneType) zone, not a conditional forwarder. Remove it first, or keep it and hold the records there."',
    "  } else {",
    "    $current = (@($zone.MasterServers | ForEach-Object { $_.IPAddressToString }) | Sort-Object) -join ','",
    "    if ($current -ne $wanted) {",
    "      Set-DnsServerConditionalForwarderZone -Name $zoneName -MasterServers $ForwardTo",
    '      Write-Host "Updated conditional forwarder $zoneName"',
    "    }",
    "  }",
    "}",
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/** BIND: forward zones for named.conf. */
export function renderBindForwardZones(set: ConditionalForwarders, options: ArtefactOptions = {}): string {
  const forwarders = set.forwardTo.map((address) => `${address}; `).join("");
  const lines = [
    ...header("//", set, "BIND forward zones", options),
    ...set.zones.map(
      ({ zone }) => `zone "${zone}" { type forward; forward only; forwarders { ${forwarders}}; };`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

/** Unbound: forward-zone clauses to include from unbound.conf. */
export function renderUnboundForwardZones(set: ConditionalForwarders, options: ArtefactOptions = {}): string {
  const lines = [
    ...header("#", set, "Unbound forward zones", options),
    ...set.zones.flatMap(({ zone }) => [
      "forward-zone:",
      `  name: "${zone}."`,
      ...set.forwardTo.map((address) => `  forward-addr: ${address}`),
    ]),
  ];
  return `${lines.join("\n")}\n`;
}

/** dnsmasq: `server=/zone/ip` lines. */
export function renderDnsmasqForwarders(set: ConditionalForwarders, options: ArtefactOptions = {}): string {
  const lines = [
    ...header("#", set, "dnsmasq forwarders", options),
    ...set.zones.flatMap(({ zone }) => set.forwardTo.map((address) => `server=/${zone}/${address}`)),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Settings for Azure Firewall as the VNets' DNS proxy (seed: "Azure Firewall used as a DNS proxy to redirect the
 * domain name queries for a Recovery Services vault, blob, queues, and Microsoft Entra ID to 168.63.129.16").
 */
export function renderAzureFirewallDnsProxyGuidance(set: ConditionalForwarders): string {
  const lines = [
    `Azure Firewall as DNS proxy for Recovery Services vault ${set.vaultName} (${set.cloud.displayName})`,
    "",
    "1. In the firewall policy's DNS settings, turn on DNS proxy: the firewall then answers DNS on its private IP.",
    "2. Set the firewall's DNS servers to Default (Azure provided, 168.63.129.16), and link the firewall's VNet to",
    "   the private DNS zones; or set them to custom DNS servers that hold the records for these names.",
    "3. Set the DNS servers of every VNet with backup clients to the firewall's private IP, then restart the VMs",
    "   (or renew their DHCP leases) so they pick it up.",
    "4. On-premises DNS servers forward these zones to a DNS server inside Azure (the firewall's private IP, or a",
    `   DNS Private Resolver inbound endpoint; this plan names ${set.forwardTo.join(", ")}), never to 168.63.129.16:`,
    ...set.zones.map(({ zone }) => `   - ${zone}`),
    "",
    "168.63.129.16 answers only from inside Azure, and resolves the private zones only for VNets linked to them.",
    "Microsoft Entra ID is not covered by the private endpoints: allow outbound 443 to it (AzureActiveDirectory).",
  ];
  return `${lines.join("\n")}\n`;
}
