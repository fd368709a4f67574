import { describe, expect, it } from "vitest";
import { checkCustomerManagedKey } from "../../../src/core/rules/customer-managed-key.js";
import { known, unknown } from "../../../src/core/rules/observed.js";
import { vault } from "./tenant.js";

const cmkVault = vault({
  encryption: {
    kind: "customerManaged",
    keyUri: "https://kv-backup.vault.azure.net/keys/rsv-key",
    keyIdentity: { kind: "systemAssigned" },
  },
});

describe("checkCustomerManagedKey", () => {
  it("has nothing to say about platform-managed keys", () => {
    expect(checkCustomerManagedKey({ vault: vault(), keyVaultNetwork: known("restricted") })).toEqual([]);
  });

  it("has nothing to say about a key vault open to all networks", () => {
    expect(checkCustomerManagedKey({ vault: cmkVault, keyVaultNetwork: known("allNetworks") })).toEqual([]);
  });

  it("warns about a network-restricted key vault, quoting both Microsoft statements", () => {
    const [finding] = checkCustomerManagedKey({ vault: cmkVault, keyVaultNetwork: known("restricted") });
    expect(finding).toMatchObject({ severity: "warn", code: "cmk-network-restricted-key-vault" });
    expect(finding?.message).toContain("aren't supported");
    expect(finding?.message).toContain("later versions of the page drop that line");
    expect(finding?.source).toContain(
      "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept",
    );
    expect(finding?.source).toContain("https://learn.microsoft.com/azure/backup/encryption-at-rest-with-cmk");
  });

  it("warns when the key vault's network rules could not be read, and says so", () => {
    const [finding] = checkCustomerManagedKey({
      vault: cmkVault,
      keyVaultNetwork: unknown("the key vault is in a subscription you cannot read."),
    });
    expect(finding).toMatchObject({ severity: "warn", code: "cmk-key-vault-network-unknown" });
    expect(finding?.message).toContain("could not read");
    expect(finding?.message).toContain("later versions of the page drop that line");
  });
});
