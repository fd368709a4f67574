/**
 * The artefact formats of `vaultlink dns`, in a module of their own so the command line can offer them without
 * loading the renderers.
 */

/** Artefacts that hold the records themselves, read from the live endpoints. */
export const RECORD_FORMATS = ["hosts", "bind", "windows", "unbound", "dnsmasq", "csv"] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

/** Conditional forwarder artefacts: zone names and where to send them, from the plan alone (no records). */
export const FORWARDER_FORMATS = [
  "forwarders-bind",
  "forwarders-windows",
  "forwarders-unbound",
  "forwarders-dnsmasq",
  "forwarders-firewall",
] as const;
export type ForwarderFormat = (typeof FORWARDER_FORMATS)[number];

export type DnsArtefactFormat = RecordFormat | ForwarderFormat;

export const DNS_FORMATS: readonly DnsArtefactFormat[] = [...RECORD_FORMATS, ...FORWARDER_FORMATS];

export function isRecordFormat(format: DnsArtefactFormat): format is RecordFormat {
  return (RECORD_FORMATS as readonly string[]).includes(format);
}
