import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type RecordedExchange, startSandbox } from "../../src/sandbox/server.js";
import { arm, NETWORK, PROD_SPOKE, SUB_PROD } from "./arm-requests.js";

describe("the request log", () => {
  it("writes one JSON line per request to the log file, keeps them in memory and reports each exchange", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vaultlink-log-"));
    const logFile = join(dir, "requests.jsonl");
    const exchanges: RecordedExchange[] = [];
    const sandbox = await startSandbox({ logFile, onExchange: (e) => exchanges.push(e) });
    await arm(sandbox, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
    await arm(sandbox, "GET", "/subscriptions", { apiVersion: "1999-01-01" });
    await sandbox.close();
    const lines = (await readFile(logFile, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.method, l.path, l.apiVersion, l.status])).toEqual([
      ["GET", "/subscriptions", "2022-12-01", 200],
      ["GET", "/subscriptions", "1999-01-01", 400],
    ]);
    expect(lines[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(typeof lines[0].durationMs).toBe("number");
    expect(sandbox.requestLog()).toHaveLength(2);
    expect(exchanges[0]).toMatchObject({
      method: "GET",
      path: "/subscriptions",
      query: { "api-version": "2022-12-01" },
      status: 200,
    });
    expect(exchanges[1]?.responseBody).toMatchObject({ error: { code: "InvalidApiVersionParameter" } });
  });

  it("says per subscription how many requests were being served when each arrived", async () => {
    // Reads wait 200 ms inside the sandbox, so three sent together are all in flight at once.
    const sandbox = await startSandbox({ latency: { read: 200, write: 0, lro: 0 } });
    try {
      const vnet = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`;
      await Promise.all([1, 2, 3].map(() => arm(sandbox, "GET", vnet, { apiVersion: NETWORK })));
      await arm(sandbox, "GET", vnet, { apiVersion: NETWORK });
      await arm(sandbox, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
      const log = sandbox.requestLog();
      expect(log.map((e) => e.subscriptionId)).toEqual([SUB_PROD, SUB_PROD, SUB_PROD, SUB_PROD, null]);
      expect(
        log
          .slice(0, 3)
          .map((e) => e.inFlight)
          .sort(),
      ).toEqual([1, 2, 3]);
      expect(log.slice(3).map((e) => e.inFlight)).toEqual([1, 1]);
    } finally {
      await sandbox.close();
    }
  });
});
