import { type AzureAdapter, allPages } from "../azure/adapter.js";
import { sameResourceId } from "../core/arm-id.js";
import { cloudFor } from "../core/clouds.js";
import { dnsRecordSetFor } from "../core/dns/record-set.js";
import type { RecordSet } from "../core/inventory.js";
import type { Plan } from "../core/plan/plan-schema.js";
import { desiredStateOf } from "./desired-state.js";
import type { NameResolver } from "./dns-resolver.js";
import { readObservedState } from "./read-state.js";
import {
  armChecks,
  type DnsAnswer,
  resolutionChecks,
  type VerifyCheck,
  zoneRecordChecks,
} from "./verify-checks.js";

/**
 * `vaultlink verify`: what ARM says (endpoints, approvals, records, links, public access) and what DNS answers.
 * Reads only.
 */
export async function verifyPlan(
  adapter: AzureAdapter,
  plan: Plan,
  resolver: NameResolver,
): Promise<VerifyCheck[]> {
  const observed = await readObservedState(adapter, plan);
  const checks = armChecks(plan, observed);
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
  const names = expected.zones.flatMap((zone) => zone.records.map((record) => record.fqdn));
  const answers = new Map<string, DnsAnswer>(
    await Promise.all(names.map(async (fqdn) => [fqdn, await resolver.resolve(fqdn)] as const)),
  );
  return [
    ...checks,
    ...(desired.zones.length > 0 ? zoneRecordChecks(expected, zoneRecords) : []),
    ...resolutionChecks(expected, answers, resolver.server),
  ];
}
