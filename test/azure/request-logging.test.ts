import { afterEach, describe, expect, test } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import type { RequestLogLevel } from "../../src/azure/request-logging.js";
import { describeArmOperation, redactUrl } from "../../src/azure/request-logging.js";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/server.js";

const SUB_CONNECTIVITY = "7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e";
const ZONE_ID = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.queue.core.windows.net`;

async function drain<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function loggedAdapter(level: RequestLogLevel, options: Omit<SandboxOptions, "port"> = {}) {
  sandbox = await startSandbox({ ...options, port: 0 });
  const lines: string[] = [];
  const adapter = await createAzureAdapter(
    { kind: "sandbox", url: new URL(sandbox.url) },
    { pollIntervalMs: 5, requestLog: { level, write: (line) => lines.push(line) } },
  );
  return { adapter, lines, sandbox };
}

describe("--debug against the sandbox", () => {
  // Seed 8 answers the very first request 429 (see test/azure/adapter-errors.test.ts), so a retry is logged too.
  const faults = { seed: 8, rates: { "429": 0.2 }, retryAfterSeconds: 0 };

  test("every request sent is a line with method, URL, status, duration and ARM's request ids; never the token", async () => {
    const { adapter, lines, sandbox: running } = await loggedAdapter("debug", { faults });

    await drain(adapter.listSubscriptions());
    await adapter.createOrUpdatePrivateDnsZone({ id: ZONE_ID });

    const requests = lines.filter((line) => /^(GET|PUT|PATCH|POST|DELETE) /.test(line));
    const sent = running.requestLog();
    expect(requests).toHaveLength(sent.length);
    expect(requests[0]).toMatch(
      new RegExp(
        `^GET ${running.url}/subscriptions\\?api-version=2022-12-01 -> 429 in \\d+ ms, x-ms-request-id [0-9a-f-]{36}, x-ms-correlation-request-id \\S+$`,
      ),
    );
    expect(requests[1]).toMatch(
      /^GET .*\/subscriptions\?api-version=2022-12-01 -> 200 in \d+ ms, x-ms-request-id /,
    );
    expect(requests.some((line) => line.startsWith(`PUT ${running.url}${ZONE_ID}?api-version=`))).toBe(true);
    // The sandbox answered 2xx, so each request carried its bearer token; none of it reached the log.
    expect(sent.filter((exchange) => exchange.status < 300).length).toBeGreaterThan(2);
    expect(lines.join("\n")).not.toContain(SANDBOX_BEARER_TOKEN);
    expect(lines.join("\n")).not.toMatch(/authorization|bearer/i);
  });
});

describe("--verbose against the sandbox", () => {
  test("one line per operation: a retried read once, a long-running write once (its polls are not operations)", async () => {
    const {
      adapter,
      lines,
      sandbox: running,
    } = await loggedAdapter("verbose", {
      faults: { seed: 8, rates: { "429": 0.2 }, retryAfterSeconds: 0 },
    });

    await drain(adapter.listSubscriptions());
    await adapter.createOrUpdatePrivateDnsZone({ id: ZONE_ID });

    expect(lines).toEqual([
      "list subscriptions",
      "create or update Microsoft.Network/privateDnsZones privatelink.queue.core.windows.net (resource group rg-private-dns)",
    ]);
    // More went over the wire than was logged: the 429, the retry and the long-running operation's polls.
    expect(running.requestLog().length).toBeGreaterThan(lines.length);
  });
});

describe("redactUrl", () => {
  test("a SAS signature and OAuth secrets in a query are replaced; ARM's own parameters stay", () => {
    expect(
      redactUrl(
        "https://management.azure.com/subscriptions/s/providers/Microsoft.Network/locations/westeurope/operations/1?api-version=2026-01-01&t=638&c=MIIH&s=abc&h=xyz&sig=c2VjcmV0&code=oauth-code",
      ),
    ).toBe(
      "https://management.azure.com/subscriptions/s/providers/Microsoft.Network/locations/westeurope/operations/1?api-version=2026-01-01&t=638&c=MIIH&s=abc&h=xyz&sig=REDACTED&code=REDACTED",
    );
    expect(redactUrl("https://user:pass@example.blob.core.windows.net/c?SIG=x")).toBe(
      "https://example.blob.core.windows.net/c?SIG=REDACTED",
    );
  });
});

describe("describeArmOperation", () => {
  test("names the verb, the resource type with its parents, the name and the resource group", () => {
    const subnet =
      "https://management.azure.com/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe?api-version=2026-01-01";
    expect(describeArmOperation("GET", subnet)).toBe(
      "read Microsoft.Network/virtualNetworks/subnets vnet-hub/snet-pe (resource group rg-net)",
    );
    expect(
      describeArmOperation(
        "GET",
        "https://management.azure.com/subscriptions/s/providers/Microsoft.RecoveryServices/vaults?api-version=2026-07-01",
      ),
    ).toBe("list Microsoft.RecoveryServices/vaults (subscription s)");
    expect(
      describeArmOperation(
        "PATCH",
        "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv",
      ),
    ).toBe("update Microsoft.RecoveryServices/vaults rsv (resource group rg)");
  });
});
