import { allRecords, answeredNames, type DnsRecordSet } from "./record-set.js";

/**
 * A plain `fqdn,ip` list of every name that must resolve privately (RFC 4180, CRLF). CSV has no comments, so unlike the
 * other artefacts it carries no header comment: one would be read as a record.
 */
export function renderCsvList(set: DnsRecordSet): string {
  const rows = allRecords(set).flatMap((record) =>
    answeredNames(record).flatMap((name) => record.addresses.map((address) => `${name},${address}`)),
  );
  return `${["fqdn,ip", ...rows].join("\r\n")}\r\n`;
}
