import { type ArtefactOptions, artefactHeader, commented } from "./artefact-header.js";
import { allRecords, type DnsRecordSet } from "./record-set.js";

const MARKER = /^#\s*(BEGIN|END)\s+vaultlink\s+(\S+)\s*$/i;

/** The lines that open and close a vault's block in a hosts file. */
export function hostsBlockMarkers(vaultId: string): { readonly begin: string; readonly end: string } {
  return { begin: `# BEGIN vaultlink ${vaultId}`, end: `# END vaultlink ${vaultId}` };
}

/** A line's marker, if it is one: which end, and the vault id it names. */
export function parseHostsMarker(
  line: string,
): { readonly kind: "begin" | "end"; readonly vaultId: string } | null {
  const match = MARKER.exec(line.trim());
  if (match === null) return null;
  return { kind: match[1]?.toLowerCase() === "begin" ? "begin" : "end", vaultId: match[2] ?? "" };
}

/**
 * A hosts-file block for the vault, between begin/end markers, `ip name` per line (LF; {@link applyHostsBlock}
 * turns it into the file's line endings).
 */
export function renderHostsBlock(set: DnsRecordSet, options: ArtefactOptions = {}): string {
  const { begin, end } = hostsBlockMarkers(set.vaultId);
  const lines = allRecords(set).flatMap((record) => {
    const shared =
      record.addresses.length > 1
        ? [
            `# ${record.clientNames.join(", ")}: several addresses (endpoints ${record.endpoints.join(", ")});`,
            "# a hosts file uses the first line that matches: keep the address this machine reaches.",
          ]
        : [];
    return [
      ...shared,
      ...record.clientNames.flatMap((name) =>
        record.addresses.map((address) => `${address.padEnd(15)} ${name}`),
      ),
    ];
  });
  return `${[
    begin,
    ...commented("#", artefactHeader(set, "Hosts entries", options)),
    "# A hosts file answers exact names and follows no CNAME, so these are the names clients ask for: the backup",
    "# names as privatelink names (they have no public alias) and storage names as <account>.blob..., not the",
    "# privatelink zone's record names. Edit outside this block only: vaultlink rewrites it.",
    ...lines,
    end,
  ].join("\n")}\n`;
}
