import { describe, expect, it } from "vitest";
import { actionOf, parseDeniedAction } from "../../src/sandbox/authorization.js";
import { type RecordedExchange, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { arm, endpointBody, NETWORK, PROD_SPOKE, pollAsync, SUB_PROD } from "./arm-requests.js";

const SUBNET = `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints`;
const PE = `${PROD_SPOKE}/privateEndpoints/pe-rsv-prod-weu`;
const SPOKE_RG = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu`;

describe("the ARM action of a request", () => {
  it("reads the resource type from the path and the verb from the method", () => {
    expect(actionOf("PUT", PE)).toEqual({ action: "Microsoft.Network/privateEndpoints/write", scope: PE });
    expect(actionOf("PUT", `${PE}/privateDnsZoneGroups/default`).action).toBe(
      "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write",
    );
    expect(actionOf("DELETE", SUBNET).action).toBe("Microsoft.Network/virtualNetworks/subnets/delete");
    const vault = `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/v`;
    expect(actionOf("PATCH", vault)).toEqual({
      action: "Microsoft.RecoveryServices/vaults/write",
      scope: vault,
    });
  });

  it("treats a list as a read of its type over the parent scope", () => {
    expect(actionOf("GET", `/subscriptions/${SUB_PROD}/providers/Microsoft.Network/virtualNetworks`)).toEqual(
      {
        action: "Microsoft.Network/virtualNetworks/read",
        scope: `/subscriptions/${SUB_PROD}`,
      },
    );
    expect(actionOf("GET", `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets`)).toEqual({
      action: "Microsoft.Network/virtualNetworks/subnets/read",
      scope: `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu`,
    });
    expect(actionOf("GET", "/subscriptions")).toEqual({
      action: "Microsoft.Resources/subscriptions/read",
      scope: "/",
    });
  });

  it("parses --deny values and refuses what is not an action or a scope", () => {
    expect(parseDeniedAction("Microsoft.Network/privateEndpoints/write")).toEqual({
      action: "Microsoft.Network/privateEndpoints/write",
      scope: "/",
    });
    expect(parseDeniedAction(`Microsoft.Network/privateDnsZones/*@${SPOKE_RG}`)).toEqual({
      action: "Microsoft.Network/privateDnsZones/*",
      scope: SPOKE_RG,
    });
    expect(() => parseDeniedAction("write everything")).toThrow(/is not an ARM action/);
    expect(() => parseDeniedAction("Microsoft.Network/privateEndpoints/write@rg-net")).toThrow(
      /is not an ARM id/,
    );
  });
});

describe("a sandbox serving a caller without a role", () => {
  it("answers a denied write with ARM's 403 AuthorizationFailed, spec-valid, and serves the rest", async () => {
    const exchanges: RecordedExchange[] = [];
    const sandbox = await startSandbox({
      onExchange: (e) => exchanges.push(e),
      deniedActions: [{ action: "Microsoft.Network/privateEndpoints/write", scope: SPOKE_RG }],
    });
    try {
      const refused = await arm(sandbox, "PUT", PE, {
        apiVersion: NETWORK,
        body: endpointBody("rsv-prod-weu", SUBNET),
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("AuthorizationFailed");
      expect(refused.body.error.message).toMatch(
        new RegExp(
          `^The client '[^']+' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft.Network/privateEndpoints/write' over scope '${PE}' or the scope is invalid. If access was recently granted, please refresh your credentials.$`,
        ),
      );
      expect((await arm(sandbox, "GET", PE, { apiVersion: NETWORK })).status).toBe(404);
      expect((await arm(sandbox, "GET", SUBNET, { apiVersion: NETWORK })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });

  it("answers LinkedAuthorizationFailed when the caller may write the endpoint but not join its subnet", async () => {
    const exchanges: RecordedExchange[] = [];
    const sandbox = await startSandbox({
      onExchange: (e) => exchanges.push(e),
      deniedActions: [{ action: "Microsoft.Network/virtualNetworks/subnets/join/action", scope: "/" }],
    });
    try {
      const refused = await arm(sandbox, "PUT", PE, {
        apiVersion: NETWORK,
        body: endpointBody("rsv-prod-weu", SUBNET),
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("LinkedAuthorizationFailed");
      expect(refused.body.error.message).toContain(
        `does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '${SUBNET}'`,
      );
    } finally {
      await sandbox.close();
    }
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });

  it("denies nothing outside the scope prefix (a prefix matches whole segments only)", async () => {
    const sandbox = await startSandbox({
      deniedActions: [{ action: "Microsoft.Network/*", scope: `${SPOKE_RG}-other` }],
    });
    try {
      const created = await arm(sandbox, "PUT", PE, {
        apiVersion: NETWORK,
        body: endpointBody("rsv-prod-weu", SUBNET),
      });
      expect(created.status).toBe(201);
      expect(await pollAsync(sandbox, created.headers.get("azure-asyncoperation") ?? "")).toBe("Succeeded");
    } finally {
      await sandbox.close();
    }
  });
});
