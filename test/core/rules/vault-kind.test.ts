import { describe, expect, it } from "vitest";
import { checkVaultKind } from "../../../src/core/rules/vault-kind.js";
import { codes, SUB, VAULT_ID } from "./tenant.js";

describe("checkVaultKind", () => {
  it("passes a Recovery Services vault", () => {
    expect(checkVaultKind(VAULT_ID)).toEqual([]);
  });

  it("blocks a Backup vault, saying only Recovery Services vaults take endpoints", () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv-prod`;
    const [finding] = checkVaultKind(id);
    expect(finding).toMatchObject({ severity: "block", code: "backup-vault-unsupported", subject: id });
    expect(finding?.message).toContain("Backup vault");
  });

  it("blocks any other resource", () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`;
    expect(codes(checkVaultKind(id))).toEqual(["not-a-vault"]);
  });
});
