import { type Finding, sortFindings } from "../../core/findings.js";
import { providerReregistrationNote } from "../../core/rules/provider-registration.js";
import { checkWorkloads, WORKLOAD_WORDS, type Workload, workloadOfWord } from "../../core/rules/workloads.js";
import { ExitCode, UserError } from "../../core/user-error.js";
import { checkNetworkSecurityGroups } from "../../engine/check-nsgs.js";
import {
  checkVaults,
  listBackupVaults,
  type VaultCheck,
  type VaultSelection,
} from "../../engine/check-vaults.js";
import { checkDnsPaths } from "../../engine/resolution/check-dns.js";
import { openAzureSession } from "../azure-session.js";
import type { CommandContext } from "../program.js";
import {
  countEligibility,
  printBackupVaults,
  printEligibilitySummary,
  printNsgChecks,
  printVaultChecks,
  printWorkloadFindings,
} from "../render/findings-check.js";
import { printFinding } from "../render/findings-lines.js";

export interface CheckCommandOptions {
  /** Workload subnets' NSGs to check for outbound 443 to Microsoft Entra ID (`--nsg`, repeatable). */
  readonly nsg: readonly string[];
  /** What the vaults will protect (`--workload`, repeatable): what each needs from the endpoints, or why it cannot use them. */
  readonly workload: readonly string[];
}

function workloadsOf(words: readonly string[]): Workload[] {
  return words.map((word) => {
    const workload = workloadOfWord(word);
    if (workload === undefined)
      throw new UserError(`--workload ${word}: not a workload vaultlink knows.`, {
        hint: `Use one of ${WORKLOAD_WORDS.join(", ")} (e.g. --workload sql --workload mabs:4).`,
      });
    return workload;
  });
}

/** Commander's collector for a repeatable option. */

function selectionOf(context: CommandContext, vaultIds: readonly string[]): VaultSelection {
  const { subscriptions } = context.options;
  if (vaultIds.length > 0 && subscriptions.length > 0) {
    throw new UserError("check takes vault ids or --subscription, not both.", {
      hint: "A vault id names its subscription already: drop --subscription, or drop the ids to check every vault of the subscriptions.",
    });
  }
  return vaultIds.length > 0
    ? { kind: "vaults", vaultIds }
    : { kind: "subscriptions", subscriptionIds: subscriptions };
}

function scopeText(selection: VaultSelection): string {
  if (selection.kind === "vaults") return "the given vaults";
  const count = selection.subscriptionIds.length;
  return count === 0
    ? "every subscription the signed-in identity can see"
    : `${count} subscription${count === 1 ? "" : "s"}`;
}

function blockedError(results: readonly VaultCheck[]): UserError {
  const blocked = results.filter((r) => r.eligibility === "blocked");
  return new UserError(
    `${blocked.length} of ${results.length} vault${results.length === 1 ? "" : "s"} cannot take v2 backup private endpoints: ${blocked.map((r) => r.name).join(", ")}.`,
    {
      hint: "Each blocking finding above says what to do; often that is a new vault made for private endpoints.",
      exitCode: ExitCode.blockedByFinding,
    },
  );
}

/**
 * `vaultlink check [VAULT_ID…] [--nsg ID…]`: the vault-level prerequisite rules alone, read-only, before anyone
 * plans. Exits 3 when any vault is blocked.
 */
export async function runCheck(
  context: CommandContext,
  vaultIds: readonly string[],
  options: CheckCommandOptions,
): Promise<void> {
  const { out } = context;
  const selection = selectionOf(context, vaultIds);
  const workloads: readonly Finding[] = checkWorkloads(workloadsOf(options.workload));
  const session = await openAzureSession(context.options);
  try {
    const [vaults, nsgs] = await Promise.all([
      checkVaults(session.adapter, selection),
      checkNetworkSecurityGroups(session.adapter, options.nsg),
    ]);
    const dns = sortFindings(
      await checkDnsPaths(
        session.adapter,
        vaults.flatMap((r) =>
          r.vault === undefined ? [] : [{ id: r.vault.id, location: r.vault.location }],
        ),
      ),
    );
    // After the vaults: a tenant that refuses their list stops the run before a second list is asked for.
    const listing = await listBackupVaults(session.adapter, selection);
    const fallback = session.adapter.inventory.fallbackNotice();
    if (fallback !== undefined) context.err.line(`${context.err.style("dim", "Note:")} ${fallback}`);
    // Said once per run: true of every subscription alike, and ARM cannot tell which it concerns.
    const notes: readonly Finding[] = [
      ...(vaults.some((r) => r.vault !== undefined) ? [providerReregistrationNote()] : []),
      ...listing.unlisted,
    ];
    if (context.options.output === "json") {
      out.json({
        target: session.description,
        summary: countEligibility(vaults),
        notes,
        vaults: vaults.map((r) => ({
          id: r.vaultId,
          name: r.name,
          eligibility: r.eligibility,
          canTakeBackupPrivateEndpoints: r.eligibility !== "blocked",
          findings: r.findings,
        })),
        // Listed apart and never counted in the exit code: the user did not ask about them.
        backupVaults: listing.backupVaults.map((b) => ({
          id: b.vault.id,
          name: b.vault.name,
          location: b.vault.location,
          eligibility: b.eligibility,
          canTakeBackupPrivateEndpoints: false,
          findings: b.findings,
        })),
        networkSecurityGroups: nsgs.map((r) => ({
          id: r.nsgId,
          name: r.name,
          findings: r.findings,
          entraIdRule: r.guidance,
        })),
        workloads,
        dns,
      });
    } else {
      out.line(
        out.style(
          "bold",
          `Recovery Services vaults in ${scopeText(selection)}, on ${session.description}; read-only`,
        ),
      );
      out.line();
      if (vaults.length === 0) out.line("No Recovery Services vaults found.");
      printVaultChecks(out, vaults, notes);
      printBackupVaults(out, listing.backupVaults);
      printNsgChecks(out, nsgs);
      printWorkloadFindings(out, workloads);
      if (dns.length > 0) {
        out.line(out.style("bold", "DNS paths to the vaults' names (zones, resolvers, forwarding rulesets)"));
        for (const finding of dns) printFinding(out, finding, "    ");
        out.line();
      }
      printEligibilitySummary(out, vaults);
    }
    if (vaults.some((r) => r.eligibility === "blocked")) throw blockedError(vaults);
    if (dns.some((f) => f.severity === "block"))
      throw new UserError("DNS would not resolve the vaults' names: a blocking DNS finding above.", {
        hint: "The finding says which link or rule to change; `vaultlink resolve PLAN` shows each VNet's answers.",
        exitCode: ExitCode.blockedByFinding,
      });
    if (workloads.some((f) => f.severity === "block"))
      throw new UserError("A workload named with --workload cannot use Azure Backup private endpoints.", {
        hint: "The blocking finding above says what to upgrade.",
        exitCode: ExitCode.blockedByFinding,
      });
  } finally {
    await session.close();
  }
}
