import { RecoveryServicesClient } from "@azure/arm-recoveryservices";
import { bearerTokenAuthenticationPolicyName } from "@azure/core-rest-pipeline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAzureClients } from "../../src/azure/client-factory.js";
import type { LongRunningStatus } from "../../src/azure/long-running.js";
import { setVaultPublicNetworkAccess } from "../../src/azure/recovery-services-writes.js";
import { SANDBOX_BEARER_TOKEN } from "../../src/core/sandbox-endpoint.js";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";

const VAULT =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-lrs-weu";

/**
 * Current Recovery Services api-versions answer a vault PATCH with 200 and the vault; older ones with 202 and an
 * operation to poll. vaultlink's PATCH must come out right either way: the adapter's own clients send the current
 * version, and a real SDK client pinned to an older one stands in for the service answering asynchronously.
 */
describe("the vault PATCH, answered at once or as an operation", () => {
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ onExchange: (e) => exchanges.push(e) });
  });
  afterEach(() => sandbox.close());

  async function clients(apiVersion?: string) {
    const made = await createAzureClients(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    if (apiVersion === undefined) return made;
    const client = new RecoveryServicesClient(
      { getToken: () => Promise.reject(new Error("signed by the policy below")) },
      VAULT.split("/")[2] as string,
      { endpoint: sandbox.url, allowInsecureConnection: true, apiVersion },
    );
    client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    client.pipeline.addPolicy(
      {
        name: "sandbox-token",
        sendRequest: (request, next) => {
          request.headers.set("Authorization", `Bearer ${SANDBOX_BEARER_TOKEN}`);
          return next(request);
        },
      },
      { phase: "Sign" },
    );
    return { ...made, recoveryServices: async () => client };
  }

  it.each([
    [undefined, 200],
    ["2023-04-01", 202],
  ])("api-version %s: answered %i, and the vault ends with public access off", async (apiVersion, status) => {
    const progress: LongRunningStatus[] = [];
    const vault = await setVaultPublicNetworkAccess(await clients(apiVersion), VAULT, "Disabled", {
      onProgress: (s) => progress.push(s),
    });
    expect(exchanges.find((e) => e.method === "PATCH")?.status).toBe(status);
    expect(vault.publicNetworkAccess).toBe("Disabled");
    expect(progress.at(-1)).toBe("succeeded");
    expect(vault.id.toLowerCase()).toBe(VAULT.toLowerCase());
    expect(sandbox.snapshot().resources.find((r) => r.id === VAULT)?.properties?.publicNetworkAccess).toBe(
      "Disabled",
    );
  });
});
