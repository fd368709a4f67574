import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import {
  arm,
  BACKUP,
  NETWORK,
  PRIVATE_DNS,
  PROD_SPOKE,
  SUB_CONNECTIVITY,
  SUB_PROD,
  VAULTS,
  VAULTS_RG,
} from "./arm-requests.js";

const SUB_DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";
const FILES_VAULT = `/subscriptions/${SUB_DEV}/resourceGroups/rg-dev-uks/providers/Microsoft.RecoveryServices/vaults/rsv-files-uks`;
const KEY_VAULT = `/subscriptions/${SUB_PROD}/resourceGroups/rg-security-weu/providers/Microsoft.KeyVault/vaults/kv-backup-cmk-weu`;
const RESOURCES = "2024-03-01";

describe("the operations clients use around backup private endpoints", () => {
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ onExchange: (e) => exchanges.push(e) });
  });
  afterEach(async () => {
    await sandbox.close();
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });

  it("shows a vault with a registered server and nothing protected through its containers and usage summaries", async () => {
    const items = await arm(sandbox, "GET", `${FILES_VAULT}/backupProtectedItems`, { apiVersion: BACKUP });
    expect(items.body.value).toEqual([]);
    const containers = await arm(
      sandbox,
      "GET",
      `${FILES_VAULT}/backupProtectionContainers?$filter=${encodeURIComponent("backupManagementType eq 'MAB'")}`,
      { apiVersion: BACKUP },
    );
    expect(containers.body.value).toHaveLength(1);
    expect(containers.body.value[0].properties).toMatchObject({
      backupManagementType: "MAB",
      registrationStatus: "Registered",
      protectedItemCount: 0,
    });
    const summary = async (type: string) => {
      const answer = await arm(
        sandbox,
        "GET",
        `${FILES_VAULT}/backupUsageSummaries?$filter=${encodeURIComponent(`type eq '${type}'`)}`,
        { apiVersion: BACKUP },
      );
      return Object.fromEntries(
        answer.body.value.map((u: { name: { value: string }; currentValue: number }) => [
          u.name.value,
          u.currentValue,
        ]),
      );
    };
    expect(await summary("BackupProtectionContainerCountSummary")).toMatchObject({
      MAB: 1,
      AzureWorkload: 0,
    });
    expect(await summary("BackupProtectedItemCountSummary")).toMatchObject({ MAB: 0, AzureWorkload: 0 });
    const sql = await arm(
      sandbox,
      "GET",
      `${VAULTS_RG}/rsv-sql-weu/backupUsageSummaries?$filter=${encodeURIComponent("type eq 'BackupProtectedItemCountSummary'")}`,
      { apiVersion: BACKUP },
    );
    expect(
      sql.body.value.find((u: { name: { value: string } }) => u.name.value === "AzureWorkload").currentValue,
    ).toBe(2);
  });

  it("answers a provider's registration state, and registering one makes it Registered", async () => {
    const provider = `/subscriptions/${SUB_PROD}/providers/Microsoft.RecoveryServices`;
    const shown = await arm(sandbox, "GET", provider, { apiVersion: RESOURCES });
    expect(shown.body).toMatchObject({
      namespace: "Microsoft.RecoveryServices",
      registrationState: "Registered",
    });
    const other = `/subscriptions/${SUB_PROD}/providers/Microsoft.Compute`;
    expect((await arm(sandbox, "GET", other, { apiVersion: RESOURCES })).body.registrationState).toBe(
      "NotRegistered",
    );
    const registered = await arm(sandbox, "POST", `${other}/register`, { apiVersion: RESOURCES });
    expect(registered.body.registrationState).toBe("Registered");
  });

  it("reads the CMK key vault with its network rules and private endpoint connections", async () => {
    const kv = await arm(sandbox, "GET", KEY_VAULT, { apiVersion: "2026-02-01" });
    expect(kv.status).toBe(200);
    expect(kv.body.properties).toMatchObject({
      publicNetworkAccess: "Disabled",
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      privateEndpointConnections: [],
    });
  });

  it("reads one private link resource of a vault by name, as the list shows it, and 404s an unknown one", async () => {
    const list = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu/privateLinkResources`, {
      apiVersion: VAULTS,
    });
    const listed = list.body.value.find((r: { name: string }) => r.name === "AzureBackup");
    // Names are matched without regard to case, as ARM matches ids.
    const one = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu/privateLinkResources/azurebackup`, {
      apiVersion: VAULTS,
    });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(listed);
    expect(one.body.properties.requiredZoneNames).toContain("privatelink.we.backup.windowsazure.com");
    const secondary = await arm(
      sandbox,
      "GET",
      `${VAULTS_RG}/rsv-prod-weu/privateLinkResources/AzureBackup_secondary`,
      { apiVersion: VAULTS },
    );
    expect(secondary.body.properties.requiredZoneNames).toContain("privatelink.ne.backup.windowsazure.com");
    const unknown = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-prod-weu/privateLinkResources/vault`, {
      apiVersion: VAULTS,
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "ResourceNotFound"]);
  });

  it("lists a VNet's usages per subnet: addresses in use against the usable size", async () => {
    const usages = await arm(sandbox, "GET", `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/usages`, {
      apiVersion: NETWORK,
    });
    const tiny = usages.body.value.find((u: { id: string }) => u.id.endsWith("/subnets/snet-tiny"));
    // A /28 has 16 addresses, 5 of which Azure keeps.
    expect(tiny).toMatchObject({ limit: 11, unit: "Count", name: { value: "SubnetSpace" } });
  });

  it("PATCHes tags on VNets and NSGs at once, and on private DNS zones through an operation", async () => {
    const vnet = await arm(sandbox, "PATCH", `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`, {
      apiVersion: NETWORK,
      body: { tags: { owner: "network" } },
    });
    expect([vnet.status, vnet.body.tags]).toEqual([200, { owner: "network" }]);
    const nsg = await arm(sandbox, "PATCH", `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-app-weu`, {
      apiVersion: NETWORK,
      body: { tags: { owner: "security" } },
    });
    expect([nsg.status, nsg.body.tags]).toEqual([200, { owner: "security" }]);
    const zone = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`;
    const patched = await arm(sandbox, "PATCH", zone, {
      apiVersion: PRIVATE_DNS,
      body: { tags: { owner: "dns" } },
    });
    expect(patched.status).toBe(202);
    let result = await arm(sandbox, "GET", patched.headers.get("location") ?? "");
    while (result.status === 202) result = await arm(sandbox, "GET", patched.headers.get("location") ?? "");
    expect(result.body.tags).toEqual({ owner: "dns" });
  });
});
