import type { Answer, SoaAnswer, StringAnswer } from "dns-packet";
import { arrayAt, objectAt } from "../arm-resource.js";
import { LINK_TYPE, ZONE_TYPE } from "../handlers/private-dns-model.js";
import { publicCnameOf } from "../private-zones.js";
import { sameResourceId } from "../resource-ids.js";
import type { ArmResource } from "../state.js";
import type { ResourceStore } from "../store.js";

/**
 * Answers a DNS question from the tenant's private DNS zones the way Azure's resolver (168.63.129.16) does
 * inside a virtual network:
 * - Only zones linked to that VNet are visible (a zone linked to the endpoints' VNet but not to the
 *   workloads' does not resolve for the workloads: the most common private endpoint DNS mistake). With no
 *   VNet chosen, the sandbox answers as if from a VNet linked to every zone.
 * - A name in a visible zone answers from the zone's record sets; a name the zone lacks is NXDOMAIN with the
 *   zone's SOA, under the links' default resolution policy. A link with `resolutionPolicy: NxDomainRedirect`
 *   falls back to public resolution instead (privatedns 2024-06-01, VirtualNetworkLinkProperties
 *   .resolutionPolicy: "Only applicable for virtual network links to privatelink zones, and for A,AAAA,CNAME
 *   queries").
 * - Storage names (`<account>.blob|queue.core.windows.net`) reach the privatelink zone through the public
 *   CNAME Azure publishes for accounts with private endpoints (`<account>.privatelink.blob.core.windows.net`),
 *   emulated here with the sandbox's zone data (src/sandbox/data/private-dns.json); backup FQDNs have no such CNAME (DOMAIN-FACTS).
 * - Anything that needs public resolution is REFUSED: the sandbox has no internet and says so rather than
 *   invent an answer.
 */
export type DnsRcode = "NOERROR" | "NXDOMAIN" | "REFUSED" | "SERVFAIL";

export interface Resolution {
  readonly rcode: DnsRcode;
  readonly answers: Answer[];
  readonly authorities: Answer[];
}

export interface DnsQuestion {
  readonly name: string;
  readonly type: string;
}

/** How far a CNAME chain is followed before the answer stops (RFC 1034 asks resolvers to bound it). */
const MAX_CNAME_CHAIN = 8;

interface VisibleZone {
  readonly zone: ArmResource;
  readonly policy: string;
}

const canonical = (name: string) => name.toLowerCase().replace(/\.$/, "");

/** The zones a resolver in `virtualNetworkId` sees (every zone when undefined), by lower-cased name. */
function visibleZones(store: ResourceStore, virtualNetworkId: string | undefined): Map<string, VisibleZone> {
  const zones = new Map<string, VisibleZone>();
  for (const zone of store.listAllOfType(ZONE_TYPE)) {
    const name = canonical(zone.name);
    if (zones.has(name)) continue;
    if (virtualNetworkId === undefined) {
      zones.set(name, { zone, policy: "Default" });
      continue;
    }
    const link = store.childrenOf(zone.id, LINK_TYPE).find((l) => {
      const vnet = objectAt(objectAt(l.properties).virtualNetwork).id;
      return typeof vnet === "string" && sameResourceId(vnet, virtualNetworkId);
    });
    if (link)
      zones.set(name, { zone, policy: String(objectAt(link.properties).resolutionPolicy ?? "Default") });
  }
  return zones;
}

/** The record sets of a zone, keyed by lower-cased relative name (`@` for the apex). */
function recordSetsOf(store: ResourceStore, zone: ArmResource): ArmResource[] {
  const prefix = `${zone.id.toLowerCase()}/`;
  return [...store.all()].filter(
    (r) =>
      r.id.toLowerCase().startsWith(prefix) &&
      r.type.toLowerCase().startsWith(`${ZONE_TYPE.toLowerCase()}/`) &&
      r.type.toLowerCase() !== LINK_TYPE.toLowerCase(),
  );
}

const recordTypeOf = (recordSet: ArmResource) =>
  recordSet.type.slice(recordSet.type.lastIndexOf("/") + 1).toUpperCase();

