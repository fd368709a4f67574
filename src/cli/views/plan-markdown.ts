import { parseResourceId } from "../../core/arm-id.js";
import { type Finding, sortFindings } from "../../core/findings.js";
import type { PlanSummary } from "../../core/plan/plan-summary.js";
import type { Action, ActionKind, ResourceKind } from "../../engine/action.js";
import { inProgressNote, type Preview } from "../../engine/preview.js";
import { dnsOnceAppliedMarkdown } from "../render/resolution-lines.js";
import { markdownCode, markdownDetails, markdownTable, markdownText } from "./markdown.js";

const RESOURCE_WORDS: Readonly<Record<ResourceKind, string>> = {
  privateEndpoint: "private endpoints",
  privateDnsZone: "private DNS zones",
  virtualNetworkLink: "zone links to VNets",
  privateDnsZoneGroup: "DNS zone groups",
  vaultPublicNetworkAccess: "vault public network access",
  securityRule: "NSG rules (Entra ID outbound)",
};

const KIND_WORDS: Readonly<Record<ActionKind, string>> = {
  create: "create",
  update: "update",
  noChange: "no change",
  blocked: "blocked",
  waiting: "waiting",
  inProgress: "in progress",
};

/** Lists longer than this are collapsed, so a comment stays short to scroll past. */
const OPEN_ROWS = 12;

function subscriptionOf(id: string): string {
  const parsed = parseResourceId(id);
  return parsed.subscriptionId;
}

function findingLine(finding: Finding): string {
  const word = finding.severity === "block" ? "blocks" : finding.severity === "warn" ? "warning" : "info";
  return `- **${word}** ${markdownCode(finding.code)}: ${markdownText(finding.message)}<br>Fix: ${markdownText(finding.fix)}`;
}

/** The one-line summary, as `apply --dry-run` prints it and a reviewer reads it first. */
export function planSummaryLine(preview: Preview): string {
  if (preview.kind === "stale") return `Plan is stale: ${preview.drift.length} change(s) since it was made.`;
  const { create, update, noChange, blocked, waiting } = preview.counts;
  const waits = waiting > 0 ? `, ${waiting} waiting` : "";
  return `Plan: ${create} to create, ${update} to update, ${blocked} blocked${waits} (${noChange} unchanged).`;
}

/**
 * The dry run as a pull-request comment: the summary line, a table of changes by resource kind and subscription,
 * what blocks and every finding with its fix, then each action (collapsed when the list is long).
 */
export function planMarkdown(preview: Preview, planPath: string, target: string): string[] {
  const lines = [`### vaultlink: ${markdownText(planPath)}`, "", `**${planSummaryLine(preview)}**`, ""];
  lines.push(`Previewed against ${markdownText(target)}.`, "");
  if (preview.kind === "stale") {
    lines.push(
      ...markdownTable(
        ["resource", "fact", "when planned", "now", "why it matters"],
        preview.drift.map((d) => [
          markdownCode(d.id.split("/").at(-1) ?? d.id),
          markdownText(d.field),
          markdownCode(JSON.stringify(d.planned)),
          markdownCode(JSON.stringify(d.now)),
          markdownText(d.reason),
        ]),
      ),
    );
    return lines;
  }

  const groups = new Map<string, { resource: ResourceKind; subscription: string; actions: Action[] }>();
  for (const action of preview.actions) {
    const subscription = subscriptionOf(action.id);
    const key = `${action.resource} ${subscription}`;
    const group = groups.get(key) ?? { resource: action.resource, subscription, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }
  const count = (actions: readonly Action[], kind: ActionKind) =>
    actions.filter((a) => a.kind === kind).length;
  lines.push(
    ...markdownTable(
      ["resources", "subscription", "create", "update", "no change", "blocked"],
      [...groups.values()].map((g) => [
        RESOURCE_WORDS[g.resource],
        markdownCode(g.subscription),
        String(count(g.actions, "create")),
        String(count(g.actions, "update")),
        String(count(g.actions, "noChange")),
        count(g.actions, "blocked") > 0 ? `**${count(g.actions, "blocked")}**` : "0",
      ]),
    ),
    "",
  );

  if (preview.blockers.length > 0) {
    lines.push(`#### Blocked (${preview.blockers.length})`, "");
    for (const blocker of preview.blockers)
      lines.push(
        `- ✗ ${markdownText(blocker.subject)}: ${markdownCode(blocker.code)} ${markdownText(blocker.message)}<br>Fix: ${markdownText(blocker.fix)}`,
      );
    lines.push("");
  }
  const findings = sortFindings(preview.findings).filter((f) => f.severity !== "block");
  if (findings.length > 0) {
    const body = findings.map(findingLine);
    lines.push(
      ...(findings.length > OPEN_ROWS
        ? markdownDetails(`Findings (${findings.length})`, body)
        : [`#### Findings (${findings.length})`, "", ...body]),
      "",
    );
  }
  if (preview.dnsOnceApplied !== undefined) lines.push(...dnsOnceAppliedMarkdown(preview.dnsOnceApplied));
  const rows = preview.actions.map((a) => [
    KIND_WORDS[a.kind],
    markdownText(a.description),
    [
      ...(a.kind === "update"
        ? a.changes.map((c) => markdownText(`${c.field}: ${c.before} → ${c.after}`))
        : []),
      ...(a.kind === "waiting" ? [markdownText(a.reason)] : []),
      ...(a.kind === "inProgress" ? [markdownText(inProgressNote(a))] : []),
      ...(a.condition === undefined ? [] : [`when: ${markdownText(a.condition)}`]),
    ].join("<br>"),
  ]);
  const table = markdownTable(["action", "resource", "change"], rows);
  lines.push(...markdownDetails(`All ${preview.actions.length} actions`, table));
  return lines;
}

/** `vaultlink show PLAN -o markdown`: what the plan sets up, without reading Azure. */
export function planSummaryMarkdown(summary: PlanSummary, planPath: string): string[] {
  const { vault } = summary;
  return [
    `### vaultlink plan for vault ${markdownCode(vault.name)}`,
    "",
    `${markdownText(vault.location)}, ${markdownText(summary.cloud)}; resource group ${markdownCode(vault.resourceGroup)}, subscription ${markdownCode(vault.subscriptionId)}. File: ${markdownCode(planPath)}.`,
    "",
    ...markdownTable(
      ["endpoint", "group id", "region", "VNet / subnet", "approval"],
      summary.endpoints.map((e) => [
        markdownCode(e.name),
        markdownText(e.groupId),
        markdownText(e.location),
        markdownCode(`${e.virtualNetwork}/${e.subnet}`),
        markdownText(e.approval),
      ]),
    ),
    "",
    `- **Cross-region restore:** ${summary.secondaryRegion === null ? "no secondary endpoint" : `secondary endpoint in ${markdownText(summary.secondaryRegion)}`}`,
    `- **DNS:** ${markdownText(summary.dns)}; zones ${summary.zoneNames.map(markdownCode).join(", ")}`,
    `- **Public network access:** ${markdownText(summary.publicNetworkAccess)}`,
    `- **Microsoft Entra ID outbound:** ${markdownText(summary.entraIdOutbound)}`,
    `- **Workloads:** ${markdownText(summary.workloads)}`,
    "",
    `Planned at ${markdownText(summary.plannedAt)}.`,
  ];
}
