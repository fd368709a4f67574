import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, NETWORK, PROD_SPOKE, SUB_PROD, VAULTS, VAULTS_RG } from "./arm-requests.js";

describe("the sandbox speaks ARM's protocol", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ pageSize: 2 });
  });
  afterAll(() => sandbox.close());

  it("accepts any bearer token, and answers ARM's 401 with its challenge to none or another scheme", async () => {
    for (const token of ["x", "eyJ0eXAiOiJKV1QifQ.e30.c2lnbmF0dXJl"]) {
      const bearer = await arm(sandbox, "GET", "/subscriptions", {
        apiVersion: "2022-12-01",
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(bearer.status).toBe(200);
    }
    const none = await fetch(`${sandbox.url}/subscriptions?api-version=2022-12-01`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: {
        code: "AuthenticationFailed",
        message: "Authentication failed. The 'Authorization' header is missing.",
      },
    });
    expect(none.headers.get("www-authenticate")).toBe(
      `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    );
    for (const header of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer  ", "token"]) {
      const refused = await arm(sandbox, "GET", "/subscriptions", {
        apiVersion: "2022-12-01",
        headers: { Authorization: header },
      });
      expect([header, refused.status, refused.body.error.code]).toEqual([
        header,
        401,
        "AuthenticationFailed",
      ]);
      expect(refused.body.error.message).toBe(
        "Authentication failed. The 'Authorization' header is provided in an invalid format.",
      );
      expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("requires api-version, accepts older published ones and refuses unknown ones in ARM's shape", async () => {
    const vnet = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`;
    expect((await arm(sandbox, "GET", vnet)).body.error.code).toBe("MissingApiVersionParameter");
    expect((await arm(sandbox, "GET", vnet, { apiVersion: NETWORK })).status).toBe(200);
    expect((await arm(sandbox, "GET", vnet, { apiVersion: "2020-11-01" })).status).toBe(200);
    const unknown = await arm(sandbox, "GET", vnet, { apiVersion: "2099-01-01" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("InvalidApiVersionParameter");
    expect(unknown.body.error.message).toContain(
      "The api-version '2099-01-01' is invalid. The supported versions are '2026-01-01,",
    );
    // The backup RP's resource types have their own list: network 2024-05-01 is not one of them.
    const backup = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-sql-weu/backupProtectedItems`, {
      apiVersion: "2024-05-01",
    });
    expect(backup.body.error.code).toBe("InvalidApiVersionParameter");
  });

  it("matches ids case-insensitively and serves them in their stored casing", async () => {
    const answer = await arm(
      sandbox,
      "GET",
      `${PROD_SPOKE.toUpperCase()}/VIRTUALNETWORKS/Vnet-Spoke-App-WEU`,
      { apiVersion: NETWORK },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(`${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`);
  });

  it("puts request ids on every answer, errors included", async () => {
    const answer = await arm(sandbox, "GET", "/subscriptions/nope", {
      apiVersion: "2022-12-01",
      headers: { "x-ms-correlation-request-id": "corr-1" },
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe("SubscriptionNotFound");
    expect(answer.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get("x-ms-correlation-request-id")).toBe("corr-1");
  });

  it("pages lists with absolute nextLinks on its own base until the last page", async () => {
    let url: string | undefined =
      `/subscriptions/${SUB_PROD}/providers/Microsoft.Network/networkInterfaces?api-version=${NETWORK}`;
    const names: string[] = [];
    let pages = 0;
    while (url !== undefined) {
      const page = await arm(sandbox, "GET", url);
      expect(page.status).toBe(200);
      names.push(...page.body.value.map((n: { name: string }) => n.name));
      if (page.body.nextLink !== undefined)
        expect(page.body.nextLink.startsWith(`${sandbox.url}/`)).toBe(true);
      url = page.body.nextLink;
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("vm-app-weu-20-nic");
  });

  it("answers ARM's 404s: resource group, resource, parent resource", async () => {
    const rg = await arm(
      sandbox,
      "GET",
      `/subscriptions/${SUB_PROD}/resourceGroups/rg-missing/providers/Microsoft.Network/virtualNetworks/x`,
      { apiVersion: NETWORK },
    );
    expect(rg.body.error.code).toBe("ResourceGroupNotFound");
    const vnet = await arm(sandbox, "GET", `${PROD_SPOKE}/virtualNetworks/vnet-missing`, {
      apiVersion: NETWORK,
    });
    expect([vnet.status, vnet.body.error.code]).toEqual([404, "ResourceNotFound"]);
    const subnet = await arm(sandbox, "GET", `${PROD_SPOKE}/virtualNetworks/vnet-missing/subnets/a`, {
      apiVersion: NETWORK,
    });
    expect(subnet.body.error.code).toBe("ParentResourceNotFound");
  });

  it("honours If-None-Match: * and If-Match with 412", async () => {
    const nsg = `${PROD_SPOKE}/networkSecurityGroups/nsg-snet-app-weu`;
    const body = { location: "westeurope", properties: {} };
    const exists = await arm(sandbox, "PUT", nsg, {
      apiVersion: NETWORK,
      body,
      headers: { "If-None-Match": "*" },
    });
    expect([exists.status, exists.body.error.code]).toEqual([412, "PreconditionFailed"]);
    const stale = await arm(sandbox, "PUT", nsg, {
      apiVersion: NETWORK,
      body,
      headers: { "If-Match": 'W/"stale"' },
    });
    expect(stale.status).toBe(412);
    const current = await arm(sandbox, "GET", nsg, { apiVersion: NETWORK });
    const ok = await arm(sandbox, "PUT", nsg, {
      apiVersion: NETWORK,
      body,
      headers: { "If-Match": current.body.etag },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.etag).not.toBe(current.body.etag);
  });

  it("serves subscriptions and resource groups, including HEAD and PUT", async () => {
    const groups = `/subscriptions/${SUB_PROD}/resourcegroups`;
    expect((await arm(sandbox, "HEAD", `${groups}/rg-backup-weu`, { apiVersion: "2024-03-01" })).status).toBe(
      204,
    );
    expect((await arm(sandbox, "HEAD", `${groups}/rg-nope`, { apiVersion: "2024-03-01" })).status).toBe(404);
    const created = await arm(sandbox, "PUT", `${groups}/rg-new`, {
      apiVersion: "2024-03-01",
      body: { location: "westeurope" },
    });
    expect([created.status, created.body.properties.provisioningState]).toEqual([201, "Succeeded"]);
    const vaults = await arm(
      sandbox,
      "GET",
      `/subscriptions/${SUB_PROD}/providers/Microsoft.RecoveryServices/vaults`,
      { apiVersion: VAULTS },
    );
    expect(vaults.body.value.length + (vaults.body.nextLink ? 1 : 0)).toBeGreaterThan(1);
  });
});
