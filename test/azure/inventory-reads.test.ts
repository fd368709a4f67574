import { describe, expect, it } from "vitest";
import { type AzureAdapter, allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import type { Inventory } from "../../src/azure/inventory-reads.js";
import { readVaultEligibility } from "../../src/engine/check-vaults.js";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import { subnetRows } from "../../src/ui/steps/endpoints/subnet-rows.js";
import { useAdapterSession } from "./sandbox-session.js";

/** The lists read a page at a time (the pickers' lists). */
type Kind = Exclude<
  keyof Inventory,
  "fallbackNotice" | "policyAssignments" | "dnsResolvers" | "dnsForwardingRulesets"
>;
const KINDS: readonly Kind[] = [
  "vaults",
  "virtualNetworks",
  "privateEndpoints",
  "privateDnsZones",
  "virtualNetworkLinks",
  "networkSecurityGroups",
  "backupVaults",
];

async function everything(adapter: AzureAdapter, subscriptions: readonly string[] | "every" = "every") {
  const out: Record<string, unknown[]> = {};
  for (const kind of KINDS) {
    const pages = adapter.inventory[kind](subscriptions) as AsyncIterable<readonly { id: string }[]>;
    const items = await allPages(pages);
    out[kind] = items.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()));
  }
  return out;
}

function graphQueries(session: ReturnType<ReturnType<typeof useAdapterSession>>): number {
  return session.exchanges.filter((e) => e.path.endsWith("/providers/Microsoft.ResourceGraph/resources"))
    .length;
}

describe("the inventory through Resource Graph", () => {
  const session = useAdapterSession();

  it("reads what the ARM lists read, every kind, in one query each", async () => {
    const { sandbox, adapter } = session();
    const throughGraph = await everything(adapter);
    expect(graphQueries(session())).toBe(KINDS.length);
    const armOnly = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5, inventory: "armLists" },
    );
    const throughArm = await everything(armOnly);
    expect(throughGraph.vaults).toHaveLength(9);
    expect(throughGraph.virtualNetworks?.length).toBeGreaterThan(0);
    expect((throughGraph.backupVaults as { name: string }[] | undefined)?.map((b) => b.name)).toEqual([
      "bv-disks-weu",
    ]);
    expect(throughGraph).toEqual(throughArm);
    expect(adapter.inventory.fallbackNotice()).toBeUndefined();
  });

  it("reads only the subscriptions asked for", async () => {
    const { adapter } = session();
    const all = await allPages(adapter.inventory.vaults("every"));
    expect(await allPages(adapter.inventory.vaults([]))).toEqual([]);
    const one = all[0]?.subscriptionId as string;
    const some = await allPages(adapter.inventory.vaults([one]));
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all.length);
    expect(some.every((v) => v.subscriptionId === one)).toBe(true);
  });
});

/** What the wizard's vault step and subnet step show, from one source: each vault's badge, each subnet's row. */
async function wizardLists(adapter: AzureAdapter) {
  const subscriptions = (await allPages(adapter.listSubscriptions())).map((s) => s.subscriptionId);
  const vaults = await allPages(adapter.inventory.vaults(subscriptions));
  const badges = await Promise.all(
    vaults.map(async (vault) => {
      const { eligibility, findings } = await readVaultEligibility(adapter, vault);
      return { id: vault.id, eligibility, findings: findings.map((f) => f.code) };
    }),
  );
  const vnets = await allPages(adapter.inventory.virtualNetworks(subscriptions));
  const rows = (region: string) =>
    subnetRows(vnets, region).sort((a, b) =>
      a.subnet.id.toLowerCase().localeCompare(b.subnet.id.toLowerCase()),
    );
  return {
    badges: badges.sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase())),
    subnets: { westeurope: rows("westeurope"), northeurope: rows("northeurope"), uksouth: rows("uksouth") },
  };
}

