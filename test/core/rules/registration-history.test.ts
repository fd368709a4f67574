import { describe, expect, it } from "vitest";
import type { ProtectionContainer } from "../../../src/core/inventory.js";
import { known, unknown } from "../../../src/core/rules/observed.js";
import { checkRegistrationHistory } from "../../../src/core/rules/registration-history.js";
import { codes, VAULT_ID, vault } from "./tenant.js";

const items = (count: number) => known({ vaultId: VAULT_ID, count });
const NONE = known<readonly ProtectionContainer[]>([]);
const mars = (name: string): ProtectionContainer => ({
  id: `${VAULT_ID}/backupFabrics/Azure/protectionContainers/Windows;${name}`,
  name: `Windows;${name}`,
  friendlyName: name,
  kind: "MAB",
  registrationStatus: "Registered",
});

describe("checkRegistrationHistory", () => {
  it("blocks a vault with protected items, telling the user to use a new vault", () => {
    const [finding] = checkRegistrationHistory({
      vault: vault(),
      registeredContainers: NONE,
      protectedItems: items(3),
      plannedGroupIds: ["AzureBackup"],
    });
    expect(finding).toMatchObject({ severity: "block", code: "vault-has-protected-items" });
    expect(finding?.message).toContain("protects 3 items");
    expect(finding?.fix).toContain("new Recovery Services vault");
  });

  it("says zero items is necessary, not sufficient, because ARM hides past registrations", () => {
    const findings = checkRegistrationHistory({
      vault: vault(),
      registeredContainers: NONE,
      protectedItems: items(0),
      plannedGroupIds: ["AzureBackup"],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "info", code: "registration-history-unknown" });
  });

  it("allows a secondary endpoint on a vault that already has endpoints and protected items", () => {
    const findings = checkRegistrationHistory({
      vault: vault({ privateEndpointStateForBackup: "Enabled" }),
      registeredContainers: NONE,
      protectedItems: items(5),
      plannedGroupIds: ["AzureBackup_secondary"],
    });
    expect(codes(findings)).toEqual(["protected-items-secondary-only"]);
  });

  it("still blocks a secondary-only plan when the vault never had primary endpoints", () => {
    const findings = checkRegistrationHistory({
      vault: vault(),
      registeredContainers: NONE,
      protectedItems: items(5),
      plannedGroupIds: ["AzureBackup_secondary"],
    });
    expect(codes(findings)).toEqual(["vault-has-protected-items"]);
  });

  it("warns when the count could not be read, with the reason", () => {
    const [finding] = checkRegistrationHistory({
      vault: vault(),
      registeredContainers: NONE,
      protectedItems: unknown("403 AuthorizationFailed on backupProtectedItems"),
      plannedGroupIds: [],
    });
    expect(finding).toMatchObject({ severity: "warn", code: "protected-items-unknown" });
    expect(finding?.message).toContain("403 AuthorizationFailed");
  });

  it("blocks a vault with a registered server and nothing protected, naming the server", () => {
    const [finding] = checkRegistrationHistory({
      vault: vault(),
      protectedItems: items(0),
      registeredContainers: known([mars("srv-files-01")]),
      plannedGroupIds: [],
    });
    expect(finding).toMatchObject({ severity: "block", code: "vault-has-registered-servers" });
    expect(finding?.message).toContain("MARS agent: srv-files-01");
    expect(finding?.fix).toContain("new Recovery Services vault");
  });

  it("warns when the registered servers could not be listed", () => {
    const [finding] = checkRegistrationHistory({
      vault: vault(),
      protectedItems: items(0),
      registeredContainers: unknown("403 on backupProtectionContainers"),
      plannedGroupIds: [],
    });
    expect(finding).toMatchObject({ severity: "warn", code: "registered-servers-unknown" });
  });
});
