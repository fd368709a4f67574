import type { PlanTopology } from "./plan-topology.js";

/**
 * Text inside a Mermaid node's quoted label: a double quote would end the label, so it becomes the `#quot;` entity
 * Mermaid documents for labels (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
 */
function label(text: string): string {
  return text.replaceAll('"', "#quot;").replaceAll("`", "'");
}

/**
 * The plan's topology as a Mermaid flowchart, which GitHub, GitLab and Azure DevOps render in Markdown: the vault,
 * each VNet as a box holding its endpoints, the zones, and which VNets each zone is linked to (dotted lines).
 * The same facts as `topologyText`.
 */
export function topologyMermaid(topology: PlanTopology): string {
  const { vault } = topology;
  const lines = ["flowchart LR"];
  const regions =
    vault.secondaryRegion === null ? vault.region : `${vault.region}, secondary ${vault.secondaryRegion}`;
  lines.push(
    `  vault["Vault ${label(vault.name)}<br/>${label(regions)}<br/>public network access ${topology.publicNetworkAccess === "deny" ? "denied" : "kept"}"]`,
  );
  topology.networks.forEach((network, n) => {
    const where = [network.region, network.resourceGroup].filter(Boolean).join(" · ");
    lines.push(`  subgraph vnet${n}["VNet ${label(network.name)}<br/>${label(where)}"]`);
    if (network.endpoints.length === 0) lines.push(`    vnet${n}_none["no endpoint"]`);
    network.endpoints.forEach((endpoint, e) => {
      lines.push(
        `    vnet${n}_pe${e}["${label(endpoint.name)}<br/>${label(endpoint.groupId)} in ${label(endpoint.subnet)}"]`,
      );
    });
    lines.push("  end");
    network.endpoints.forEach((_endpoint, e) => {
      lines.push(`  vnet${n}_pe${e} --> vault`);
    });
  });
  if (topology.zones.length > 0) {
    lines.push(`  subgraph zones["Private DNS zones<br/>${label(topology.zoneResourceGroup ?? "")}"]`);
    topology.zones.forEach((zone, z) => {
      lines.push(`    zone${z}["${label(zone)}"]`);
    });
    lines.push("  end");
    topology.networks.forEach((network, n) => {
      if (network.linked) lines.push(`  zones -. linked .- vnet${n}`);
    });
  }
  lines.push(`  dns["Names resolve through ${label(topology.resolution)}"]`);
  return `${lines.join("\n")}\n`;
}
