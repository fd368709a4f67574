import { afterEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, SUB_PROD, VAULTS } from "./arm-requests.js";

const SLOW = { size: 3, refillPerSecond: 0.001 };

describe("the sandbox's ARM token buckets", () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it("counts a subscription's reads down in the global-reads header and answers 429 with Retry-After when empty", async () => {
    sandbox = await startSandbox({ throttling: { reads: SLOW, writes: SLOW, deletes: SLOW } });
    const list = `/subscriptions/${SUB_PROD}/providers/Microsoft.RecoveryServices/vaults`;
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await arm(sandbox, "GET", list, { apiVersion: VAULTS });
      expect(answer.status).toBe(200);
      remaining.push(answer.headers.get("x-ms-ratelimit-remaining-subscription-global-reads"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await arm(sandbox, "GET", list, { apiVersion: VAULTS });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("SubscriptionRequestsThrottled");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another subscription, and the tenant, have buckets of their own.
    const tenant = await arm(sandbox, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
    expect(tenant.status).toBe(200);
    expect(tenant.headers.get("x-ms-ratelimit-remaining-tenant-reads")).toBe("2");
  });
});
