import { parseResourceId, sameResourceId } from "../arm-id.js";
import type { Finding } from "../findings.js";
import type { PolicyAssignment, Vault } from "../inventory.js";
import { geoCodeFor } from "../regions.js";
import { shellWord } from "../shell-quote.js";
import { Source } from "./sources.js";

/**
 * The built-in policy "[Preview]: Configure Recovery Services vaults to use private DNS zones for backup"
 * (AzBackupRSVault_PeDnsConfigDeploy.json in github.com/Azure/azure-policy, Backup). DeployIfNotExists on private
 * endpoints that have a connection to a Recovery Services vault with group id `AzureBackup` (only that one: not
 * `AzureBackup_secondary`); it adds the zone group `deployedByPolicy` with the three zones its assignment names in
 * `privateDnsZone-Backup`, `-Blob` and `-Queue`. The backup zone is one region's (`privatelink.<geo>.backup…`), so
 * one assignment serves the endpoints of one vault region.
 */
export const BACKUP_DNS_POLICY_DEFINITION_ID =
  "/providers/Microsoft.Authorization/policyDefinitions/af783da1-4ad1-42be-800d-d19c70038820";
export const BACKUP_DNS_POLICY_NAME =
  "Configure Recovery Services vaults to use private DNS zones for backup";

/** A planned endpoint, as the policy sees it. */
export interface PolicyEndpoint {
  readonly name: string;
  /** The endpoint's id (its scope decides which assignments apply). */
  readonly id: string;
  readonly groupId: "AzureBackup" | "AzureBackup_secondary";
  /** Its zones: the backup zone, blob and queue, by name. */
  readonly zoneNames: readonly string[];
}

export type PolicyCoverage =
  | { readonly kind: "covered"; readonly assignment: PolicyAssignment }
  | { readonly kind: "notCovered"; readonly reason: string; readonly assignment?: PolicyAssignment };

/** `scope` holds `id` (a management group holds every subscription listed under it: ARM lists only those). */
function within(id: string, scope: string): boolean {
  if (scope.toLowerCase().startsWith("/providers/microsoft.management/managementgroups/")) return true;
  const s = scope.replace(/\/+$/, "").toLowerCase();
  const lower = id.toLowerCase();
  return lower === s || lower.startsWith(`${s}/`);
}

function zoneNameOf(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return parseResourceId(value).name.toLowerCase();
}

const PARAMETERS: readonly {
  readonly name: string;
  readonly zone: (zones: readonly string[]) => string | undefined;
}[] = [
  { name: "privateDnsZone-Backup", zone: (z) => z.find((n) => n.includes(".backup.")) },
  { name: "privateDnsZone-Blob", zone: (z) => z.find((n) => n.startsWith("privatelink.blob.")) },
  { name: "privateDnsZone-Queue", zone: (z) => z.find((n) => n.startsWith("privatelink.queue.")) },
];

/** The assignments of the built-in policy among those read. */
export function backupDnsPolicyAssignments(assignments: readonly PolicyAssignment[]): PolicyAssignment[] {
  return assignments.filter((a) => sameResourceId(a.policyDefinitionId, BACKUP_DNS_POLICY_DEFINITION_ID));
}

/** Whether an assignment of the built-in policy will give this endpoint a zone group with the right zones. */
export function policyCoverage(
  endpoint: PolicyEndpoint,
  assignments: readonly PolicyAssignment[],
): PolicyCoverage {
  if (endpoint.groupId !== "AzureBackup")
    return {
      kind: "notCovered",
      reason: `${endpoint.name} is a secondary endpoint (group id AzureBackup_secondary); the built-in policy matches group id AzureBackup only`,
    };
  const applying = backupDnsPolicyAssignments(assignments).filter(
    (a) => within(endpoint.id, a.scope) && !a.notScopes.some((n) => within(endpoint.id, n)),
  );
  if (applying.length === 0)
    return {
      kind: "notCovered",
      reason: `no assignment of the built-in policy "${BACKUP_DNS_POLICY_NAME}" applies to ${endpoint.name}'s resource group or subscription`,
    };
  const problems = applying.map((assignment) => {
    if (assignment.enforcementMode === "DoNotEnforce")
      return { assignment, problem: `assignment ${assignment.name} has enforcementMode DoNotEnforce` };
    if (assignment.parameters.effect === "Disabled")
      return { assignment, problem: `assignment ${assignment.name} has effect Disabled` };
    for (const p of PARAMETERS) {
      const wanted = p.zone(endpoint.zoneNames);
      const named = zoneNameOf(assignment.parameters[p.name]);
      if (wanted !== undefined && named !== wanted)
        return {
          assignment,
          problem: `assignment ${assignment.name} names ${named ?? "no zone"} in ${p.name}, but ${endpoint.name}'s names live in ${wanted}${p.name === "privateDnsZone-Backup" ? " (an assignment serves one region's backup zone)" : ""}`,
        };
    }
    return { assignment, problem: undefined };
  });
  const good = problems.find((p) => p.problem === undefined);
  if (good !== undefined) return { kind: "covered", assignment: good.assignment };
  const first = problems[0] as { assignment: PolicyAssignment; problem: string };
  return { kind: "notCovered", reason: first.problem, assignment: first.assignment };
}

