import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import type { NameResolver } from "../../src/engine/dns-resolver.js";
import { verifyPlan } from "../../src/engine/verify.js";
import type { DnsAnswer } from "../../src/engine/verify-checks.js";
import { useAdapterSession } from "../azure/sandbox-session.js";
import { applyFully } from "../support/apply-fully.js";

const plan: Plan = parsePlanText(readFileSync("examples/private-zones.plan.json", "utf8"), "example");

/** A DNS server that answers from a fixed table: what a server holding exactly these records would say. */
function tableResolver(table: ReadonlyMap<string, readonly string[]>): NameResolver {
  return {
    server: "a table",
    resolve: async (fqdn): Promise<DnsAnswer> => {
      const addresses = table.get(fqdn);
      return addresses === undefined
        ? { kind: "noRecord", code: "NXDOMAIN" }
        : { kind: "addresses", addresses };
    },
  };
}

describe("verify against the sandbox", () => {
  const session = useAdapterSession();

  async function applyExample() {
    const { adapter } = session();
    await applyFully(adapter, plan);
  }

  it("fails on every endpoint before the plan is applied, saying to apply it", async () => {
    const checks = await verifyPlan(session().adapter, plan, tableResolver(new Map()));
    expect(checks.find((c) => c.title.startsWith("NSG nsg-snet-app-weu"))).toMatchObject({
      status: "fail",
      detail: "allowed only by the default rule AllowInternetOutBound",
    });
    const missing = checks.filter((c) => c.title.endsWith("exists"));
    expect(missing).toHaveLength(plan.endpoints.length);
    expect(missing.every((c) => c.status === "fail" && c.fix?.includes("vaultlink apply"))).toBe(true);
  });

  it("passes every ARM check after apply, and every name that resolves to the endpoint's addresses", async () => {
    await applyExample();
    const zoneRecords = await verifyPlan(session().adapter, plan, tableResolver(new Map()));
    const records = zoneRecords.filter((c) => c.title.startsWith("record "));
    // The NSG rule the plan adds for Microsoft Entra ID is checked too.
    expect(
      zoneRecords.find((c) => c.title.startsWith("NSG nsg-snet-app-weu allows Microsoft Entra ID")),
    ).toMatchObject({
      status: "pass",
      detail: expect.stringMatching(/^rule vaultlink-allow-AzureActiveDirectory-443-out \(priority \d+\)$/),
    });
    expect(records.length).toBeGreaterThan(0);
    expect(zoneRecords.filter((c) => !c.title.includes("resolves privately") && c.status !== "pass")).toEqual(
      [],
    );

    // A server holding exactly the zone records, under their privatelink names only, answers backup clients (who
    // ask for the privatelink name) but not storage clients, who ask for <account>.blob|queue.core.windows.net.
    const zoneTable = new Map(
      records.map((c) => [c.title.replace(/^record /, ""), c.detail.split(", ")] as const),
    );
    const privatelinkOnly = (await verifyPlan(session().adapter, plan, tableResolver(zoneTable))).filter(
      (c) => c.status !== "pass",
    );
    expect(privatelinkOnly.length).toBeGreaterThan(0);
    for (const check of privatelinkOnly) {
      expect(check.name).toMatch(/^[a-z0-9]+\.(blob|queue)\.core\.windows\.net$/);
      expect(check.fix).toContain(`answer ${check.name} ->`);
    }

    // Holding the names clients ask as well: every check passes.
    const table = new Map(zoneTable);
    for (const check of privatelinkOnly) table.set(check.name ?? "", [...(check.expected ?? [])]);
    const checks = await verifyPlan(session().adapter, plan, tableResolver(table));
    expect(checks.filter((c) => c.status !== "pass")).toEqual([]);

    // One name missing from the server: that check fails, naming the name and the record to add.
    const firstName = [...zoneTable.keys()].find((name) => name.includes(".backup."));
    if (firstName === undefined) throw new Error("no names");
    const partial = new Map(table);
    partial.delete(firstName);
    const failed = (await verifyPlan(session().adapter, plan, tableResolver(partial))).filter(
      (c) => c.status === "fail",
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]?.title).toContain(firstName);
    expect(failed[0]?.fix).toContain(`answer ${firstName} ->`);
  });
});
