import { describe, expect, it } from "vitest";
import { bigTenant } from "../../src/sandbox/big-tenant.js";
import { parseSandboxState } from "../../src/sandbox/state.js";

describe("the generated big tenant (vaultlink sandbox --big-tenant)", () => {
  it("has 500 subscriptions, 5,000 vaults and 60,000 subnets, the same every time, as a valid state file", () => {
    const tenant = bigTenant();
    const ofType = (type: string) => tenant.resources.filter((r) => r.type === type);
    expect(tenant.subscriptions).toHaveLength(500);
    expect(ofType("Microsoft.RecoveryServices/vaults")).toHaveLength(5000);
    const subnets = ofType("Microsoft.Network/virtualNetworks").flatMap(
      (v) => (v.properties?.subnets as unknown[] | undefined) ?? [],
    );
    expect(subnets).toHaveLength(60000);
    expect(new Set(tenant.subscriptions.map((s) => s.subscriptionId)).size).toBe(500);
    expect(JSON.stringify(bigTenant())).toBe(JSON.stringify(tenant));
    expect(() => parseSandboxState(tenant, "--big-tenant")).not.toThrow();
  });
});
