/**
 * A finding: one thing a prerequisite rule or a piece of guidance has to say about a vault, a subnet, an NSG
 * or a plan. The wizard, the dry run and `--output json` all render the same values, so a finding carries
 * everything a reader needs: how serious it is, a stable code scripts can match on, what is wrong, how to fix
 * it, and where the fact comes from.
 */

/**
 * - `block`: going ahead would fail or leave a setup Microsoft does not support; vaultlink will not apply.
 * - `warn`: going ahead works, but something needs a decision or a check by a person.
 * - `info`: something worth knowing; nothing to decide.
 */
export type Severity = "block" | "warn" | "info";

/** Most serious first: the order findings are shown in. */
export const SEVERITIES: readonly Severity[] = ["block", "warn", "info"];

export interface Finding {
  readonly severity: Severity;
  /** Stable kebab-case code, set by the rule that raises it (src/core/rules, src/core/guidance); never renamed once released. */
  readonly code: string;
  /** What is the case, in a sentence or two, naming the resource and values involved. */
  readonly message: string;
  /** What to do about it; for `info`, what it means for the user. */
  readonly fix: string;
  /** Where the fact comes from: a public URL (Microsoft Learn, a GitHub issue) a user can open, with its section. */
  readonly source: string;
  /** The ARM id of the resource the finding is about, when it is about one. */
  readonly subject?: string;
}

function rank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Most serious first, then by code, then by subject: a stable order for screens, dry runs and JSON. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      a.code.localeCompare(b.code) ||
      (a.subject ?? "").localeCompare(b.subject ?? ""),
  );
}

/** True when any finding blocks: the plan must not be applied as it is. */
export function isBlocked(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "block");
}

/** The most serious severity among the findings, or undefined when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | undefined {
  return SEVERITIES.find((severity) => findings.some((f) => f.severity === severity));
}
