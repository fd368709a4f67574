import { type AzureAdapter, unlessNotFound } from "../../azure/adapter.js";
import { parseResourceId, sameResourceId } from "../../core/arm-id.js";
import { cloudFor } from "../../core/clouds.js";
import type { DnsRecordSet, DnsZoneRecords } from "../../core/dns/record-set.js";
import { dnsRecordSetFor } from "../../core/dns/record-set.js";
import type { ZoneService } from "../../core/dns-names.js";
import type { Finding } from "../../core/findings.js";
import type { PrivateEndpoint, RecordSet, VirtualNetwork, VirtualNetworkLink } from "../../core/inventory.js";
import type { Plan } from "../../core/plan/plan-schema.js";
import {
  predictResolution,
  type ResolutionModel,
  type VnetPrediction,
  type ZoneView,
} from "../../core/resolution/predict-resolution.js";
import { resolutionAudits } from "../../core/resolution/resolution-audits.js";
import { desiredStateOf } from "../desired-state.js";
import type { ObservedState } from "../observed-state.js";
import { readResolverView, workloadVirtualNetworkIds } from "./resolve-plan.js";

/**
 * What each workload VNet will resolve once the plan is applied: today's VNets, DNS servers, resolvers and rulesets,
 * with the plan's zones and links added and the records its zone groups will write. Before the endpoints exist their
 * names are not known: each zone is shown by one stand-in name (`vault-names.<zone>`) whose answer is the endpoint's
 * address, once created.
 */
export interface DnsOnceApplied {
  readonly virtualNetworks: readonly VnetPrediction[];
  readonly findings: readonly Finding[];
}

/** The address a record will hold before its endpoint exists. */
const PENDING_ADDRESS = "the endpoint's address";
const STAND_IN = "vault-names";

function serviceOf(zone: string): ZoneService {
  if (zone.includes(".blob.")) return "blob";
  if (zone.includes(".queue.")) return "queue";
  return "backup";
}

/** The names to predict: the endpoints' own names when every endpoint already lists them, stand-ins otherwise. */
function expectedNames(plan: Plan, observed: ObservedState): DnsRecordSet {
  const desired = desiredStateOf(plan);
  const cloud = cloudFor(plan.cloud);
  const endpoints = desired.endpoints.map((e) =>
    observed.privateEndpoints.find((p) => sameResourceId(p.id, e.request.id)),
  );
  const listed = (e: PrivateEndpoint | undefined): e is PrivateEndpoint =>
    (e?.customDnsConfigs.length ?? 0) > 0;
  if (endpoints.length > 0 && endpoints.every(listed))
    return dnsRecordSetFor(plan.vault.id, cloud, endpoints);
  const zones = [...new Set(desired.endpoints.flatMap((e) => e.zoneNames))].sort();
  return {
    vaultId: plan.vault.id,
    vaultName: plan.vault.id.split("/").at(-1) ?? plan.vault.id,
    cloud,
    zones: zones.map(
      (zone): DnsZoneRecords => ({
        zone,
        service: serviceOf(zone),
        records: [
          {
            name: STAND_IN,
            fqdn: `${STAND_IN}.${zone}`,
            clientNames: [
              serviceOf(zone) === "backup"
                ? `${STAND_IN}.${zone}`
                : `${STAND_IN}.${zone.replace(/^privatelink\./, "")}`,
            ],
            addresses: [PENDING_ADDRESS],
            endpoints: [],
          },
        ],
      }),
    ),
  };
}

/** The zones once applied: the plan's zones with today's and the plan's links, holding the records zone groups write. */
function zonesOnceApplied(plan: Plan, observed: ObservedState, expected: DnsRecordSet): ZoneView[] {
  const desired = desiredStateOf(plan);
  return desired.zones.map((zone): ZoneView => {
    const existing = observed.zones.find((z) => sameResourceId(z.id, zone.id));
    const links: VirtualNetworkLink[] = observed.links.filter((l) => sameResourceId(l.zoneId, zone.id));
    for (const request of desired.links.filter((l) =>
      l.id.toLowerCase().startsWith(`${zone.id.toLowerCase()}/`),
    )) {
      if (links.some((l) => sameResourceId(l.virtualNetworkId, request.virtualNetworkId))) continue;
      links.push({
        id: request.id,
        name: request.id.split("/").at(-1) ?? request.id,
        zoneId: zone.id,
        virtualNetworkId: request.virtualNetworkId,
        registrationEnabled: request.registrationEnabled,
        linkState: "Completed",
        provisioningState: "Succeeded",
      });
    }
    const records = expected.zones.find((z) => z.zone === zone.name.toLowerCase())?.records ?? [];
    const recordSets: RecordSet[] = records.map((r) => ({
      id: `${zone.id}/A/${r.name}`,
      name: r.name,
      zoneId: zone.id,
      fqdn: r.fqdn,
      ttl: 10,
      recordType: "A",
      ipv4Addresses: r.addresses,
    }));
    return {
      zone: existing ?? {
        id: zone.id,
        name: zone.name,
        numberOfRecordSets: recordSets.length,
        numberOfVirtualNetworkLinks: links.length,
        provisioningState: "Succeeded",
      },
      links,
      recordSets,
    };
  });
}

/** Predicts, for the dry run, what each workload VNet of the plan resolves once it is applied. Reads only. */
export async function predictOnceApplied(
  adapter: AzureAdapter,
  plan: Plan,
  observed: ObservedState,
): Promise<DnsOnceApplied> {
  const workload = workloadVirtualNetworkIds(plan, []);
  const known = [...observed.virtualNetworks];
  const missing = workload.filter((id) => !known.some((v) => sameResourceId(v.id, id)));
  const read = await Promise.all(missing.map((id) => unlessNotFound(adapter.getVirtualNetwork(id))));
  const virtualNetworks: VirtualNetwork[] = [
    ...known,
    ...read.filter((v): v is VirtualNetwork => v !== undefined),
  ];
  const subscriptions = [...new Set(virtualNetworks.map((v) => parseResourceId(v.id).subscriptionId))];
  const resolvers = await readResolverView(adapter, subscriptions);
  const resolverVnets = resolvers.resolvers
    .map((r) => r.virtualNetworkId)
    .filter((id, i, all) => all.findIndex((o) => sameResourceId(o, id)) === i)
    .filter((id) => !virtualNetworks.some((v) => sameResourceId(v.id, id)));
  for (const vnet of await Promise.all(
    resolverVnets.map((id) => unlessNotFound(adapter.getVirtualNetwork(id))),
  ))
    if (vnet !== undefined) virtualNetworks.push(vnet);
  const expected = expectedNames(plan, observed);
  const model: ResolutionModel = {
    expected,
    virtualNetworks,
    zones: zonesOnceApplied(plan, observed, expected),
    resolvers,
    ...(plan.dns.strategy === "conditionalForwarder" ? { plannedForwarders: plan.dns.forwardTo } : {}),
  };
  const predictions = predictResolution(model, workload);
  return { virtualNetworks: predictions, findings: resolutionAudits(model, predictions) };
}
