import { type AzureAdapter, allPages, unlessNotFound } from "../../azure/adapter.js";
import { parseResourceId, parseResourceIdOfType, ResourceType, sameResourceId } from "../../core/arm-id.js";
import type { Finding } from "../../core/findings.js";
import type { VirtualNetwork } from "../../core/inventory.js";
import type { Plan } from "../../core/plan/plan-schema.js";
import type { ResolverView } from "../../core/resolution/dns-resolvers.js";
import {
  predictResolution,
  type ResolutionModel,
  type VnetPrediction,
  type ZoneView,
} from "../../core/resolution/predict-resolution.js";
import { resolutionAudits } from "../../core/resolution/resolution-audits.js";
import { UserError } from "../../core/user-error.js";
import { desiredStateOf, virtualNetworkIdOf } from "../desired-state.js";
import { readLiveDnsRecords, requireReady } from "../dns-artefacts.js";

/**
 * The DNS Private Resolvers and forwarding rulesets of the subscriptions, from the tenant's inventory: one Resource
 * Graph query each over all of them (ARM's lists per subscription when Resource Graph refuses); the rulesets' rules
 * and links through ARM, per ruleset.
 */
export async function readResolverView(
  adapter: AzureAdapter,
  subscriptions: readonly string[],
): Promise<ResolverView> {
  const [resolvers, rulesets] = await Promise.all([
    adapter.inventory.dnsResolvers(subscriptions),
    adapter.inventory.dnsForwardingRulesets(subscriptions),
  ]);
  return { resolvers, rulesets };
}

/** What `vaultlink resolve` reports: per workload VNet, each client name's predicted answer; and the audits. */
export interface ResolutionReport {
  readonly virtualNetworks: readonly VnetPrediction[];
  readonly findings: readonly Finding[];
}

function unique(ids: readonly string[]): string[] {
  return ids.filter((id, index) => ids.findIndex((other) => sameResourceId(other, id)) === index);
}

const subscriptionOf = (id: string): string => parseResourceId(id).subscriptionId;

/**
 * The workload VNets of a plan: the endpoints' VNets, the VNets the plan links to its zones, and any named. A
 * workload VNet linked to nothing (a spoke that backs up through a hub's endpoint) is named with --vnet.
 */
export function workloadVirtualNetworkIds(plan: Plan, named: readonly string[]): string[] {
  const linked = desiredStateOf(plan).links.map((l) => l.virtualNetworkId);
  return unique([...plan.endpoints.map((e) => virtualNetworkIdOf(e.subnetId)), ...linked, ...named]);
}

/**
 * Reads what the prediction needs (the endpoints' names, the workload VNets and their peers, the private DNS zones of
 * the vault's zone names in their subscriptions, with links and records) and predicts. Reads only.
 */
export async function resolvePlan(
  adapter: AzureAdapter,
  plan: Plan,
  planPath: string,
  named: readonly string[],
): Promise<ResolutionReport> {
  // A malformed --vnet is bad input (exit 2), said before any read.
  for (const id of named) {
    try {
      parseResourceIdOfType(id, ResourceType.virtualNetwork);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(`--vnet: ${error.message}`, error.hint === undefined ? {} : { hint: error.hint });
    }
  }
  const live = requireReady(await readLiveDnsRecords(adapter, plan), planPath);
  const workload = workloadVirtualNetworkIds(plan, named);
  const read = async (ids: readonly string[]) =>
    (await Promise.all(ids.map((id) => unlessNotFound(adapter.getVirtualNetwork(id))))).filter(
      (v): v is VirtualNetwork => v !== undefined,
    );
  const workloadVnets = await read(workload);
  const peerIds = unique(
    workloadVnets.flatMap((v) =>
      v.peerings.flatMap((p) => (p.remoteVirtualNetworkId ? [p.remoteVirtualNetworkId] : [])),
    ),
  ).filter((id) => !workloadVnets.some((v) => sameResourceId(v.id, id)));
  const virtualNetworks = [...workloadVnets, ...(await read(peerIds))];

  const zoneGroup = desiredStateOf(plan).zoneResourceGroupId;
  const subscriptions = [
    ...new Set(
      [...virtualNetworks.map((v) => v.id), ...(zoneGroup === undefined ? [] : [zoneGroup])].map(
        subscriptionOf,
      ),
    ),
  ];
  const resolvers = await readResolverView(adapter, subscriptions);
  // The VNets the resolvers live in answer for the VNets that use them: read them too (their zone links matter).
  const resolverVnetIds = unique(resolvers.resolvers.map((r) => r.virtualNetworkId)).filter(
    (id) => !virtualNetworks.some((v) => sameResourceId(v.id, id)),
  );
  virtualNetworks.push(...(await read(resolverVnetIds)));
  const backupSuffix = `.${live.set.cloud.dnsSuffixes.backup}`;
  const wanted = (name: string) => {
    const lower = name.toLowerCase();
    return (
      live.set.zones.some((z) => z.zone === lower) ||
      (lower.startsWith("privatelink.") && lower.endsWith(backupSuffix))
    );
  };
  const zones = (await Promise.all(subscriptions.map((s) => allPages(adapter.listPrivateDnsZones(s)))))
    .flat()
    .filter((zone) => wanted(zone.name));
  const views: ZoneView[] = await Promise.all(
    zones.map(async (zone) => ({
      zone,
      links: await allPages(adapter.listVirtualNetworkLinks(zone.id)),
      recordSets: await allPages(adapter.listRecordSets(zone.id)),
    })),
  );
  const model: ResolutionModel = {
    expected: live.set,
    virtualNetworks,
    zones: views,
    resolvers,
    ...(plan.dns.strategy === "conditionalForwarder" ? { plannedForwarders: plan.dns.forwardTo } : {}),
  };
  const predictions = predictResolution(model, workload);
  const missing = workload.filter((id) => !workloadVnets.some((v) => sameResourceId(v.id, id)));
  const notFound = missing.map(
    (id): Finding => ({
      severity: "warn",
      code: "virtual-network-not-found",
      message: `VNet ${id} was not found (or is not readable): nothing is predicted for it.`,
      fix: "Check the id given with --vnet, and that the signed-in identity can read the VNet.",
      source: "ARM",
      subject: id,
    }),
  );
  return { virtualNetworks: predictions, findings: [...notFound, ...resolutionAudits(model, predictions)] };
}
