import type { Cloud } from "../clouds.js";
import { zoneRecordForFqdn } from "../dns-names.js";
import type { Finding } from "../findings.js";
import type { PrivateEndpoint, Vault, VaultPrivateLinkResource, VirtualNetwork } from "../inventory.js";
import type { BackupGroupId } from "../plan/plan-schema.js";
import { sameRegion } from "../regions.js";
import { Source } from "./sources.js";

/**
 * Where a plan puts an endpoint and its records, checked against what Azure says before anything is written:
 * - an endpoint lives in its VNet's region (a private endpoint's location is its VNet's; the portal offers no
 *   other), so a plan whose `location` says otherwise was edited by hand or made for another VNet;
 * - the zones the plan writes the endpoint's records into must be the ones Azure Backup names: the vault's
 *   privateLinkResources (`requiredZoneNames`) before the endpoint exists, and the endpoint's own FQDNs
 *   (`customDnsConfigs`) once it does. The FQDNs have the last word: they are the names clients look up.
 * A mismatch blocks: a zone group writing records into the wrong zone "succeeds", and only `verify` would notice.
 */

/** One endpoint of the plan, with the zones the plan puts its records in. */
export interface PlacedEndpoint {
  readonly name: string;
  /** The endpoint's ARM id (its own, not the subnet's). */
  readonly id: string;
  readonly groupId: BackupGroupId;
  readonly location: string;
  readonly virtualNetworkId: string;
  /** The planned zones: backup, blob and queue. */
  readonly zoneNames: readonly string[];
}

export interface EndpointPlacementFacts {
  readonly cloud: Cloud;
  readonly vault: Vault;
  /** The region the plan records for the vault (`plan.vault.location`). */
  readonly plannedVaultLocation: string;
  readonly endpoints: readonly PlacedEndpoint[];
  /** The VNets of the planned endpoints, as read; a VNet not read is judged by the subnet rules instead. */
  readonly virtualNetworks: readonly VirtualNetwork[];
  /** The vault's private link resources; empty when Azure listed none (then only the FQDNs can tell). */
  readonly privateLinkResources: readonly VaultPrivateLinkResource[];
  /** The planned endpoints that exist already. */
  readonly existingEndpoints: readonly PrivateEndpoint[];
  /** false when the plan keeps its records outside Azure (custom DNS, hosts file): then no zone is written. */
  readonly writesZones: boolean;
}

function vaultLocation(facts: EndpointPlacementFacts): Finding[] {
  if (sameRegion(facts.vault.location, facts.plannedVaultLocation)) return [];
  return [
    {
      severity: "block",
      code: "vault-location-differs",
      message: `The plan says vault ${facts.vault.name} is in ${facts.plannedVaultLocation}, but Azure reports ${facts.vault.location}; the plan's zone names follow from the vault's region.`,
      fix: `Set vault.location to ${facts.vault.location} in the plan, or plan again with the wizard.`,
      source: "ARM: Vaults_Get location",
      subject: facts.vault.id,
    },
  ];
}

function endpointLocation(endpoint: PlacedEndpoint, vnets: readonly VirtualNetwork[]): Finding[] {
  const vnet = vnets.find((v) => v.id.toLowerCase() === endpoint.virtualNetworkId.toLowerCase());
  if (vnet === undefined || sameRegion(vnet.location, endpoint.location)) return [];
  return [
    {
      severity: "block",
      code: "endpoint-location-not-vnet-region",
      message: `Endpoint ${endpoint.name} is planned in ${endpoint.location}, but its VNet ${vnet.name} is in ${vnet.location}: a private endpoint is created in its VNet's region.`,
      fix: `Set the endpoint's location to ${vnet.location} in the plan (its zone follows from the vault and the group id, not from this field), or pick a subnet of a VNet in ${endpoint.location}.`,
      source:
        "learn.microsoft.com/azure/private-link/create-private-endpoint-portal (the endpoint's region is its virtual network's)",
      subject: endpoint.id,
    },
  ];
}

