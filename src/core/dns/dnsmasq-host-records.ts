import { type ArtefactOptions, artefactHeader, commented } from "./artefact-header.js";
import { allRecords, answeredNames, type DnsRecordSet } from "./record-set.js";

/**
 * dnsmasq configuration lines, one `host-record=<name>,<ip>` per name and address.
 */
export function renderDnsmasqHostRecords(set: DnsRecordSet, options: ArtefactOptions = {}): string {
  const lines = [
    ...commented("#", artefactHeader(set, "dnsmasq host records", options)),
    "#",
    "# host-record, not address=: address=/name/ip answers for the name and every name below it and never",
    "# forwards them, a wildcard these exact names do not want; host-record answers exactly one name (and its",
    "# reverse lookup). dnsmasq forwards everything else, and answers a forwarded query with the upstream's",
    "# answer, so a client asking for <account>.blob... would get the public CNAME chain: the names clients ask",
    "# for are listed besides the privatelink names.",
    ...allRecords(set).flatMap((record) =>
      answeredNames(record).flatMap((name) =>
        record.addresses.map((address) => `host-record=${name},${address}`),
      ),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
