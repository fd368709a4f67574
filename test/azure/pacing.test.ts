import { afterEach, describe, expect, it } from "vitest";
import { allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import type { PacingWait } from "../../src/azure/pacing.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";

describe("pacing ARM requests by the budget ARM reports", () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it("holds reads back when a subscription's bucket is empty, so ARM never has to answer 429", async () => {
    const small = { size: 4, refillPerSecond: 40 };
    sandbox = await startSandbox({ throttling: { reads: small, writes: small, deletes: small } });
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const waits: PacingWait[] = [];
    adapter.onPacingWait((wait) => waits.push(wait));
    for (let i = 0; i < 12; i++) await allPages(adapter.listVaults(PROD));
    expect(sandbox.requestLog().filter((e) => e.status === 429)).toEqual([]);
    expect(sandbox.requestLog().filter((e) => e.status === 200).length).toBeGreaterThanOrEqual(12);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]).toMatchObject({
      budget: `subscription ${PROD}`,
      header: "x-ms-ratelimit-remaining-subscription-global-reads: 0",
    });
  });

  it("holds Resource Graph queries back until the user's quota resets", async () => {
    sandbox = await startSandbox();
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const waits: PacingWait[] = [];
    adapter.onPacingWait((wait) => waits.push(wait));
    // 15 queries a 5-second window: the 16th waits for the next window instead of meeting a 429.
    for (let i = 0; i < 16; i++) await allPages(adapter.inventory.vaults("every"));
    expect(sandbox.requestLog().filter((e) => e.status === 429)).toEqual([]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ budget: "Resource Graph", header: "x-ms-user-quota-remaining: 0" });
  });
});