function subscriptionScope(id: string): string {
  const parsed = parseResourceId(id);
  return `/subscriptions/${parsed.kind === "subscription" ? parsed.subscriptionId : parsed.subscriptionId}`;
}

/** `az policy assignment create` for the endpoint's subscription, with the zones it needs. */
export function assignmentHint(
  endpoint: PolicyEndpoint,
  zoneResourceGroupId: string,
  location: string,
): string {
  const parameters = Object.fromEntries(
    PARAMETERS.map((p) => [
      p.name,
      {
        value: `${zoneResourceGroupId}/providers/Microsoft.Network/privateDnsZones/${p.zone(endpoint.zoneNames) ?? ""}`,
      },
    ]),
  );
  const backupZone = PARAMETERS[0]?.zone(endpoint.zoneNames) ?? "";
  const geo = backupZone.split(".")[1] ?? "region";
  return [
    "az policy assignment create",
    `--name ${shellWord(`backup-dns-zones-${geo}`)}`,
    `--policy ${BACKUP_DNS_POLICY_DEFINITION_ID.split("/").at(-1)}`,
    `--scope ${shellWord(subscriptionScope(endpoint.id))}`,
    `--params ${shellWord(JSON.stringify(parameters))}`,
    `--mi-system-assigned --location ${shellWord(location)}`,
  ].join(" ");
}

export interface PolicyCoverageFacts {
  readonly endpoints: readonly PolicyEndpoint[];
  /** The assignments read in the endpoints' subscriptions; undefined when they could not be read. */
  readonly assignments: readonly PolicyAssignment[] | undefined;
  readonly zoneGroups: "create" | "policyManaged" | "notUsed";
  /** Where the plan's zones are (for the assignment hint). */
  readonly zoneResourceGroupId: string | undefined;
  readonly vaultLocation: string;
}

/**
 * For a plan that leaves zone groups to Azure Policy: which primary endpoints the built-in policy will not give a
 * zone group (no assignment over them, one switched off, or one naming another region's zones), with an assignment
 * hint and the zone-group action. Secondary endpoints are vaultlink's own (secondary-zone-group-not-policy-managed).
 */
