import { describe, expect, it } from "vitest";
import { parseFaultSchedule } from "../../src/sandbox/faults.js";
import { SandboxInputError } from "../../src/sandbox/sandbox-error.js";
import { startSandbox } from "../../src/sandbox/server.js";
import { arm } from "./arm-requests.js";

async function statuses(schedule: string, count: number): Promise<number[]> {
  const sandbox = await startSandbox({ faults: parseFaultSchedule(schedule) });
  const out: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      try {
        out.push((await arm(sandbox, "GET", "/subscriptions", { apiVersion: "2022-12-01" })).status);
      } catch {
        out.push(0); // dropped connection
      }
    }
  } finally {
    await sandbox.close();
  }
  return out;
}

describe("seeded fault injection", () => {
  it("parses --faults and refuses bad input with a SandboxInputError", () => {
    expect(parseFaultSchedule("429:0.2,503:0.1,seed=7,retry-after=2")).toEqual({
      seed: 7,
      rates: { "429": 0.2, "503": 0.1 },
      retryAfterSeconds: 2,
    });
    expect(() => parseFaultSchedule("418:0.5")).toThrow(SandboxInputError);
    expect(() => parseFaultSchedule("429:0.7,500:0.6")).toThrow(/more than 1/);
  });

  it("injects the same faults for the same seed and different ones for another", async () => {
    const first = await statuses("429:0.3,500:0.2,drop:0.1,seed=7", 30);
    const again = await statuses("429:0.3,500:0.2,drop:0.1,seed=7", 30);
    const other = await statuses("429:0.3,500:0.2,drop:0.1,seed=8", 30);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect(first).toContain(429);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it("sends Retry-After with 429 and leaves it out for 429-bare", async () => {
    const withRetry = await startSandbox({ faults: parseFaultSchedule("429:1,retry-after=3") });
    const answer = await arm(withRetry, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
    await withRetry.close();
    expect([answer.status, answer.headers.get("retry-after"), answer.body.error.code]).toEqual([
      429,
      "3",
      "SubscriptionRequestsThrottled",
    ]);
    const bare = await startSandbox({ faults: parseFaultSchedule("429-bare:1") });
    const bareAnswer = await arm(bare, "GET", "/subscriptions", { apiVersion: "2022-12-01" });
    await bare.close();
    expect([bareAnswer.status, bareAnswer.headers.get("retry-after")]).toEqual([429, null]);
  });
});
