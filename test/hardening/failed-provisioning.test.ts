import { afterEach, describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../src/azure/adapter.js";
import { UserError } from "../../src/core/user-error.js";
import { applyPlan } from "../../src/engine/apply.js";
import { readPlanFile } from "../../src/engine/plan-file.js";
import { previewPlan } from "../../src/engine/preview.js";
import { armChecks } from "../../src/engine/verify-checks.js";
import { parseFaultSchedule } from "../../src/sandbox/faults.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm } from "../sandbox/arm-requests.js";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const ZONE =
  "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.example.test";

describe("--faults lro-failed", () => {
  it("accepts the write, then its operation ends Failed with an ARM error body and the resource Failed", async () => {
    sandbox = await startSandbox({ faults: parseFaultSchedule("lro-failed:1") });

    const accepted = await arm(sandbox, "PUT", ZONE, {
      apiVersion: "2024-06-01",
      body: { location: "global" },
    });
    const status = await arm(sandbox, "GET", accepted.headers.get("azure-asyncoperation") ?? "");
    sandbox.setFaults(undefined);
    const zone = await arm(sandbox, "GET", ZONE, { apiVersion: "2024-06-01" });

    expect(accepted.status).toBe(202);
    expect(status.body).toEqual({
      status: "Failed",
      error: { code: "InternalServerError", message: expect.stringMatching(/injected by the sandbox/) },
    });
    expect(zone.body.properties.provisioningState).toBe("Failed");
  });

  it("injects nothing into reads", async () => {
    sandbox = await startSandbox({ faults: parseFaultSchedule("lro-failed:1") });

    const list = await arm(sandbox, "GET", "/subscriptions", { apiVersion: "2022-12-01" });

    expect(list.status).toBe(200);
  });
});

describe("a resource whose last operation Failed", () => {
  it("is written again by the next apply, which then converges (it was taken as done before)", async () => {
    const plan = await readPlanFile("examples/private-zones.plan.json");
    sandbox = await startSandbox({ faults: parseFaultSchedule("lro-failed:1") });
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5, retryDelayMs: 5 },
    );
    const apply = async () => {
      const result = await applyPlan(adapter, plan, { refresh: false, confirm: async () => true });
      if (result.kind !== "applied") throw new Error(`the plan is ${result.kind}`);
      return { preview: result.preview, outcome: result.outcome };
    };

    const failing = await apply();
    sandbox.setFaults(undefined);
    const retry = await apply();
    const after = await previewPlan(adapter, plan, { refresh: false });

    // Every long-running write failed: endpoints, zones and links are left Failed, the rest skipped.
    expect(failing.outcome.succeeded.filter((a) => a.resource !== "securityRule")).toEqual([]);
    expect(failing.outcome.failed.length).toBeGreaterThan(0);
    for (const { error } of failing.outcome.failed) {
      expect(error).toBeInstanceOf(UserError);
      expect(error.message).toMatch(/then the operation failed: InternalServerError/);
    }
    const retried = retry.preview.actions.filter((a) => a.kind === "update");
    expect(retried.map((a) => a.resource).sort()).toEqual(
      expect.arrayContaining(["privateDnsZone", "privateEndpoint", "virtualNetworkLink"]),
    );
    for (const action of retried) {
      if (action.kind !== "update" || action.resource === "vaultPublicNetworkAccess") continue;
      expect(action.changes).toEqual([
        { field: "properties.provisioningState", before: "Failed", after: "Succeeded" },
      ]);
    }
    expect(retry.outcome.failed).toEqual([]);
    expect(after.kind === "ready" && after.actions.filter((a) => a.kind !== "noChange")).toEqual([]);
    expect(armChecks(plan, after.observed).filter((c) => c.status !== "pass")).toEqual([]);
    // Provisioned again in full: every zone has its SOA record, as one created at the first try.
    const resources = sandbox.snapshot().resources;
    const zones = resources.filter((r) => r.type.toLowerCase() === "microsoft.network/privatednszones");
    const soas = resources.filter((r) => r.type.toLowerCase() === "microsoft.network/privatednszones/soa");
    expect(zones.length).toBeGreaterThan(0);
    expect(soas.map((r) => r.id.toLowerCase().replace(/\/soa\/@$/, "")).sort()).toEqual(
      zones.map((r) => r.id.toLowerCase()).sort(),
    );
  });
});
