import { sameResourceId } from "../arm-id.js";
import type { DnsRecordSet } from "../dns/record-set.js";
import type { Finding } from "../findings.js";
import type { VirtualNetwork } from "../inventory.js";
import type { ResolutionModel, VnetPrediction } from "./predict-resolution.js";

const PRIVATE_DNS_LINKS = "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links";
const RESOLUTION_POLICY =
  "https://learn.microsoft.com/azure/dns/private-dns-fallback (privatedns 2024-06-01 resolutionPolicy)";
const PRIVATE_ENDPOINT_DNS = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns";

/** The `<vaultNumericId>-ab-pod01-` prefix of the vault's backup record names, when the set has any. */
function backupRecordPrefix(set: DnsRecordSet): string | undefined {
  const name = set.zones.find((z) => z.service === "backup")?.records[0]?.name;
  const match = name === undefined ? null : /^(\d+-ab-pod\d+-)/.exec(name);
  return match?.[1];
}

/** A backup record of this vault held in a backup zone of another geo: clients never ask that name. */
function recordsInOtherGeoZones(model: ResolutionModel): Finding[] {
  const prefix = backupRecordPrefix(model.expected);
  if (prefix === undefined) return [];
  const expectedZones = new Set(model.expected.zones.map((z) => z.zone));
  const backupSuffix = `.${model.expected.cloud.dnsSuffixes.backup}`;
  return model.zones.flatMap(({ zone, recordSets }) => {
    const name = zone.name.toLowerCase();
    if (expectedZones.has(name) || !name.startsWith("privatelink.") || !name.endsWith(backupSuffix))
      return [];
    const strays = recordSets.filter((r) => r.recordType === "A" && r.name.toLowerCase().startsWith(prefix));
    if (strays.length === 0) return [];
    return [
      {
        severity: "warn",
        code: "record-in-other-geo-zone",
        message: `Zone ${zone.name} holds ${strays.length} record${strays.length === 1 ? "" : "s"} of vault ${model.expected.vaultName} (${strays.map((r) => r.name).join(", ")}), but the vault's endpoints use ${[...expectedZones].filter((z) => z.includes(".backup.")).join(", ")}: clients never ask for these names.`,
        fix: "Put the records in the zone of the endpoint's region's geo code (`vaultlink zones`), and remove them from this zone.",
        source: PRIVATE_ENDPOINT_DNS,
        subject: zone.id,
      },
    ];
  });
}

/** NxDomainRedirect on a zone that lacks one of the vault's storage records: the client gets the public address. */
function fallbackMasking(predictions: readonly VnetPrediction[]): Finding[] {
  return predictions.flatMap((vnet) =>
    vnet.names
      .filter(
        (n) =>
          n.answer.kind === "public" &&
          n.path.some((step) => step.includes("NxDomainRedirect")) &&
          !n.name.includes(".backup."),
      )
      .map(
        (n): Finding => ({
          severity: "warn",
          code: "fallback-masks-missing-record",
          message: `In ${vnet.name}, ${n.name} has no private record, and the zone link's fallback to internet (NxDomainRedirect) answers it publicly: the client reaches the public endpoint, which a vault with public access denied refuses.`,
          fix: n.fix ?? "Add the missing record to the private zone.",
          source: RESOLUTION_POLICY,
          subject: vnet.virtualNetworkId,
        }),
      ),
  );
}

/** Two zones of one name: a VNet can link only one of them, so each VNet sees half of the records. */
function duplicateZones(model: ResolutionModel): Finding[] {
  const byName = new Map<string, string[]>();
  for (const { zone } of model.zones) {
    const name = zone.name.toLowerCase();
    if (!model.expected.zones.some((z) => z.zone === name)) continue;
    byName.set(name, [...(byName.get(name) ?? []), zone.id]);
  }
  return [...byName]
    .filter(([, ids]) => ids.length > 1)
    .map(
      ([name, ids]): Finding => ({
        severity: "warn",
        code: "duplicate-private-zone",
        message: `${ids.length} private DNS zones are named ${name} (${ids.join(", ")}); a VNet can be linked to only one zone of a name, so VNets linked to different ones see different records.`,
        fix: "Keep one zone of the name (usually in the hub's DNS resource group), move the records into it, and link every VNet to it.",
        source: PRIVATE_DNS_LINKS,
      }),
    );
}

/** A VNet whose custom DNS is a single server: when it is down, nothing resolves. */
function singleDnsServer(vnets: readonly VirtualNetwork[]): Finding[] {
  return vnets
    .filter((v) => v.dnsServers.length === 1)
    .map(
      (v): Finding => ({
        severity: "warn",
        code: "single-dns-server",
        message: `${v.name} uses one DNS server (${v.dnsServers[0]}) and no second: when it is down, backups cannot resolve the vault's names.`,
        fix: "Add a second DNS server (a second resolver inbound endpoint or DNS VM) to the VNet's DNS servers.",
        source:
          "https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances",
        subject: v.id,
      }),
    );
}

/** A VNet peered with a VNet linked to a zone, itself unlinked: people expect the link to carry over; it does not. */
function peeringAssumed(predictions: readonly VnetPrediction[]): Finding[] {
  return predictions.flatMap((vnet) => {
    const first = vnet.names.find((n) => n.path.some((s) => s.includes("do not travel over peerings")));
    if (first === undefined) return [];
    return [
      {
        severity: "warn",
        code: "zone-link-not-over-peering",
        message: `${vnet.name} is peered with a VNet linked to the private DNS zones but not linked itself: zone links do not travel over peerings, so ${vnet.name} resolves the vault's names publicly.`,
        fix: first.fix ?? "Link the zones to this VNet.",
        source: PRIVATE_DNS_LINKS,
        subject: vnet.virtualNetworkId,
      },
    ];
  });
}

/** The audits on the resolution model, for `resolve`, with the predictions they explain. */
export function resolutionAudits(model: ResolutionModel, predictions: readonly VnetPrediction[]): Finding[] {
  const predicted = model.virtualNetworks.filter((v) =>
    predictions.some((p) => sameResourceId(p.virtualNetworkId, v.id)),
  );
  return [
    ...recordsInOtherGeoZones(model),
    ...fallbackMasking(predictions),
    ...duplicateZones(model),
    ...singleDnsServer(predicted),
    ...peeringAssumed(predictions),
  ];
}
