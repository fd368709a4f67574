import { type AzureAdapter, allPages, unlessNotFound } from "../azure/adapter.js";
import { parseResourceId, sameResourceId } from "../core/arm-id.js";
import { cloudFor } from "../core/clouds.js";
import {
  bindZoneFileName,
  renderBindZoneDeclarations,
  renderBindZoneFiles,
} from "../core/dns/bind-zone-files.js";
import {
  type ConditionalForwarders,
  conditionalForwardersFor,
  renderAzureFirewallDnsProxyGuidance,
  renderBindForwardZones,
  renderDnsmasqForwarders,
  renderUnboundForwardZones,
  renderWindowsForwarderScript,
} from "../core/dns/conditional-forwarders.js";
import { renderCsvList } from "../core/dns/csv-list.js";
import { renderDnsmasqHostRecords } from "../core/dns/dnsmasq-host-records.js";
import { renderHostsBlock } from "../core/dns/hosts-block.js";
import { type DnsRecordSet, dnsRecordSetFor } from "../core/dns/record-set.js";
import { renderUnboundLocalData } from "../core/dns/unbound-local-data.js";
import { renderWindowsDnsScript } from "../core/dns/windows-dns-script.js";
import type { Finding } from "../core/findings.js";
import type { PrivateDnsZone, PrivateEndpoint } from "../core/inventory.js";
import { namingRegionOf } from "../core/plan/endpoint-zones.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { geoCodeFor } from "../core/regions.js";
import { checkBackupZoneNames } from "../core/rules/backup-zone-names.js";
import { ExitCode, UserError } from "../core/user-error.js";
import { desiredStateOf } from "./desired-state.js";
import type { DnsArtefactFormat, ForwarderFormat, RecordFormat } from "./dns-formats.js";

/** One generated file, named as `--out DIR` writes it. */
export interface ArtefactFile {
  readonly fileName: string;
  readonly text: string;
}

/** What reading the plan's endpoints found: their records, or why some endpoints give none yet. */
export type LiveDnsRecords = {
  /** Backup zones in the plan's zone resource group named with a region name or a wrong geo code. */
  readonly zoneFindings: readonly Finding[];
  /** The zones found in the plan's zone resource group; empty when the plan keeps no records in Azure. */
  readonly zonesInGroup: readonly PrivateDnsZone[];
} & (
  | { readonly kind: "ready"; readonly set: DnsRecordSet }
  /** One reason per endpoint that lists no DNS names yet, naming it. */
  | { readonly kind: "notReady"; readonly reasons: readonly string[]; readonly endpointCount: number }
);

export type ReadyDnsRecords = Extract<LiveDnsRecords, { kind: "ready" }>;

/** Why an endpoint of the plan gives no records yet, or undefined when it does. */
function notReadyReason(name: string, endpoint: PrivateEndpoint | undefined): string | undefined {
  if (endpoint === undefined) return `${name} does not exist yet`;
  if (endpoint.customDnsConfigs.length > 0) return undefined;
  if (endpoint.connection?.status === "Pending") return `${name} waits for the vault owner's approval`;
  if (endpoint.connection?.status === "Rejected" || endpoint.connection?.status === "Disconnected") {
    return `${name}'s connection to the vault is ${endpoint.connection.status}`;
  }
  if (endpoint.provisioningState !== "Succeeded") {
    return `${name} is still being provisioned (${endpoint.provisioningState ?? "no state yet"})`;
  }
  return `${name} lists no DNS names yet`;
}

/** The zones in the plan's zone resource group, when the plan keeps records in Azure Private DNS. */
async function zonesInPlanGroup(adapter: AzureAdapter, plan: Plan): Promise<PrivateDnsZone[]> {
  const groupId = desiredStateOf(plan).zoneResourceGroupId;
  if (groupId === undefined) return [];
  const group = parseResourceId(groupId);
  const zones = await allPages(adapter.listPrivateDnsZones(group.subscriptionId));
  return zones.filter((zone) => sameResourceId(zone.id.replace(/\/providers\/.*$/i, ""), group.id));
}

/**
 * Reads the plan's endpoints (at the ids desiredStateOf gives them) and groups their customDnsConfigs into the records
 * DNS must hold, or says which endpoints give none yet. Also checks the names of the zones in the plan's zone resource
 * group, since a zone named with the region (`privatelink.westeurope.backup…`) never resolves.
 */
export async function readLiveDnsRecords(adapter: AzureAdapter, plan: Plan): Promise<LiveDnsRecords> {
  const desired = desiredStateOf(plan);
  const cloud = cloudFor(plan.cloud);
  const [endpoints, zonesInGroup] = await Promise.all([
    Promise.all(desired.endpoints.map((e) => unlessNotFound(adapter.getPrivateEndpoint(e.request.id)))),
    zonesInPlanGroup(adapter, plan),
  ]);
  const zones = { zoneFindings: checkBackupZoneNames({ cloud, existingZones: zonesInGroup }), zonesInGroup };
  const reasons = desired.endpoints
    .map((e, index) => notReadyReason(e.plan.name, endpoints[index]))
    .filter((reason): reason is string => reason !== undefined);
  if (reasons.length > 0)
    return { kind: "notReady", reasons, endpointCount: desired.endpoints.length, ...zones };
  const ready = endpoints.filter((e): e is PrivateEndpoint => e !== undefined);
  return { kind: "ready", set: dnsRecordSetFor(plan.vault.id, cloud, ready), ...zones };
}

/**
 * The records, or a refusal naming each endpoint that gives none yet: an artefact without an endpoint's records would
 * look complete and resolve nothing.
 */
