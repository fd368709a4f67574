import { describe, expect, it } from "vitest";
import type { KeyVaultNetwork } from "../../../src/core/inventory.js";
import { checkCustomerManagedKey } from "../../../src/core/rules/customer-managed-key.js";
import { known, unknown } from "../../../src/core/rules/observed.js";
import { SUB, vault } from "./tenant.js";

const cmkVault = vault({
  encryption: {
    kind: "customerManaged",
    keyUri: "https://kv-backup.vault.azure.net/keys/rsv-key",
    keyIdentity: { kind: "systemAssigned" },
  },
});

function keyVault(overrides: Partial<KeyVaultNetwork> = {}) {
  return known<KeyVaultNetwork>({
    id: `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-backup`,
    name: "kv-backup",
    vaultUri: "https://kv-backup.vault.azure.net/",
    publicNetworkAccess: "Enabled",
    defaultAction: "Allow",
    approvedPrivateEndpoints: 0,
    ...overrides,
  });
}

const CONCEPT = "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept";
const PR = "https://github.com/MicrosoftDocs/azure-docs/pull/128646";

describe("checkCustomerManagedKey", () => {
  it("has nothing to say about platform-managed keys", () => {
    expect(
      checkCustomerManagedKey({ vault: vault(), keyVault: keyVault({ defaultAction: "Deny" }) }),
    ).toEqual([]);
  });

  it("has nothing to say about a key vault open to all networks", () => {
    expect(checkCustomerManagedKey({ vault: cmkVault, keyVault: keyVault() })).toEqual([]);
  });

  it("warns about a firewall-restricted key vault, quoting what the page says now and what it removed", () => {
    const [finding] = checkCustomerManagedKey({
      vault: cmkVault,
      keyVault: keyVault({ defaultAction: "Deny" }),
    });
    expect(finding).toMatchObject({ severity: "warn", code: "cmk-network-restricted-key-vault" });
    expect(finding?.message).toContain("firewall allows selected networks only");
    expect(finding?.message).toContain("aren't supported");
    expect(finding?.message).toContain("removed in July 2026");
    expect(finding?.source).toContain(CONCEPT);
    expect(finding?.source).toContain(PR);
  });

  it("counts disabled public access as restricted", () => {
    const [finding] = checkCustomerManagedKey({
      vault: cmkVault,
      keyVault: keyVault({ publicNetworkAccess: "Disabled" }),
    });
    expect(finding?.code).toBe("cmk-network-restricted-key-vault");
    expect(finding?.message).toContain("public network access disabled");
  });

  it("names the once-unsupported scenario for a key vault behind a private endpoint", () => {
    const [finding] = checkCustomerManagedKey({
      vault: cmkVault,
      keyVault: keyVault({ publicNetworkAccess: "Disabled", approvedPrivateEndpoints: 1 }),
    });
    expect(finding).toMatchObject({ severity: "warn", code: "cmk-private-endpoint-key-vault" });
    expect(finding?.message).toContain("listed as unsupported until July 2026");
    expect(finding?.source).toContain(PR);
  });

  it("warns when the key vault's network rules could not be read, and says so", () => {
    const [finding] = checkCustomerManagedKey({
      vault: cmkVault,
      keyVault: unknown("the key vault is in a subscription you cannot read."),
    });
    expect(finding).toMatchObject({ severity: "warn", code: "cmk-key-vault-network-unknown" });
    expect(finding?.message).toContain("could not read");
    expect(finding?.message).toContain("removed in July 2026");
  });
});
