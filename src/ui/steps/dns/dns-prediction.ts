import type { DnsPlan } from "../../../core/plan/plan-schema.js";
import { readObservedState } from "../../../engine/read-state.js";
import { type DnsOnceApplied, predictOnceApplied } from "../../../engine/resolution/once-applied.js";
import { draftPlan } from "../../plan-draft.js";
import type { WizardServices } from "../../wizard-services.js";
import type { WizardChoices } from "../../wizard-state.js";

/**
 * What each workload VNet will resolve once the plan with `dns` is applied: the dry run's "DNS once applied", for the
 * DNS step to show while links are chosen. Reads only.
 */
export async function predictDnsChoice(
  services: Pick<WizardServices, "adapter" | "cloud" | "now">,
  choices: WizardChoices,
  dns: DnsPlan,
): Promise<DnsOnceApplied> {
  const draft = draftPlan({ ...choices, dns }, services.cloud, services.now());
  if (draft.kind !== "plan") return { virtualNetworks: [], findings: [] };
  const observed = await readObservedState(services.adapter, draft.plan);
  return predictOnceApplied(services.adapter, draft.plan, observed);
}

/** At most this many lines of problems, so the prediction fits under the list. */
const MAX_PROBLEMS = 3;

/** The prediction in a few lines: one summary, then the VNets that would not get private answers, then findings. */
export function predictionLines(dns: DnsOnceApplied): string[] {
  const vnets = dns.virtualNetworks;
  const wrong = vnets.filter((v) => v.names.some((n) => n.verdict !== "ok"));
  const lines = [
    `Once applied (predicted): ${vnets.length - wrong.length} of ${vnets.length} VNets resolve the vault's names privately.`,
  ];
  const problems = [
    ...wrong.map((v) => {
      const first = v.names.find((n) => n.verdict !== "ok");
      return `✗ ${v.name} (DNS ${v.dnsServers}): ${first?.path.at(-1) ?? "not private"}`;
    }),
    ...dns.findings.filter((f) => f.severity !== "info").map((f) => `! ${f.code}: ${f.message}`),
  ];
  lines.push(...problems.slice(0, MAX_PROBLEMS));
  if (problems.length > MAX_PROBLEMS)
    lines.push(
      `… and ${problems.length - MAX_PROBLEMS} more: \`vaultlink apply PLAN --dry-run\` lists them.`,
    );
  return lines;
}
