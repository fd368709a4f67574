import { afterEach, beforeEach, expect } from "vitest";
import { type AzureAdapter, createAzureAdapter } from "../../src/azure/adapter.js";
import {
  type RecordedExchange,
  type RunningSandbox,
  type SandboxOptions,
  startSandbox,
} from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations, isUnvendoredProvider } from "../support/spec-conformance.js";

export interface AdapterSession {
  readonly sandbox: RunningSandbox;
  readonly adapter: AzureAdapter;
  readonly exchanges: readonly RecordedExchange[];
}

/**
 * Gives each test a fresh sandbox on a random port (the demo tenant unless options say otherwise) and an adapter
 * on it with a few-millisecond poll interval, and fails the test if any exchange breaks the vendored specs.
 */
export function useAdapterSession(
  options: Omit<SandboxOptions, "onExchange" | "port"> = {},
): () => AdapterSession {
  let session: AdapterSession | undefined;
  beforeEach(async () => {
    const exchanges: RecordedExchange[] = [];
    const sandbox = await startSandbox({ ...options, port: 0, onExchange: (e) => exchanges.push(e) });
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    session = { sandbox, adapter, exchanges };
  });
  afterEach(async () => {
    const current = session;
    session = undefined;
    if (current === undefined) return;
    await current.sandbox.close();
    expect(current.exchanges.length).toBeGreaterThan(0);
    const checked = current.exchanges.filter((e) => !isUnvendoredProvider(e.path));
    expect(describeViolations(await checkExchanges(checked))).toBe("");
  });
  return () => {
    if (session === undefined) throw new Error("useAdapterSession: no session outside a test");
    return session;
  };
}
