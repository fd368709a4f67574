import { type AzureAdapter, allPages } from "../../azure/adapter.js";
import { parseResourceId } from "../../core/arm-id.js";
import { CLOUD_NAMES, type Cloud, cloudFor } from "../../core/clouds.js";
import type { DnsRecordSet, DnsZoneRecords } from "../../core/dns/record-set.js";
import { requiredZoneNamesFor } from "../../core/dns-names.js";
import type { Finding } from "../../core/findings.js";
import type { ZoneView } from "../../core/resolution/predict-resolution.js";
import { resolutionAudits } from "../../core/resolution/resolution-audits.js";
import { UserError } from "../../core/user-error.js";
import { readResolverView } from "./resolve-plan.js";

/** A vault as the DNS audits need it: where it is (its backup zone's geo). */
export interface CheckedVault {
  readonly id: string;
  readonly location: string;
}

const STAND_IN = "vault-names";

/** The cloud whose backup, blob or queue privatelink zone this is, if any. */
function cloudOfZone(name: string): Cloud | undefined {
  return CLOUD_NAMES.map(cloudFor).find((cloud) => {
    const { backup, blob, queue } = cloud.dnsSuffixes;
    return (
      name === `privatelink.${blob}` ||
      name === `privatelink.${queue}` ||
      (name.startsWith("privatelink.") && name.endsWith(`.${backup}`))
    );
  });
}

/** Names standing in for a vault's, one per zone: what a rule or a zone of that name would catch. */
function standIns(zones: readonly string[], cloud: Cloud): DnsRecordSet {
  return {
    vaultId: "",
    vaultName: "",
    cloud,
    zones: zones.map((zone): DnsZoneRecords => {
      const backup = zone.endsWith(`.${cloud.dnsSuffixes.backup}`);
      const service = backup ? "backup" : zone.includes(".queue.") ? "queue" : "blob";
      return {
        zone,
        service,
        records: [
          {
            name: STAND_IN,
            fqdn: `${STAND_IN}.${zone}`,
            clientNames: [
              backup ? `${STAND_IN}.${zone}` : `${STAND_IN}.${zone.replace(/^privatelink\./, "")}`,
            ],
            addresses: [],
            endpoints: [],
          },
        ],
      };
    }),
  };
}

/**
 * The DNS audits `vaultlink check` can make without a plan, in every subscription the identity sees: two zones of one name,
 * forwarding loops, rules that shadow a linked zone, rules for a whole public domain and single forwarders, for the
 * names backup clients ask (the vaults' backup zones, blob and queue). Reads only.
 */
export async function checkDnsPaths(
  adapter: AzureAdapter,
  vaults: readonly CheckedVault[],
): Promise<Finding[]> {
  if (vaults.length === 0) return [];
  // The zones and resolvers serving a vault's names often live in a hub (connectivity) subscription, not the vault's:
  // read every subscription the identity sees, and the vaults' own in case they are not listed.
  const visible = (await allPages(adapter.listSubscriptions())).filter((s) => s.state === "Enabled");
  const subscriptions = [
    ...new Set([
      ...visible.map((s) => s.subscriptionId.toLowerCase()),
      ...vaults.map((v) => parseResourceId(v.id).subscriptionId.toLowerCase()),
    ]),
  ];
  // One Resource Graph query for every subscription's zones (ARM lists, one per subscription, when it is refused).
  const allZones = await allPages(adapter.inventory.privateDnsZones(subscriptions));
  const zones = allZones.filter((z) => cloudOfZone(z.name.toLowerCase()) !== undefined);
  const cloud =
    zones.map((z) => cloudOfZone(z.name.toLowerCase())).find((c) => c !== undefined) ??
    cloudFor("AzureCloud");
  const names = new Set<string>(zones.map((z) => z.name.toLowerCase()));
  for (const vault of vaults) {
    try {
      const required = requiredZoneNamesFor(cloud, vault.location);
      for (const name of [required.backup, required.blob, required.queue]) names.add(name);
    } catch (error) {
      // A region without a known geo code: the vault's own findings say so; its blob and queue names still count.
      if (!(error instanceof UserError)) throw error;
      names.add(`privatelink.${cloud.dnsSuffixes.blob}`).add(`privatelink.${cloud.dnsSuffixes.queue}`);
    }
  }
  const [views, resolvers] = await Promise.all([
    Promise.all(
      zones.map(
        async (zone): Promise<ZoneView> => ({
          zone,
          links: await allPages(adapter.listVirtualNetworkLinks(zone.id)),
          recordSets: [],
        }),
      ),
    ),
    readResolverView(adapter, subscriptions),
  ]);
  const model = {
    expected: standIns([...names].sort(), cloud),
    virtualNetworks: [],
    zones: views,
    resolvers,
  };
  return resolutionAudits(model, []);
}
