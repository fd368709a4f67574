import { sameResourceId } from "../arm-id.js";
import type { DnsRecordSet } from "../dns/record-set.js";
import type { Finding } from "../findings.js";
import type { VirtualNetwork } from "../inventory.js";
import { NO_RESOLVERS } from "./dns-resolvers.js";
import { type ResolutionModel, resolverAt, type VnetPrediction } from "./predict-resolution.js";

const PRIVATE_DNS_LINKS = "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links";
const RESOLUTION_POLICY =
  "https://learn.microsoft.com/azure/dns/private-dns-fallback (privatedns 2024-06-01 resolutionPolicy)";
const PRIVATE_ENDPOINT_DNS = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns";
const RULESETS = "https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets";

const nameOf = (id: string): string => id.split("/").at(-1) ?? id;

/** A rule's domain covers `name` when it is the name or one of its parents (the empty domain is the root). */
function covers(domain: string, name: string): boolean {
  return domain === "" || name === domain || name.endsWith(`.${domain}`);
}

/** Every name of the plan a rule could catch: the names clients ask and the privatelink names they lead to. */
function askedNames(model: ResolutionModel): string[] {
  return model.expected.zones.flatMap((z) => z.records.flatMap((r) => [...r.clientNames, r.fqdn]));
}

/**
 * A ruleset linked to the VNet of the inbound endpoint it forwards to: Azure DNS there applies the rule again, and
 * the query loops until it times out (the portal quickstart says to remove that link).
 */
function forwardingLoops(model: ResolutionModel): Finding[] {
  const view = model.resolvers ?? NO_RESOLVERS;
  return view.rulesets.flatMap((ruleset) =>
    ruleset.rules.flatMap((rule) => {
      if (!rule.enabled) return [];
      const target = rule.targets[0]?.ipAddress ?? "";
      const resolver = resolverAt(target, view);
      if (resolver === undefined) return [];
      const looped = ruleset.virtualNetworkIds.find((id) => sameResourceId(id, resolver.virtualNetworkId));
      if (looped === undefined) return [];
      return [
        {
          severity: "block",
          code: "forwarding-loop",
          message: `Ruleset ${ruleset.name} forwards ${rule.domain || "."} to ${target}, the inbound endpoint of ${resolver.name} in ${nameOf(looped)}, and is linked to ${nameOf(looped)} itself: Azure DNS there applies the rule again, so those names loop until they time out (SERVFAIL).`,
          fix: `Remove ${nameOf(looped)}'s link to ruleset ${ruleset.name}; link the private DNS zones to ${nameOf(looped)} instead.`,
          source: `${RULESETS}#rules`,
          subject: ruleset.id,
        } satisfies Finding,
      ];
    }),
  );
}

/**
 * A forwarding rule and a private zone of the plan both reach one VNet: Azure DNS there follows the rule, so the
 * zone linked to that VNet is never read for those names (and the records there do not matter for it).
 */
function rulesShadowingZones(model: ResolutionModel): Finding[] {
  const view = model.resolvers ?? NO_RESOLVERS;
  return model.zones.flatMap(({ zone, links }) => {
    const zoneName = zone.name.toLowerCase();
    const expected = model.expected.zones.find((z) => z.zone === zoneName);
    if (expected === undefined) return [];
    const names = expected.records.flatMap((r) => [...r.clientNames, r.fqdn]);
    return links.flatMap((link) =>
      view.rulesets.flatMap((ruleset) => {
        if (!ruleset.virtualNetworkIds.some((id) => sameResourceId(id, link.virtualNetworkId))) return [];
        const rule = ruleset.rules.find((r) => r.enabled && names.some((n) => covers(r.domain, n)));
        if (rule === undefined) return [];
        return [
          {
            severity: "warn",
            code: "rule-shadows-private-zone",
            message: `${nameOf(link.virtualNetworkId)} is linked both to zone ${zone.name} and to ruleset ${ruleset.name}, whose rule forwards ${rule.domain || "."} to ${rule.targets.map((t) => t.ipAddress).join(", ")}: Azure DNS there follows the rule, and the linked zone is not read for the vault's names.`,
            fix: `Keep one path for ${zone.name} in ${nameOf(link.virtualNetworkId)}: remove rule ${rule.name} (or narrow its domain), or unlink the ruleset from ${nameOf(link.virtualNetworkId)}.`,
            source: `${RULESETS}#rules`,
            subject: link.virtualNetworkId,
          } satisfies Finding,
        ];
      }),
    );
  });
}

/**
 * A rule for a public domain that holds the plan's names (`blob.core.windows.net`, `core.windows.net`, `com`, the
 * root): every name under it, every storage account in Azure, goes to the rule's servers, not just the privatelink
 * zone. Forward the privatelink zone instead.
 */
function publicDomainForwards(model: ResolutionModel): Finding[] {
  const view = model.resolvers ?? NO_RESOLVERS;
  const names = askedNames(model);
  return view.rulesets.flatMap((ruleset) =>
    ruleset.rules.flatMap((rule) => {
      if (!rule.enabled || rule.domain.split(".").includes("privatelink")) return [];
      if (!names.some((n) => covers(rule.domain, n))) return [];
      const zones = model.expected.zones.map((z) => z.zone).filter((z) => covers(rule.domain, z));
      return [
        {
          severity: "warn",
          code: "forwards-public-domain",
          message: `Ruleset ${ruleset.name} forwards the whole public domain ${rule.domain || "."} to ${rule.targets.map((t) => t.ipAddress).join(", ")}: every name under it, not only the vault's, depends on those servers, and a name they do not know fails.`,
          fix: `Forward only the privatelink zones (${zones.join(", ") || "privatelink.*"}) in rule ${rule.name}.`,
          source: "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration",
          subject: ruleset.id,
        } satisfies Finding,
      ];
    }),
  );
}

/** A rule for the plan's names with a single target: when that server is down, nothing resolves. */
function singleForwarders(model: ResolutionModel): Finding[] {
  const view = model.resolvers ?? NO_RESOLVERS;
  const names = askedNames(model);
  return view.rulesets.flatMap((ruleset) =>
    ruleset.rules
      .filter(
        (rule) => rule.enabled && rule.targets.length === 1 && names.some((n) => covers(rule.domain, n)),
      )
      .map(
        (rule): Finding => ({
          severity: "warn",
          code: "single-forwarder-target",
          message: `Rule ${rule.name} of ruleset ${ruleset.name} forwards ${rule.domain || "."} to one server (${rule.targets[0]?.ipAddress}) and no second: when it is down, backups cannot resolve the vault's names.`,
          fix: "Add a second target DNS server (a second inbound endpoint or DNS server) to the rule.",
          source: `${RULESETS}#rules`,
          subject: ruleset.id,
        }),
      ),
  );
}

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
    ...forwardingLoops(model),
    ...rulesShadowingZones(model),
    ...publicDomainForwards(model),
    ...singleForwarders(model),
  ];
}
