import { parseResourceId } from "../../core/arm-id.js";
import type { Finding } from "../../core/findings.js";
import type { NsgCheck } from "../../engine/check-nsgs.js";
import type { BackupVaultCheck, Eligibility, VaultCheck } from "../../engine/check-vaults.js";
import type { EntraIdRuleGuidance, HandCommands } from "../../engine/entra-id-rule-guidance.js";
import type { Printer } from "../output.js";
import { printFinding } from "./findings-lines.js";

const VERDICTS: Record<
  Eligibility,
  { readonly marker: string; readonly text: string; readonly style: "green" | "yellow" | "red" }
> = {
  eligible: { marker: "✓", text: "can take v2 backup private endpoints", style: "green" },
  needsDecision: {
    marker: "!",
    text: "can take v2 backup private endpoints once the warnings below are decided",
    style: "yellow",
  },
  blocked: { marker: "✗", text: "cannot take v2 backup private endpoints", style: "red" },
};

export type EligibilityCounts = Readonly<Record<Eligibility, number>>;

export function countEligibility(results: readonly VaultCheck[]): EligibilityCounts {
  const count = (eligibility: Eligibility) => results.filter((r) => r.eligibility === eligibility).length;
  return { eligible: count("eligible"), needsDecision: count("needsDecision"), blocked: count("blocked") };
}

function vaultDetails(result: VaultCheck): string {
  const vault = result.vault;
  if (vault === undefined) return result.vaultId;
  const redundancy = vault.redundancy ?? "redundancy not reported";
  const crr = vault.crossRegionRestore ? ", cross-region restore on" : "";
  return `${result.vaultId} (${vault.location}, ${redundancy}${crr})`;
}

/** A finding about a whole subscription (when its resource provider was registered), the same for each of its vaults. */
function isSubscriptionWide(finding: Finding): boolean {
  if (finding.subject === undefined) return false;
  try {
    return parseResourceId(finding.subject).kind === "subscription";
  } catch {
    return false;
  }
}

/**
 * Each vault: its verdict on one line, where it is, then every finding with its fix. The run's notes and a finding
 * about a whole subscription are said once, ahead of the vaults, not once per vault (the JSON keeps the latter on
 * each vault).
 */
export function printVaultChecks(
  out: Printer,
  results: readonly VaultCheck[],
  notes: readonly Finding[] = [],
): void {
  const shared = new Map<string, Finding>(notes.map((n) => [n.code, n]));
  for (const result of results)
    for (const finding of result.findings.filter(isSubscriptionWide))
      shared.set(`${finding.code} ${finding.subject?.toLowerCase()}`, finding);
  if (shared.size > 0) {
    out.line(out.style("bold", "Said once for every vault (of a subscription):"));
    for (const finding of shared.values()) printFinding(out, finding, "    ");
    out.line();
  }
  for (const result of results) {
    const { marker, text, style } = VERDICTS[result.eligibility];
    out.line(`${out.style(style, marker)} ${out.style("bold", result.name)}: ${text}`);
    out.line(out.style("dim", `    ${vaultDetails(result)}`));
    for (const finding of result.findings)
      if (!isSubscriptionWide(finding)) printFinding(out, finding, "    ");
    out.line();
  }
}

/**
 * The Backup vaults of the subscriptions checked, greyed: a user whose vault is "missing" from the Recovery Services
 * vaults learns why. They never count toward the exit code.
 */
export function printBackupVaults(out: Printer, results: readonly BackupVaultCheck[]): void {
  if (results.length === 0) return;
  out.line(
    out.style("bold", "Backup vaults (Microsoft.DataProtection): not Recovery Services vaults, not checked"),
  );
  for (const result of results) {
    out.line(out.style("dim", `- ${result.vault.name}: cannot take v2 backup private endpoints`));
    out.line(out.style("dim", `    ${result.vault.id} (${result.vault.location})`));
    for (const finding of result.findings) printFinding(out, finding, "    ");
  }
  out.line();
}

function printCommands(out: Printer, commands: HandCommands, indent: string): void {
  const block = (title: string, lines: readonly string[]) => {
    out.line(`${indent}${title}:`);
    for (const command of lines) for (const line of command.split("\n")) out.line(`${indent}  ${line}`);
  };
  block("az CLI", commands.azCli);
  block("Azure PowerShell", commands.powerShell);
}

function printGuidance(out: Printer, guidance: EntraIdRuleGuidance, indent: string): void {
  switch (guidance.kind) {
    case "alreadyAllowed":
      out.line(`${indent}Rule ${guidance.by.name} (priority ${guidance.by.priority}) already allows it.`);
      return;
    case "addRule": {
      const { rule } = guidance.add;
      out.line(`${indent}To allow it by hand, add ${rule.name} at priority ${rule.priority}:`);
      printCommands(out, guidance.commands, `${indent}  `);
      return;
    }
    case "moveDenyThenAddRule": {
      const { move, add } = guidance;
      out.line(
        `${indent}No priority is free ahead of ${move.rule.name} (priority ${guidance.from}), and vaultlink never changes existing rules.`,
      );
      out.line(
        `${indent}To allow it by hand, move ${move.rule.name} from priority ${guidance.from} to ${move.rule.priority}, then add ${add.rule.name} at priority ${add.rule.priority}:`,
      );
      if (guidance.nowAheadOfDeny.length > 0) {
        out.line(
          `${indent}(${guidance.nowAheadOfDeny.map((r) => `${r.name} at ${r.priority}`).join(", ")} will then come before ${move.rule.name}: check they should.)`,
        );
      }
      printCommands(out, guidance.commands, `${indent}  `);
      return;
    }
  }
}

/** Each NSG `--nsg` named: its Entra ID findings, then the rule to add by hand as commands. */
export function printNsgChecks(out: Printer, results: readonly NsgCheck[]): void {
  if (results.length === 0) return;
  out.line(out.style("bold", "Network security groups: outbound TCP 443 to Microsoft Entra ID"));
  for (const result of results) {
    out.line(`  ${out.style("bold", result.name)}`);
    out.line(out.style("dim", `    ${result.nsgId}`));
    for (const finding of result.findings) printFinding(out, finding, "    ");
    printGuidance(out, result.guidance, "    ");
    out.line();
  }
}

/** What `--workload` said about the workloads the vaults will protect. */
export function printWorkloadFindings(out: Printer, findings: readonly Finding[]): void {
  if (findings.length === 0) return;
  out.line(out.style("bold", "Workloads"));
  for (const finding of findings) printFinding(out, finding, "    ");
  out.line();
}

/** The closing line: how many vaults can take endpoints, need a decision, or are blocked. */
export function printEligibilitySummary(out: Printer, results: readonly VaultCheck[]): void {
  const counts = countEligibility(results);
  out.line(
    `${results.length} vault${results.length === 1 ? "" : "s"}: ${counts.eligible} eligible, ${counts.needsDecision} eligible after a decision, ${counts.blocked} blocked.`,
  );
}
