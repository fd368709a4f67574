import { type AzureAdapter, allPages } from "../azure/adapter.js";
import { sameResourceId } from "../core/arm-id.js";
import { cloudFor } from "../core/clouds.js";
import { allRecords, dnsRecordSetFor } from "../core/dns/record-set.js";
import type { RecordSet } from "../core/inventory.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";
import { createNameResolver, type NameResolver } from "./dns-resolver.js";
import { readObservedState } from "./read-state.js";
import {
  armChecks,
  type CheckStatus,
  type DnsAnswer,
  resolutionChecks,
  type VerifyCheck,
  type VerifyScope,
  zoneRecordChecks,
} from "./verify-checks.js";
import { defaultHostsFilePath, hostsFileResolver } from "./verify-hosts-file.js";
import { missingRecordFix } from "./zone-group-gaps.js";

/**
 * `vaultlink verify`: what ARM says (endpoints, approvals, records, links, public access) and what DNS answers.
 * Reads only. Without a resolver, names are not asked (apply's private-path check when no DNS server is given).
 */
export async function verifyPlan(
  adapter: AzureAdapter,
  plan: Plan,
  resolver: NameResolver | undefined,
  scope: VerifyScope = "all",
): Promise<VerifyCheck[]> {
  const observed = await readObservedState(adapter, plan);
  const checks = armChecks(plan, observed, scope);
  const provisioned = observed.privateEndpoints.filter((e) => e.customDnsConfigs.length > 0);
  if (provisioned.length === 0) return checks;
  const expected = dnsRecordSetFor(plan.vault.id, cloudFor(plan.cloud), provisioned);

  const desired = desiredStateOf(plan);
  const existingZones = desired.zones.filter((zone) =>
    observed.zones.some((z) => sameResourceId(z.id, zone.id)),
  );
  const zoneRecords = new Map<string, readonly RecordSet[]>(
    await Promise.all(
      existingZones.map(
        async (zone) => [zone.name, await allPages(adapter.listRecordSets(zone.id))] as const,
      ),
    ),
  );
  const records =
    desired.zones.length > 0 ? zoneRecordChecks(expected, zoneRecords, missingRecordFix(plan, observed)) : [];
  if (resolver === undefined) return [...checks, ...records];
  const names = [...new Set(allRecords(expected).flatMap((record) => record.clientNames))];
  const answers = new Map<string, DnsAnswer>(
    await Promise.all(names.map(async (fqdn) => [fqdn, await resolver.resolve(fqdn)] as const)),
  );
  return [...checks, ...records, ...resolutionChecks(expected, answers, resolver.server)];
}

/**
 * Whether clients would still reach the vault once public access is denied, as far as vaultlink can see: every
 * planned endpoint Approved, provisioned and with its names; zones linked; the zone groups' records present; and,
 * given a DNS server (`apply --dns-server`), the names clients ask resolve privately through it. Undefined when
 * all of that holds; otherwise what it still waits for, in a few words. The same checks as `vaultlink verify`.
 */
export async function privatePathWaitsFor(
  adapter: AzureAdapter,
  plan: Plan,
  dnsServer: string | undefined,
): Promise<string | undefined> {
  const resolver = dnsServer === undefined ? undefined : createNameResolver(dnsServer);
  const checks = await verifyPlan(adapter, plan, resolver, "privatePath");
  const arm = checks.filter((check) => check.status !== "pass" && check.source === "arm");
  const dns = checks.filter((check) => check.status !== "pass" && check.source === "dns");
  if (arm.length === 0 && dns.length === 0) return undefined;
  const parts = arm.slice(0, 2).map((check) => `${check.title} (now: ${check.detail})`);
  if (arm.length > 2) parts.push(`${arm.length - 2} more ARM check${arm.length === 3 ? "" : "s"}`);
  const [first] = dns;
  if (first !== undefined)
    parts.push(
      `${dns.length} name${dns.length === 1 ? "" : "s"} to resolve privately via ${resolver?.server} (${first.name}: ${first.answer})`,
    );
  return `waiting for ${parts.join("; ")}`;
}

/** Where names are resolved from, as the workloads resolve them. */
export interface ResolutionView {
  /** `IP[:PORT]` of the DNS server the workloads use; undefined: the system's DNS servers. */
  readonly dnsServer?: string | undefined;
  /** The hosts file to read first; a hosts-file plan reads its platform's hosts file when none is given. */
  readonly hostsFile?: string | undefined;
}

/**
 * The resolver clients of this plan use: for a hosts-file plan (or when a hosts file is named) the hosts file, then
 * DNS, as the machine itself resolves; otherwise the DNS server alone.
 */
export function resolverForPlan(plan: Plan, view: ResolutionView): NameResolver {
  const dns = createNameResolver(view.dnsServer);
  if (plan.dns.strategy !== "hostsFile" && view.hostsFile === undefined) return dns;
  const platform = plan.dns.strategy === "hostsFile" ? plan.dns.platform : "linux";
  return hostsFileResolver(view.hostsFile ?? defaultHostsFilePath(platform), platform, dns);
}

export type Verdict = "pass" | "fail" | "unknown";

/** The outcome of a verification, as `vaultlink verify` prints it and the wizard's last step shows it. */
export interface Verification {
  /** What answered DNS: `127.0.0.1:5353`, `the hosts file /etc/hosts, then …`. */
  readonly resolvedVia: string;
  /** `pass` only when every check passed; `fail` when one failed; `unknown` when some could not be checked. */
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<CheckStatus, number>>;
  readonly checks: readonly VerifyCheck[];
  /** When names do not resolve privately and DNS is the person's to set up: what to run next. */
  readonly nextStep?: string;
}

function nextStepFor(plan: Plan, planPath: string, checks: readonly VerifyCheck[]): string | undefined {
  const dns = checks.filter((c) => c.source === "dns" && c.status !== "pass");
  if (dns.length === 0) return undefined;
  const names = `${dns.length} name${dns.length === 1 ? " does" : "s do"} not resolve privately yet`;
  switch (plan.dns.strategy) {
    case "hostsFile":
      return `${names}: write them with \`vaultlink dns ${planPath} --format hosts --write PATH\` on each machine, then run \`vaultlink verify ${planPath}\` there.`;
    case "customDns":
      return `${names}: add the records to your DNS (\`vaultlink dns ${planPath} --format ${plan.dns.serverKind === "other" ? "hosts" : plan.dns.serverKind}\`), then run \`vaultlink verify ${planPath} --dns-server IP\`.`;
    default:
      return `${names}: run \`vaultlink verify ${planPath} --dns-server IP\` with the DNS server your workloads use, inside the network.`;
  }
}

/**
 * `vaultlink verify` and the wizard's verification: one function, one verdict for every DNS strategy. Reads only.
 */
export async function verifyPlanAt(
  adapter: AzureAdapter,
  plan: Plan,
  planPath: string,
  view: ResolutionView,
): Promise<Verification> {
  const resolver = resolverForPlan(plan, view);
  const checks = await verifyPlan(adapter, plan, resolver);
  const count = (status: CheckStatus) => checks.filter((c) => c.status === status).length;
  const counts = { pass: count("pass"), fail: count("fail"), unknown: count("unknown") };
  const verdict: Verdict = counts.fail > 0 ? "fail" : counts.unknown > 0 ? "unknown" : "pass";
  const nextStep = nextStepFor(plan, planPath, checks);
  return {
    resolvedVia: resolver.server,
    verdict,
    counts,
    checks,
    ...(nextStep === undefined ? {} : { nextStep }),
  };
}