describe("the wizard's lists through Resource Graph and through ARM lists", () => {
  const session = useAdapterSession();

  it("give the same vault badges and the same subnet rows on the demo tenant", async () => {
    const { sandbox, adapter } = session();
    const throughGraph = await wizardLists(adapter);
    const armOnly = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5, inventory: "armLists" },
    );
    const throughArm = await wizardLists(armOnly);
    // What the comparison is worth: blocked, warned and eligible vaults, and subnets that can and cannot take one.
    expect(new Set(throughGraph.badges.map((b) => b.eligibility))).toEqual(
      new Set(["eligible", "needsDecision", "blocked"]),
    );
    expect(throughGraph.subnets.westeurope.length).toBeGreaterThan(3);
    expect(throughGraph).toEqual(throughArm);
    expect(graphQueries(session())).toBe(2);
  });
});

describe("the inventory when Resource Graph is refused", () => {
  const session = useAdapterSession({
    deniedActions: [{ action: "Microsoft.ResourceGraph/*", scope: "/" }],
  });

  it("falls back to the ARM lists, says so once, and reads the same", async () => {
    const { sandbox, adapter } = session();
    const throughFallback = await everything(adapter);
    const notice = adapter.inventory.fallbackNotice();
    expect(notice).toMatch(
      /^Azure Resource Graph did not answer \(Not allowed .*\); listing through ARM instead/,
    );
    // Refused once; every later list goes straight to ARM.
    expect(graphQueries(session())).toBe(1);
    const armOnly = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5, inventory: "armLists" },
    );
    expect(throughFallback).toEqual(await everything(armOnly));
  });
  it("reads policy assignments, resolvers and rulesets through ARM's lists per subscription, after the same notice", async () => {
    const { sandbox, adapter } = session();
    const subscriptions = (await allPages(adapter.listSubscriptions())).map((s) => s.subscriptionId);
    const policy = await adapter.inventory.policyAssignments(subscriptions);
    expect(adapter.inventory.fallbackNotice()).toMatch(/^Azure Resource Graph did not answer/);
    expect([...policy.keys()]).toEqual(subscriptions.map((s) => s.toLowerCase()));
    expect([...policy.values()].every((list) => Array.isArray(list))).toBe(true);
    expect(await adapter.inventory.dnsResolvers(subscriptions)).toEqual([]);
    expect(await adapter.inventory.dnsForwardingRulesets(subscriptions)).toEqual([]);
    const lists = sandbox
      .requestLog()
      .filter((e) => /\/(policyAssignments|dnsResolvers|dnsForwardingRulesets)$/.test(e.path));
    expect(lists).toHaveLength(3 * subscriptions.length);
    expect(graphQueries(session())).toBe(1);
  });
});

/** The demo tenant with 250 more vaults in the production subscription's backup group. */
function manyVaults() {
  const tenant = demoTenant();
  const model = tenant.resources.find((r) => r.type === "Microsoft.RecoveryServices/vaults");
  if (model === undefined) throw new Error("the demo tenant has no vault");
  const group = model.id.slice(0, model.id.lastIndexOf("/"));
  const extra = Array.from({ length: 250 }, (_, i) => ({
    ...model,
    id: `${group}/rsv-extra-${String(i).padStart(3, "0")}`,
    name: `rsv-extra-${String(i).padStart(3, "0")}`,
  }));
  return { ...tenant, resources: [...tenant.resources, ...extra] };
}

describe("the inventory over more rows than a page", () => {
  const session = useAdapterSession({ state: manyVaults() });

  it("follows $skipToken: a small first page, then pages of up to 1000 rows, nothing repeated or lost", async () => {
    const { adapter } = session();
    const pages: number[] = [];
    const ids = new Set<string>();
    for await (const page of adapter.inventory.vaults("every")) {
      pages.push(page.length);
      for (const vault of page) ids.add(vault.id.toLowerCase());
    }
    expect(pages).toEqual([100, 159]);
    expect(ids.size).toBe(259);
    expect(graphQueries(session())).toBe(2);
  });
});
