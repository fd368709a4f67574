import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { arm, SUB_PROD, VAULTS, VAULTS_RG } from "./arm-requests.js";

/** An api-version before the service answered vault PATCHes synchronously (not vendored: not spec-checked). */
const OLD_VAULTS = "2023-04-01";

async function untilDone(sandbox: RunningSandbox, url: string) {
  let answer = await arm(sandbox, "GET", url);
  while (answer.status === 202) answer = await arm(sandbox, "GET", url);
  return answer;
}

describe("Recovery Services vaults in the sandbox", () => {
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ onExchange: (e) => exchanges.push(e) });
  });
  afterEach(async () => {
    await sandbox.close();
    const checked = exchanges.filter((e) => e.query["api-version"] !== OLD_VAULTS);
    expect(describeViolations(await checkExchanges(checked))).toBe("");
  });

  it("answers a PATCH at the current api-version with 200 and the updated vault", async () => {
    const patch = await arm(sandbox, "PATCH", `${VAULTS_RG}/rsv-lrs-weu`, {
      apiVersion: VAULTS,
      body: { properties: { publicNetworkAccess: "Disabled" } },
    });
    expect(patch.status).toBe(200);
    expect(patch.headers.get("azure-asyncoperation")).toBeNull();
    expect(patch.body.properties.publicNetworkAccess).toBe("Disabled");
    expect(patch.body.etag).toMatch(/^W\/"datetime'.+'"$/);
  });

  it("answers a PATCH at an older api-version with 202 and an operation that applies it", async () => {
    const patch = await arm(sandbox, "PATCH", `${VAULTS_RG}/rsv-lrs-weu`, {
      apiVersion: OLD_VAULTS,
      body: { properties: { publicNetworkAccess: "Disabled" } },
    });
    expect(patch.status).toBe(202);
    const done = await untilDone(sandbox, patch.headers.get("location") ?? "");
    expect(done.body.properties.publicNetworkAccess).toBe("Disabled");
  });

  it("creates a vault (201, then its Location), lists it in its group, and deletes it on request", async () => {
    const id = `${VAULTS_RG}/rsv-new-weu`;
    const put = await arm(sandbox, "PUT", id, {
      apiVersion: VAULTS,
      body: {
        location: "westeurope",
        sku: { name: "RS0", tier: "Standard" },
        properties: { publicNetworkAccess: "Enabled" },
      },
    });
    expect(put.status).toBe(201);
    const created = await untilDone(sandbox, put.headers.get("location") ?? "");
    expect(created.body).toMatchObject({
      name: "rsv-new-weu",
      properties: { provisioningState: "Succeeded" },
    });
    const list = await arm(
      sandbox,
      "GET",
      `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults`,
      { apiVersion: VAULTS },
    );
    expect(list.body.value.map((v: { name: string }) => v.name)).toContain("rsv-new-weu");
    const deleted = await arm(sandbox, "DELETE", id, { apiVersion: VAULTS });
    expect(deleted.status).toBe(202);
    await untilDone(sandbox, deleted.headers.get("location") ?? "");
    expect((await arm(sandbox, "GET", id, { apiVersion: VAULTS })).status).toBe(404);
    expect((await arm(sandbox, "DELETE", id, { apiVersion: VAULTS })).status).toBe(204);
  });

  it("refuses to delete a vault that still holds backup items", async () => {
    const refused = await arm(sandbox, "DELETE", `${VAULTS_RG}/rsv-sql-weu`, { apiVersion: VAULTS });
    expect([refused.status, refused.body.error.code]).toEqual([400, "ServiceResourceNotEmpty"]);
  });
});