function isBackupZone(zone: string, cloud: Cloud): boolean {
  const name = zone.toLowerCase();
  return name.startsWith("privatelink.") && name.endsWith(`.${cloud.dnsSuffixes.backup}`);
}

function backupZoneOf(endpoint: PlacedEndpoint, cloud: Cloud): string | undefined {
  return endpoint.zoneNames.find((z) => isBackupZone(z, cloud));
}

/** Per group id: the planned backup zone against the vault's requiredZoneNames, once per group. */
function againstRequiredZoneNames(facts: EndpointPlacementFacts): Finding[] {
  const findings: Finding[] = [];
  const groups = new Set(facts.endpoints.map((e) => e.groupId));
  for (const groupId of groups) {
    const resource = facts.privateLinkResources.find(
      (r) => r.groupId.toLowerCase() === groupId.toLowerCase(),
    );
    const required = (resource?.requiredZoneNames ?? []).filter((z) => isBackupZone(z, facts.cloud));
    const endpoint = facts.endpoints.find((e) => e.groupId === groupId);
    const planned = endpoint === undefined ? undefined : backupZoneOf(endpoint, facts.cloud);
    if (required.length === 0 || planned === undefined) continue;
    if (required.some((z) => z.toLowerCase() === planned.toLowerCase())) continue;
    findings.push({
      severity: "block",
      code: "zone-name-differs-from-vault",
      message: `The plan puts the names of ${groupId} endpoints in ${planned}, but the vault's private link resources say they live in ${required.join(", ")}.`,
      fix: `Check the vault's region in the plan (vault.location) against the vault; the zone Azure Backup uses for ${groupId} is ${required[0]}. Plan again with the wizard if the plan is stale.`,
      source: `ARM: Vaults privateLinkResources (requiredZoneNames); ${Source.backupZoneNames}`,
      subject: facts.vault.id,
    });
  }
  return findings;
}

/** An existing endpoint's FQDNs, each mapped to its zone, against the zones the plan writes its records into. */
function againstFqdns(facts: EndpointPlacementFacts): Finding[] {
  return facts.endpoints.flatMap((endpoint): Finding[] => {
    const existing = facts.existingEndpoints.find((e) => e.id.toLowerCase() === endpoint.id.toLowerCase());
    if (existing === undefined) return [];
    const planned = new Set(endpoint.zoneNames.map((z) => z.toLowerCase()));
    const outside = new Map<string, string>();
    for (const config of existing.customDnsConfigs) {
      const record = zoneRecordForFqdn(config.fqdn, facts.cloud);
      if (record !== null && !planned.has(record.zone.toLowerCase())) outside.set(record.zone, config.fqdn);
    }
    if (outside.size === 0) return [];
    const zones = [...outside.keys()];
    return [
      {
        severity: "block",
        code: "zone-name-differs-from-endpoint",
        message: `Endpoint ${endpoint.name}'s names live in ${zones.join(", ")} (e.g. ${[...outside.values()][0]}), but the plan puts its records in ${endpoint.zoneNames.join(", ")}: the zone group would write records no client looks up.`,
        fix: `The endpoint's FQDNs decide: check vault.location and the endpoint's group id in the plan; the zone it needs is ${zones[0]}.`,
        source: `ARM: the private endpoint's customDnsConfigs; ${Source.backupZoneNames}`,
        subject: endpoint.id,
      },
    ];
  });
}

/** The checks above, over one plan and what was read for it. */
export function checkEndpointPlacement(facts: EndpointPlacementFacts): Finding[] {
  return [
    ...vaultLocation(facts),
    ...facts.endpoints.flatMap((e) => endpointLocation(e, facts.virtualNetworks)),
    ...(facts.writesZones ? [...againstRequiredZoneNames(facts), ...againstFqdns(facts)] : []),
  ];
}