/** One record set as DNS answers (privatedns 2024-06-01 RecordSetProperties -> wire records). */
function answersOf(recordSet: ArmResource, owner: string): Answer[] {
  const props = objectAt(recordSet.properties);
  const ttl = typeof props.ttl === "number" ? props.ttl : 3600;
  const base = { name: owner, ttl, class: "IN" as const };
  switch (recordTypeOf(recordSet)) {
    case "A":
      return arrayAt(props.aRecords).map((r) => ({
        ...base,
        type: "A" as const,
        data: String(r.ipv4Address),
      }));
    case "AAAA":
      return arrayAt(props.aaaaRecords).map((r) => ({
        ...base,
        type: "AAAA" as const,
        data: String(r.ipv6Address),
      }));
    case "CNAME": {
      const cname = objectAt(props.cnameRecord).cname;
      return typeof cname === "string" ? [{ ...base, type: "CNAME", data: canonical(cname) }] : [];
    }
    case "MX":
      return arrayAt(props.mxRecords).map((r) => ({
        ...base,
        type: "MX" as const,
        data: { preference: Number(r.preference ?? 0), exchange: String(r.exchange ?? "") },
      }));
    case "PTR":
      return arrayAt(props.ptrRecords).map((r) => ({
        ...base,
        type: "PTR" as const,
        data: String(r.ptrdname),
      }));
    case "SRV":
      return arrayAt(props.srvRecords).map((r) => ({
        ...base,
        type: "SRV" as const,
        data: {
          priority: Number(r.priority ?? 0),
          weight: Number(r.weight ?? 0),
          port: Number(r.port ?? 0),
          target: String(r.target ?? ""),
        },
      }));
    case "TXT":
      return arrayAt(props.txtRecords).map((r) => ({
        ...base,
        type: "TXT" as const,
        data: Array.isArray(r.value) ? r.value.map(String) : [],
      }));
    case "SOA": {
      const soa = objectAt(props.soaRecord);
      return [
        {
          ...base,
          type: "SOA",
          data: {
            mname: String(soa.host ?? "azureprivatedns.net"),
            rname: String(soa.email ?? "azureprivatedns-host.microsoft.com"),
            serial: Number(soa.serialNumber ?? 1),
            refresh: Number(soa.refreshTime ?? 3600),
            retry: Number(soa.retryTime ?? 300),
            expire: Number(soa.expireTime ?? 2419200),
            minimum: Number(soa.minimumTtl ?? 10),
          },
        },
      ];
    }
    default:
      return [];
  }
}

/** The zone's SOA for the authority section of a negative answer (TTL capped by its minimum, RFC 2308). */
function negativeSoa(sets: readonly ArmResource[], zoneName: string): Answer[] {
  const soa = sets.find((r) => recordTypeOf(r) === "SOA" && r.name === "@");
  const answer = soa ? answersOf(soa, zoneName).find((a): a is SoaAnswer => a.type === "SOA") : undefined;
  if (answer === undefined) return [];
  return [{ ...answer, ttl: Math.min(answer.ttl ?? 3600, answer.data.minimum ?? 3600) }];
}

/** The privatelink name Azure's public DNS points a storage FQDN at, when it is one. */
function publicStorageCname(name: string): string | undefined {
  return publicCnameOf(name);
}

function longestZone(zones: Map<string, VisibleZone>, name: string): [string, VisibleZone] | undefined {
  const labels = name.split(".");
  for (let i = 0; i < labels.length; i++) {
    const candidate = labels.slice(i).join(".");
    const zone = zones.get(candidate);
    if (zone) return [candidate, zone];
  }
  return undefined;
}

const REFUSED: Resolution = { rcode: "REFUSED", answers: [], authorities: [] };

function resolveIn(
  store: ResourceStore,
  zones: Map<string, VisibleZone>,
  question: DnsQuestion,
  depth: number,
): Resolution {
  const name = canonical(question.name);
  const type = question.type.toUpperCase();
  const found = longestZone(zones, name);
  if (!found) {
    const target = publicStorageCname(name);
    if (target === undefined || depth >= MAX_CNAME_CHAIN || !longestZone(zones, target)) return REFUSED;
    const next = resolveIn(store, zones, { name: target, type }, depth + 1);
    const cname: Answer = { name, type: "CNAME", ttl: 60, class: "IN", data: target };
    return { ...next, answers: [cname, ...next.answers] };
  }
  const [zoneName, { zone, policy }] = found;
  const relative = name === zoneName ? "@" : name.slice(0, -(zoneName.length + 1));
  const sets = recordSetsOf(store, zone);
  const atName = sets.filter((r) => r.name.toLowerCase() === relative);
  const nameExists =
    relative === "@" ||
    sets.some((r) => r.name.toLowerCase() === relative || r.name.toLowerCase().endsWith(`.${relative}`));
  if (!nameExists) {
    const redirect = policy === "NxDomainRedirect" && ["A", "AAAA", "CNAME"].includes(type);
    return redirect ? REFUSED : { rcode: "NXDOMAIN", answers: [], authorities: negativeSoa(sets, zoneName) };
  }
  const matching = atName.filter((r) => type === "ANY" || recordTypeOf(r) === type);
  if (matching.length > 0) {
    return { rcode: "NOERROR", answers: matching.flatMap((r) => answersOf(r, name)), authorities: [] };
  }
  const cname = atName.find((r) => recordTypeOf(r) === "CNAME");
  const alias = cname ? answersOf(cname, name).find((a): a is StringAnswer => a.type === "CNAME") : undefined;
  if (alias !== undefined && depth < MAX_CNAME_CHAIN) {
    const next = resolveIn(store, zones, { name: alias.data, type }, depth + 1);
    // A target outside every visible zone would need public resolution: the alias alone is the answer.
    return next.rcode === "REFUSED"
      ? { rcode: "NOERROR", answers: [alias], authorities: [] }
      : { ...next, answers: [alias, ...next.answers] };
  }
  return { rcode: "NOERROR", answers: [], authorities: negativeSoa(sets, zoneName) };
}

/** Resolves one question as a resolver in `virtualNetworkId` (every zone visible when undefined). */
export function resolvePrivately(
  store: ResourceStore,
  question: DnsQuestion,
  virtualNetworkId: string | undefined,
): Resolution {
  return resolveIn(store, visibleZones(store, virtualNetworkId), question, 0);
}
