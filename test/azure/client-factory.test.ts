import { describe, expect, test } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { cloudFor } from "../../src/core/clouds.js";
import { UserError } from "../../src/core/user-error.js";

describe("createAzureAdapter", () => {
  test("refuses a sandbox that is not on a loopback address, before any request is sent", async () => {
    const attempt = createAzureAdapter({ kind: "sandbox", url: new URL("http://10.1.2.3:8443") });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/not a loopback address/);
  });

  test("asks the credential for the chosen cloud's ARM scope, not the public cloud's", async () => {
    const askedScopes: string[][] = [];
    const refusal = new Error("no token in this test");
    const adapter = await createAzureAdapter({
      kind: "cloud",
      cloud: cloudFor("AzureUSGovernment"),
      credential: {
        getToken: async (scopes) => {
          askedScopes.push(typeof scopes === "string" ? [scopes] : scopes);
          throw refusal;
        },
      },
    });
    const subscriptionId = "00000000-0000-0000-0000-000000000001";
    const vaultId = `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v`;

    await expect(adapter.getVault(vaultId)).rejects.toBe(refusal);
    await expect(adapter.countProtectedItems(vaultId)).rejects.toBe(refusal);

    expect(askedScopes).toEqual([
      ["https://management.usgovcloudapi.net/.default"],
      ["https://management.usgovcloudapi.net/.default"],
    ]);
  });
});
