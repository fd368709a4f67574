import { type ArtefactOptions, artefactHeader, commented } from "./artefact-header.js";
import { answeredNames, type DnsRecordSet } from "./record-set.js";

export interface UnboundOptions extends ArtefactOptions {
  /** The records' TTL in seconds; 300 unless given. */
  readonly ttl?: number;
}

const DEFAULT_TTL = 300;

/**
 * An Unbound `server:` clause to include from unbound.conf: a transparent local zone per privatelink zone and
 * local-data for every name.
 */
export function renderUnboundLocalData(set: DnsRecordSet, options: UnboundOptions = {}): string {
  const ttl = options.ttl ?? DEFAULT_TTL;
  const lines = [
    ...commented("#", artefactHeader(set, "Unbound local data", options)),
    "#",
    "# transparent, not static: a static zone answers NXDOMAIN for every name in it that is not listed here, and",
    "# these zones are shared: privatelink.<geo>.backup.* holds every vault's names in that geo and",
    "# privatelink.blob/queue.* every storage account with a private endpoint, other teams' included. transparent",
    "# answers the names below and resolves all other names in the zone as usual.",
    "#",
    "# Storage names are listed twice, as the privatelink name and as the name clients ask for",
    "# (<account>.blob...): Unbound does not look in its local zones for the target of a CNAME it follows",
    "# (NLnetLabs/unbound issue #1412), so the public CNAME into the privatelink zone would miss these records.",
    "server:",
    ...set.zones.flatMap((zone) => [
      `  local-zone: "${zone.zone}." transparent`,
      ...zone.records.flatMap((record) =>
        answeredNames(record).flatMap((name) =>
          record.addresses.map((address) => `  local-data: "${name}. ${ttl} IN A ${address}"`),
        ),
      ),
    ]),
  ];
  return `${lines.join("\n")}\n`;
}