export function checkPolicyCoverage(facts: PolicyCoverageFacts): Finding[] {
  if (facts.zoneGroups !== "policyManaged") return [];
  const primaries = facts.endpoints.filter((e) => e.groupId === "AzureBackup");
  if (primaries.length === 0) return [];
  const source = `${Source.backupDnsPolicy}; ${Source.landingZonePolicy}`;
  if (facts.assignments === undefined)
    return [
      {
        severity: "warn",
        code: "backup-dns-policy-unknown",
        message: `The plan leaves the primary endpoints' zone groups to Azure Policy, but vaultlink could not read the policy assignments of their subscriptions, so it cannot tell whether "${BACKUP_DNS_POLICY_NAME}" covers ${primaries.map((e) => e.name).join(", ")}.`,
        fix: "Ask for Reader (Microsoft.Authorization/policyAssignments/read) on the subscriptions, or let vaultlink add the zone groups (zoneGroups: create).",
        source,
      },
    ];
  const findings: Finding[] = [];
  const covered: { endpoint: PolicyEndpoint; assignment: PolicyAssignment }[] = [];
  for (const endpoint of primaries) {
    const coverage = policyCoverage(endpoint, facts.assignments);
    if (coverage.kind === "covered") {
      covered.push({ endpoint, assignment: coverage.assignment });
      continue;
    }
    const hint =
      facts.zoneResourceGroupId === undefined
        ? ""
        : ` To assign it: ${assignmentHint(endpoint, facts.zoneResourceGroupId, facts.vaultLocation)}.`;
    findings.push({
      severity: "warn",
      code: "policy-does-not-cover-endpoint",
      message: `Azure Policy will not add ${endpoint.name}'s private DNS zone group: ${coverage.reason}. Its records would not be written.`,
      fix: `Let vaultlink add this endpoint's zone group (set dns.zoneGroups to create, or choose "vaultlink adds them" in the wizard's DNS step), or assign the built-in policy ${BACKUP_DNS_POLICY_DEFINITION_ID.split("/").at(-1)} with this region's zones over the endpoint.${hint}`,
      source,
      subject: endpoint.id,
    });
  }
  if (covered.length > 0)
    findings.push({
      severity: "info",
      code: "policy-covers-endpoint",
      message: `Azure Policy adds the zone groups of ${covered.map((c) => `${c.endpoint.name} (assignment ${c.assignment.displayName ?? c.assignment.name})`).join(", ")}.`,
      fix: "Nothing to do: the policy's DeployIfNotExists adds the zone group some minutes after the endpoint is created; `vaultlink verify PLAN` shows when the records are there.",
      source,
    });
  return findings;
}

/** The geo label of a backup zone id or name: `privatelink.we.backup.windowsazure.com` -> `we`. */
function backupGeoOf(value: unknown): string | undefined {
  const name = zoneNameOf(value);
  return name === undefined ? undefined : /^privatelink\.([a-z0-9]+)\.backup\./.exec(name)?.[1];
}

/**
 * `vaultlink check`, before anyone plans: the built-in policy's assignments in the vault's subscription, whether
 * they name the vault region's backup zone, and that a secondary endpoint is never theirs. Info only: the plan's dry
 * run then names each endpoint the policy will not cover.
 */
export function checkVaultPolicyCoverage(
  vault: Pick<Vault, "id" | "name" | "location" | "crossRegionRestore">,
  assignments: readonly PolicyAssignment[],
): Finding[] {
  const ofPolicy = backupDnsPolicyAssignments(assignments).filter(
    (a) => a.enforcementMode !== "DoNotEnforce",
  );
  if (ofPolicy.length === 0) return [];
  let geo: string | undefined;
  try {
    geo = geoCodeFor(vault.location);
  } catch {
    geo = undefined;
  }
  const described = ofPolicy.map(
    (a) =>
      `${a.name} (at ${a.scope}, backup zone ${zoneNameOf(a.parameters["privateDnsZone-Backup"]) ?? "not set"})`,
  );
  const matching = ofPolicy.filter(
    (a) => geo !== undefined && backupGeoOf(a.parameters["privateDnsZone-Backup"]) === geo,
  );
  const primaries =
    matching.length > 0
      ? `It adds the zone groups of ${vault.name}'s AzureBackup endpoints created within ${matching.map((a) => a.scope).join(", ")}`
      : `None names ${vault.name}'s backup zone (privatelink.${geo ?? "<geo>"}.backup…): an assignment serves one region, so ${vault.name}'s endpoints would get another region's zone or none`;
  return [
    {
      severity: "info",
      code: "backup-dns-policy-assigned",
      message: `The built-in policy "${BACKUP_DNS_POLICY_NAME}" is assigned here: ${described.join("; ")}. ${primaries}${vault.crossRegionRestore ? `; it never adds the zone group of ${vault.name}'s secondary endpoint (group id AzureBackup_secondary), which cross-region restore needs` : ""}.`,
      fix: "Plan with zone groups by Azure Policy (zoneGroups: policyManaged): vaultlink then adds the secondary endpoints' zone groups itself, and the dry run names each endpoint the policy will not cover, with an assignment hint. Or let vaultlink add every zone group (zoneGroups: create).",
      source: `${Source.backupDnsPolicy}; ${Source.landingZonePolicy}`,
      subject: vault.id,
    },
  ];
}
