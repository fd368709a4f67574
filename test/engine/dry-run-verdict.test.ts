import { describe, expect, it } from "vitest";
import { type AzureAdapter, allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import { parseResourceId } from "../../src/core/arm-id.js";
import type { Subnet, Vault, VirtualNetwork } from "../../src/core/inventory.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { applyPlan } from "../../src/engine/apply.js";
import { startSandbox } from "../../src/sandbox/server.js";
import { seededRandom } from "../hardening/plan-mutations.js";

/**
 * A dry run that shows 0 blocked is followed by an apply that succeeds: a property over seeded random plans on the
 * demo tenant (any vault, any subnets of any region, a secondary endpoint or not, every DNS strategy, Deny or keep,
 * Entra ID rules added to random NSGs). A seed that fails names itself, so it can be replayed.
 */
const SEEDS = Array.from({ length: 150 }, (_, i) => 1000 + i);

/** Azure's region pairs for the demo tenant's regions (https://learn.microsoft.com/azure/reliability/regions-paired). */
const PAIRS: Readonly<Record<string, string>> = {
  westeurope: "northeurope",
  northeurope: "westeurope",
  uksouth: "ukwest",
  ukwest: "uksouth",
};

interface Tenant {
  readonly vaults: readonly Vault[];
  readonly networks: readonly VirtualNetwork[];
  readonly subnets: readonly Subnet[];
  readonly nsgIds: readonly string[];
}

async function readTenant(adapter: AzureAdapter): Promise<Tenant> {
  const subscriptions = await allPages(adapter.listSubscriptions());
  const vaults: Vault[] = [];
  const networks: VirtualNetwork[] = [];
  for (const subscription of subscriptions) {
    vaults.push(...(await allPages(adapter.listVaults(subscription.subscriptionId))));
    networks.push(...(await allPages(adapter.listVirtualNetworks(subscription.subscriptionId))));
  }
  const subnets = networks.flatMap((n) => n.subnets);
  const nsgIds = [
    ...new Set(
      subnets.flatMap((s) => (s.networkSecurityGroupId === undefined ? [] : [s.networkSecurityGroupId])),
    ),
  ];
  return { vaults, networks, subnets, nsgIds };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function randomPlan(random: () => number, tenant: Tenant): Plan {
  const vault = pick(random, tenant.vaults);
  const regionOf = (subnet: Subnet) =>
    tenant.networks.find((n) => n.id.toLowerCase() === subnet.virtualNetworkId.toLowerCase())?.location ?? "";
  // Most plans are what a person would choose (subnets in the vault's region, a secondary elsewhere), so that many
  // pass the dry run and the property is exercised; the rest take any subnet, to reach the rules that block.
  const sensible = random() < 0.7;
  const roomy = (s: Subnet) =>
    s.delegations.length === 0 &&
    !/^(Gateway|AzureFirewall|AzureFirewallManagement|AzureBastion|RouteServer)Subnet$/i.test(s.name) &&
    s.addressPrefixes.some((p) => Number(p.split("/")[1]) <= 26);
  const inRegion = tenant.subnets.filter((s) => regionOf(s) === vault.location && roomy(s));
  const elsewhere = tenant.subnets.filter((s) => regionOf(s) === PAIRS[vault.location] && roomy(s));
  const primaries = sensible && inRegion.length > 0 ? inRegion : tenant.subnets;
  const count = 1 + Math.floor(random() * (sensible ? 2 : 3));
  const subnets = [...new Set(Array.from({ length: count }, () => pick(random, primaries)))];
  const endpoints = subnets.map((subnet, i) => ({
    name: `pe-prop-${vault.name}-${i}`,
    groupId: "AzureBackup",
    subnetId: subnet.id,
    location: regionOf(subnet),
    approval: random() < 0.8 ? "auto" : "manual",
  }));
  const secondarySubnet =
    random() < 0.35 ? pick(random, sensible && elsewhere.length > 0 ? elsewhere : tenant.subnets) : undefined;
  if (secondarySubnet !== undefined)
    endpoints.push({
      name: `pe-prop-${vault.name}-secondary`,
      groupId: "AzureBackup_secondary",
      subnetId: secondarySubnet.id,
      location: regionOf(secondarySubnet),
      approval: "auto",
    });
  const first = parseResourceId(subnets[0]?.id ?? "");
  const zoneGroup =
    first.kind === "subscription"
      ? ""
      : `/subscriptions/${first.subscriptionId}/resourceGroups/${first.resourceGroup}`;
  const dns = pick(random, [
    {
      strategy: "privateZones",
      zoneResourceGroupId: zoneGroup,
      zoneGroups: "create",
      extraLinkedVirtualNetworkIds: [],
    },
    {
      strategy: "privateZones",
      zoneResourceGroupId: zoneGroup,
      zoneGroups: random() < 0.5 ? "create" : "policyManaged",
      extraLinkedVirtualNetworkIds: [pick(random, tenant.networks).id],
    },
    { strategy: "customDns", serverKind: "windows" },
    { strategy: "hostsFile", platform: "linux" },
    {
      strategy: "conditionalForwarder",
      serverKind: "bind",
      forwardTo: ["10.0.0.4"],
      zoneResourceGroupId: zoneGroup,
    },
  ]);
  const nsg = tenant.nsgIds.length > 0 && random() < 0.5 ? pick(random, tenant.nsgIds) : undefined;
  const text = JSON.stringify({
    version: 1,
    cloud: "AzureCloud",
    vault: { id: vault.id, location: vault.location },
    endpoints,
    secondaryRegion: secondarySubnet === undefined ? null : regionOf(secondarySubnet),
    dns,
    guidance: {
      publicNetworkAccess: random() < 0.5 ? "deny" : "keep",
      entraIdOutbound:
        nsg === undefined ? { mode: "print" } : { mode: "add", networkSecurityGroupIds: [nsg] },
    },
    observed: { at: "2026-11-25T09:00:00.000Z", resources: [] },
  });
  return parsePlanText(text, "random plan");
}

describe("the dry run's verdict is the apply's outcome", () => {
  it.each(SEEDS)(
    "seed %i: a plan the dry run does not block applies without a failed write",
    async (seed) => {
      const sandbox = await startSandbox({ port: 0, seed: `property ${seed}` });
      try {
        const adapter = await createAzureAdapter(
          { kind: "sandbox", url: new URL(sandbox.url) },
          { pollIntervalMs: 2 },
        );
        const random = seededRandom(seed);
        const plan = randomPlan(random, await readTenant(adapter));
        const dryRun = await applyPlan(adapter, plan, {
          refresh: false,
          dryRun: true,
          confirm: async () => true,
        });
        const result = await applyPlan(adapter, plan, { refresh: false, confirm: async () => true });
        expect(result.kind).toEqual(
          dryRun.kind === "previewed" ? expect.stringMatching(/^(applied|unchanged)$/) : dryRun.kind,
        );
        if (result.kind === "applied") {
          const failures = result.outcome.failed.map((f) => `${f.action.description}: ${f.error.message}`);
          expect({ seed, failures }).toEqual({ seed, failures: [] });
          expect(result.outcome.skipped).toEqual([]);
        }
      } finally {
        await sandbox.close();
      }
    },
  );
});