export function requireReady(live: LiveDnsRecords, planPath: string): ReadyDnsRecords {
  if (live.kind === "ready") return live;
  const { reasons, endpointCount } = live;
  throw new UserError(
    `No DNS records yet for ${reasons.length} of the plan's ${endpointCount} endpoint${endpointCount > 1 ? "s" : ""}: ${reasons.join("; ")}.`,
    {
      hint: `An endpoint lists its names once it is created, approved and provisioned: run \`vaultlink apply ${planPath}\`, have pending connections approved on the vault's Networking page, then run this again.`,
      exitCode: ExitCode.blockedByFinding,
    },
  );
}

/** The file `--out DIR` writes for a single-file format. */
const FILE_NAMES: Readonly<Record<Exclude<DnsArtefactFormat, "bind">, string>> = {
  hosts: "hosts.txt",
  windows: "windows-dns.ps1",
  unbound: "unbound-vaultlink.conf",
  dnsmasq: "dnsmasq-vaultlink.conf",
  csv: "records.csv",
  "forwarders-bind": "named.conf.forwarders",
  "forwarders-windows": "windows-forwarders.ps1",
  "forwarders-unbound": "unbound-forwarders.conf",
  "forwarders-dnsmasq": "dnsmasq-forwarders.conf",
  "forwarders-firewall": "azure-firewall-dns-proxy.txt",
};

/** The named.conf snippet that loads the BIND zone files. */
export const BIND_DECLARATIONS_FILE = "named.conf.vaultlink";

/** The files a record format consists of, for the records a set holds (BIND: one per zone plus named.conf). */
export function recordArtefactFileNames(format: RecordFormat, set: DnsRecordSet): string[] {
  return format === "bind"
    ? [...set.zones.map((zone) => bindZoneFileName(zone.zone)), BIND_DECLARATIONS_FILE]
    : [FILE_NAMES[format]];
}

export interface RecordArtefactOptions {
  /** Where named finds the zone files (BIND only). */
  readonly zoneDirectory?: string;
  /** BIND only: today's date and the zone files being replaced, so serials only go up (see nextBindSerial). */
  readonly today?: Date;
  readonly previous?: ReadonlyMap<string, string>;
}

/** Renders a record format into the files `--out DIR` holds (stdout prints them one after another). */
export function renderRecordArtefacts(
  format: RecordFormat,
  set: DnsRecordSet,
  options: RecordArtefactOptions = {},
): ArtefactFile[] {
  switch (format) {
    case "bind":
      return [
        ...renderBindZoneFiles(set, {
          ...(options.today === undefined ? {} : { today: options.today }),
          ...(options.previous === undefined ? {} : { previous: options.previous }),
        }).map((file) => ({ fileName: file.fileName, text: file.text })),
        {
          fileName: BIND_DECLARATIONS_FILE,
          text: renderBindZoneDeclarations(
            set,
            options.zoneDirectory === undefined ? {} : { zoneDirectory: options.zoneDirectory },
          ),
        },
      ];
    case "hosts":
      return [{ fileName: FILE_NAMES.hosts, text: renderHostsBlock(set) }];
    case "windows":
      return [{ fileName: FILE_NAMES.windows, text: renderWindowsDnsScript(set) }];
    case "unbound":
      return [{ fileName: FILE_NAMES.unbound, text: renderUnboundLocalData(set) }];
    case "dnsmasq":
      return [{ fileName: FILE_NAMES.dnsmasq, text: renderDnsmasqHostRecords(set) }];
    case "csv":
      return [{ fileName: FILE_NAMES.csv, text: renderCsvList(set) }];
  }
}

/**
 * The conditional forwarders of a plan: the backup zone of every region the endpoints serve (the secondary's too) and the
 * storage zones, sent to `forwardTo`, or to the plan's `dns.forwardTo` when the plan uses conditional forwarders.
 * Needs no Azure read: which zones to forward follows from the plan, not from the records.
 */
export function forwardersOfPlan(
  plan: Plan,
  forwardTo: readonly string[] | undefined,
): ConditionalForwarders {
  const servers = forwardTo ?? (plan.dns.strategy === "conditionalForwarder" ? plan.dns.forwardTo : []);
  if (servers.length === 0) {
    throw new UserError(
      `The plan uses the ${plan.dns.strategy} DNS strategy, which names no DNS server to forward to.`,
      {
        hint: "Give --forward-to with the private IP of a DNS server inside Azure (a DNS Private Resolver inbound endpoint, or a VM that uses 168.63.129.16).",
      },
    );
  }
  const geoCodes = [
    ...new Set(plan.endpoints.map((e) => geoCodeFor(namingRegionOf(plan, e.groupId), plan.cloud))),
  ];
  return conditionalForwardersFor(plan.vault.id, cloudFor(plan.cloud), geoCodes, servers);
}

export function renderForwarderArtefact(format: ForwarderFormat, set: ConditionalForwarders): ArtefactFile {
  const fileName = FILE_NAMES[format];
  switch (format) {
    case "forwarders-bind":
      return { fileName, text: renderBindForwardZones(set) };
    case "forwarders-windows":
      return { fileName, text: renderWindowsForwarderScript(set) };
    case "forwarders-unbound":
      return { fileName, text: renderUnboundForwardZones(set) };
    case "forwarders-dnsmasq":
      return { fileName, text: renderDnsmasqForwarders(set) };
    case "forwarders-firewall":
      return { fileName, text: renderAzureFirewallDnsProxyGuidance(set) };
  }
}
