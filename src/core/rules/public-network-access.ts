import type { Finding } from "../findings.js";
import type { Vault } from "../inventory.js";
import { Source } from "./sources.js";

export interface PublicNetworkAccessFacts {
  readonly vault: Vault;
  /** Backup endpoints the vault has once the plan is applied (existing and planned, secondary included). */
  readonly endpointsAfterPlan: number;
  /** The plan's choice (plan.guidance.publicNetworkAccess): set Deny, or leave the vault's setting alone. */
  readonly choice: "deny" | "keep";
}

/**
 * Why Deny matters: the workload extension and the MARS agent try the vault's private URL first and, when it
 * does not work, the public one; with Allow the vault accepts that public request, with Deny it refuses it
 * (seed, "Network connectivity setup").
 */
const FALLBACK =
  "Clients try the private URL (<vaultId>-ab-pod01-<svc>.privatelink.<geo>.backup…) first and fall back to the public one (<svc>.<geo>.backup…) when it does not resolve or connect; with public access allowed the vault accepts that fallback, with Deny it refuses it.";

/**
 * The v2 how-to's note on Deny with cross-region restore (2025; older copies of the page lack it), quoted where a
 * person decides: the wizard's public-access question and the `public-access-deny-with-crr` finding.
 */
export const DENY_WITH_CRR_NOTE =
  "Denial of public access is currently not supported for vaults that have Cross Region Restore enabled";

/** Public network access: recommend Deny once endpoints exist, explain what Deny does, and warn where it conflicts. */
export function checkPublicNetworkAccess(facts: PublicNetworkAccessFacts): Finding[] {
  const { vault, endpointsAfterPlan, choice } = facts;
  const denyAfterPlan = choice === "deny" || vault.publicNetworkAccess === "Disabled";
  const findings: Finding[] = [];
  if (endpointsAfterPlan > 0 && !denyAfterPlan) {
    findings.push({
      severity: "info",
      code: "public-access-deny-recommended",
      message: `${vault.name} will keep public network access enabled. ${FALLBACK} Microsoft recommends Deny together with private endpoints.`,
      fix: "Choose Deny in the plan (a vault update vaultlink applies and shows in the dry run) once every workload reaches the vault through an endpoint.",
      source: Source.seedConnectivity,
      subject: vault.id,
    });
  }
  if (choice === "deny" && vault.publicNetworkAccess === "Enabled") {
    findings.push({
      severity: "info",
      code: "public-access-deny-consequences",
      message: `The plan sets public network access of ${vault.name} to Deny: only clients in a VNet with an endpoint of the vault (or peered to one and resolving its privatelink names) can back up or restore; the vault itself stays manageable in the portal. ${FALLBACK}`,
      fix: "Before applying, make sure the privatelink names resolve to the endpoint's IPs from every workload (vaultlink verify checks this).",
      source: `${Source.seedConnectivity}; ${Source.v2HowTo}`,
      subject: vault.id,
    });
  }
  if (denyAfterPlan && endpointsAfterPlan === 0) {
    findings.push({
      severity: "warn",
      code: "public-access-deny-without-endpoints",
      message: `${vault.name} would deny public network access with no backup private endpoint: no workload extension or MARS agent could reach it.`,
      fix: "Create the endpoints first, or keep public access enabled until they exist.",
      source: Source.seedConnectivity,
      subject: vault.id,
    });
  }
  if (denyAfterPlan && vault.crossRegionRestore) {
    findings.push({
      severity: "warn",
      code: "public-access-deny-with-crr",
      message: `${vault.name} has cross-region restore on and would deny public network access. The 2025 v2 how-to says "${DENY_WITH_CRR_NOTE}"; older copies of the same page do not carry that note.`,
      fix: "Decide from the two: keep public access enabled while cross-region restore is on (the documented-safe choice), or choose Deny and test a cross-region restore before relying on it.",
      source: Source.publicAccessDenyWithCrr,
      subject: vault.id,
    });
  }
  return findings;
}
