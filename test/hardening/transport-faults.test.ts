import { afterEach, describe, expect, it } from "vitest";
import { allPages, createAzureAdapter } from "../../src/azure/adapter.js";
import { ExitCode, UserError } from "../../src/core/user-error.js";
import { FaultInjector, type FaultKind, type FaultSchedule } from "../../src/sandbox/faults.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";

/**
 * A schedule whose first draw is `kind` and whose next `clean` draws inject nothing: found by drawing, so the
 * test does not depend on a seed someone once looked up.
 */
function firstRequestOnly(kind: FaultKind, clean = 5): FaultSchedule {
  for (let seed = 1; seed < 10_000; seed++) {
    const schedule: FaultSchedule = { seed, rates: { [kind]: 0.5 }, retryAfterSeconds: 0 };
    const injector = new FaultInjector(schedule);
    const draws = Array.from({ length: clean + 1 }, () => injector.draw());
    if (draws[0] === kind && draws.slice(1).every((d) => d === undefined)) return schedule;
  }
  throw new Error(`no seed below 10,000 faults only the first request with ${kind}`);
}

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function adapterOn(faults: FaultSchedule) {
  sandbox = await startSandbox({ faults });
  const adapter = await createAzureAdapter(
    { kind: "sandbox", url: new URL(sandbox.url) },
    { pollIntervalMs: 5, requestTimeoutMs: 300, retryDelayMs: 5 },
  );
  return { adapter, sandbox };
}

describe("requests that get no whole answer are retried", () => {
  it("a request held past the client's timeout is given up on and sent again", async () => {
    const { adapter, sandbox } = await adapterOn(firstRequestOnly("timeout"));

    const subscriptions = await allPages(adapter.listSubscriptions());

    expect(subscriptions.length).toBeGreaterThanOrEqual(2);
    expect(sandbox.requestLog().map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/subscriptions", 0],
      ["GET", "/subscriptions", 200],
    ]);
  });

  it("an answer cut off half-way through its body is asked for again", async () => {
    const { adapter, sandbox } = await adapterOn(firstRequestOnly("drop-mid"));

    const subscriptions = await allPages(adapter.listSubscriptions());

    expect(subscriptions.length).toBeGreaterThanOrEqual(2);
    expect(sandbox.requestLog().map((e) => e.status)).toEqual([0, 200]);
  });

  it("a 429 without Retry-After is retried after a back-off", async () => {
    const { adapter, sandbox } = await adapterOn(firstRequestOnly("429-bare"));

    const subscriptions = await allPages(adapter.listSubscriptions());

    expect(subscriptions.length).toBeGreaterThanOrEqual(2);
    expect(sandbox.requestLog().map((e) => e.status)).toEqual([429, 200]);
  });
});

describe("when every retry fails too", () => {
  it("a connection that keeps dropping ends in a UserError naming the read, not an internal error", async () => {
    const { adapter, sandbox } = await adapterOn({ seed: 1, rates: { drop: 1 }, retryAfterSeconds: 0 });

    const error = await allPages(adapter.listSubscriptions()).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(UserError);
    const userError = error as UserError;
    expect(userError.message).toMatch(
      /^Could not list .*subscriptions.*: ARM could not be reached or did not answer \(ECONNRESET: /,
    );
    expect(userError.hint).toMatch(/run again/);
    expect(userError.exitCode).toBe(ExitCode.failure);
    // The first try and the SDK's three retries.
    expect(sandbox.requestLog()).toHaveLength(4);
  });

  it("a request that is never answered ends in a UserError that says so", async () => {
    const { adapter } = await adapterOn({ seed: 1, rates: { timeout: 1 }, retryAfterSeconds: 0 });

    const error = await allPages(adapter.listSubscriptions()).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      /\(ETIMEDOUT: No answer from GET \/subscriptions within 300 ms\.\)/,
    );
  });
});
