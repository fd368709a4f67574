import { summarisePlan } from "../../core/plan/plan-summary.js";
import { readPlanFile } from "../../engine/plan-file.js";
import { planTopology } from "../../engine/topology/plan-topology.js";
import { topologyMermaid } from "../../engine/topology/topology-mermaid.js";
import { topologyText } from "../../engine/topology/topology-text.js";
import type { CommandContext } from "../program.js";
import { planSummaryMarkdown } from "../views/plan-markdown.js";

/** `vaultlink show PLAN`: validates a plan and prints what it would set up, without touching Azure. */
export async function runShow(
  { options, out }: CommandContext,
  planPath: string,
  format: "text" | "mermaid" = "text",
): Promise<void> {
  const plan = await readPlanFile(planPath);
  const summary = summarisePlan(plan);
  const topology = planTopology(plan);
  if (options.output === "json") {
    out.json({ plan: planPath, summary, topology });
    return;
  }
  if (format === "mermaid") {
    // Written as it is, without colour, to paste into a ```mermaid block of a pull request or a wiki.
    for (const line of topologyMermaid(topology).trimEnd().split("\n")) out.line(line);
    return;
  }
  if (options.output === "markdown") {
    for (const line of planSummaryMarkdown(summary, planPath)) out.line(line);
    return;
  }
  const { vault } = summary;
  out.line(`${out.style("bold", `Plan for vault ${vault.name}`)} (${vault.location}, ${summary.cloud})`);
  out.line(`  resource group ${vault.resourceGroup}, subscription ${vault.subscriptionId}`);
  out.line();
  out.line(out.style("bold", `Private endpoints (${summary.endpoints.length})`));
  for (const endpoint of summary.endpoints) {
    out.line(
      `  ${endpoint.name}  ${endpoint.groupId}  ${endpoint.location}  ${endpoint.virtualNetwork}/${endpoint.subnet}` +
        `  (resource group ${endpoint.resourceGroup}, ${endpoint.approval} approval)`,
    );
  }
  out.line();
  out.line(
    `${out.style("bold", "Cross-region restore:")} ${summary.secondaryRegion === null ? "no secondary endpoint" : `secondary endpoint in ${summary.secondaryRegion}`}`,
  );
  out.line(`${out.style("bold", "DNS:")} ${summary.dns}`);
  out.line("  zones:");
  for (const zone of summary.zoneNames) out.line(`    ${zone}`);
  out.line(`${out.style("bold", "Public network access:")} ${summary.publicNetworkAccess}`);
  out.line(`${out.style("bold", "Microsoft Entra ID outbound:")} ${summary.entraIdOutbound}`);
  out.line(`${out.style("bold", "Workloads:")} ${summary.workloads}`);
  out.line();
  out.line(out.style("bold", "Topology"));
  for (const line of topologyText(topology, Math.max(60, Math.min(process.stdout.columns ?? 80, 100))))
    out.line(line);
  out.line();
  out.line(out.style("dim", `Planned at ${summary.plannedAt}.`));
}
