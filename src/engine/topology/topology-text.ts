import type { PlanTopology } from "./plan-topology.js";

/** Breaks `text` at spaces into lines of at most `width` characters (a word longer than that stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * A tree line: `first` is the branch drawn before the text, `rest` the prefix of its continuation lines, so a
 * long line wraps under its own text and the tree stays readable at 80 columns.
 */
function branch(first: string, rest: string, text: string, width: number): string[] {
  return wrap(text, Math.max(20, width - first.length)).map((part, i) => `${i === 0 ? first : rest}${part}`);
}

/**
 * The plan's topology as plain text: no colour, box-drawing branches, every line within `width` columns (a word
 * longer than the line, such as a long resource name, is the only exception). `vaultlink show` and the wizard's
 * review print it alike.
 */
export function topologyText(topology: PlanTopology, width = 80): string[] {
  const { vault } = topology;
  const lines: string[] = [];
  const regions =
    vault.secondaryRegion === null
      ? `${vault.region}, no secondary region`
      : `${vault.region}, secondary ${vault.secondaryRegion}`;
  lines.push(...wrap(`Vault ${vault.name} (${regions})`, width));
  lines.push(
    `│  public network access ${topology.publicNetworkAccess === "deny" ? "denied" : "kept"} once the endpoints exist`,
  );
  topology.networks.forEach((network, n) => {
    const last = n === topology.networks.length - 1;
    const head = last ? "└─ " : "├─ ";
    const under = last ? "   " : "│  ";
    const where = [network.region, network.resourceGroup].filter(Boolean).join(" · ");
    lines.push(...branch(head, `${under}   `, `VNet ${network.name} (${where})`, width));
    const children: string[] = [];
    const bySubnet = new Map<string, string[]>();
    for (const endpoint of network.endpoints)
      bySubnet.set(endpoint.subnet, [
        ...(bySubnet.get(endpoint.subnet) ?? []),
        `${endpoint.name} (${endpoint.groupId})`,
      ]);
    const rows: { text: string; endpoints: string[] }[] = [...bySubnet].map(([subnet, endpoints]) => ({
      text: `subnet ${subnet}`,
      endpoints,
    }));
    if (network.endpoints.length === 0)
      rows.push({ text: "no endpoint: reaches one through peering", endpoints: [] });
    if (topology.zones.length > 0)
      rows.push({
        text: network.linked ? "linked to the private DNS zones" : "not linked to the private DNS zones",
        endpoints: [],
      });
    rows.forEach((row, r) => {
      const lastRow = r === rows.length - 1;
      children.push(
        ...branch(
          `${under}${lastRow ? "└─ " : "├─ "}`,
          `${under}${lastRow ? "   " : "│  "}   `,
          row.text,
          width,
        ),
      );
      row.endpoints.forEach((endpoint, e) => {
        const lastEndpoint = e === row.endpoints.length - 1;
        const prefix = `${under}${lastRow ? "   " : "│  "}`;
        children.push(
          ...branch(
            `${prefix}${lastEndpoint ? "└─ " : "├─ "}`,
            `${prefix}${lastEndpoint ? "   " : "│  "}   `,
            `endpoint ${endpoint}`,
            width,
          ),
        );
      });
    });
    lines.push(...children);
  });
  lines.push("");
  if (topology.zones.length > 0) {
    lines.push(...wrap(`Private DNS zones in resource group ${topology.zoneResourceGroup}:`, width));
    topology.zones.forEach((zone, z) => {
      lines.push(`${z === topology.zones.length - 1 ? "└─ " : "├─ "}${zone}`);
    });
    const linked = topology.networks.filter((n) => n.linked).map((n) => n.name);
    lines.push(...wrap(`Each zone is linked to: ${linked.join(", ")}.`, width));
  } else lines.push("No Azure Private DNS zones: the records are kept outside Azure.");
  lines.push(...wrap(`Names resolve through ${topology.resolution}.`, width));
  // A plan records intent, not the network around it: peerings are neither read nor changed.
  lines.push(
    ...wrap(
      "Peerings are not part of the plan: a VNet without an endpoint reaches one through peering to a VNet that has it.",
      width,
    ),
  );
  return lines;
}
