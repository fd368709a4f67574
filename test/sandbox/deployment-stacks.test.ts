import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SUB_CONNECTIVITY } from "../../src/sandbox/demo-network.js";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { deploymentStacksClient, FAST_POLL } from "../support/stacks-client.js";
import { arm, PRIVATE_DNS } from "./arm-requests.js";

const GROUP = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns`;
const ZONE = `${GROUP}/providers/Microsoft.Network/privateDnsZones/privatelink.stack.example`;

/** A subscription-scope template, as `az stack sub create` sends one: a nested deployment into a resource group. */
function template(zones: readonly string[]) {
  return {
    $schema: "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { tags: { type: "object", defaultValue: {} } },
    resources: [
      {
        type: "Microsoft.Resources/deployments",
        apiVersion: "2022-09-01",
        name: "zones",
        resourceGroup: "rg-private-dns",
        properties: {
          mode: "Incremental",
          expressionEvaluationOptions: { scope: "inner" },
          parameters: { tags: { value: "[parameters('tags')]" } },
          template: {
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            parameters: { tags: { type: "object" } },
            resources: zones.map((name) => ({
              type: "Microsoft.Network/privateDnsZones",
              apiVersion: PRIVATE_DNS,
              name,
              location: "global",
              tags: "[parameters('tags')]",
            })),
          },
        },
      },
    ],
  };
}

const SETTINGS = {
  actionOnUnmanage: { resources: "detach", resourceGroups: "detach", managementGroups: "detach" },
  denySettings: { mode: "denyDelete", applyToChildScopes: false },
} as const;

/** The DeploymentStack body (the SDK keeps ARM's `properties` envelope). */
function stackOf(zones: readonly string[], settings: Record<string, unknown> = {}) {
  return {
    location: "westeurope",
    properties: { ...SETTINGS, template: template(zones), parameters: { tags: { value: {} } }, ...settings },
  };
}

describe("deployment stacks at subscription scope, through the Deployment Stacks SDK", () => {
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ seed: "stacks", onExchange: (e) => exchanges.push(e) });
  });
  afterEach(async () => {
    await sandbox.close();
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });

  it("deploys the template, manages what it wrote, and refuses to delete it while the stack holds it", async () => {
    const client = deploymentStacksClient(sandbox.url, SUB_CONNECTIVITY);
    const stack = await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example"]),
      FAST_POLL,
    );
    expect(stack.properties?.provisioningState).toBe("succeeded");
    expect(stack.properties?.resources?.map((r) => [r.id?.toLowerCase(), r.status, r.denyStatus])).toEqual([
      [ZONE.toLowerCase(), "managed", "denyDelete"],
    ]);
    expect((await arm(sandbox, "GET", ZONE, { apiVersion: PRIVATE_DNS })).status).toBe(200);

    // Its own deployment is in the subscription's history, and the stack is listed and read back.
    const deployment = await arm(sandbox, "GET", stack.properties?.deploymentId ?? "", {
      apiVersion: "2024-03-01",
    });
    expect(deployment.body.properties.provisioningState).toBe("Succeeded");
    const listed = [];
    for await (const s of client.deploymentStacks.listAtSubscription()) listed.push(s.name);
    expect(listed).toEqual(["vaultlink-test"]);
    expect(
      (await client.deploymentStacks.getAtSubscription("vaultlink-test")).properties?.denySettings?.mode,
    ).toBe("denyDelete");

    // denyDelete: the zone and its resource group refuse a delete; a write (tags) is still allowed.
    const refused = await arm(sandbox, "DELETE", ZONE, { apiVersion: PRIVATE_DNS });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("DenyAssignmentAuthorizationFailed");
    expect(refused.body.error.message).toContain("Microsoft.Network/privateDnsZones/delete");
    const group = await arm(sandbox, "DELETE", GROUP, { apiVersion: "2024-03-01" });
    expect(group.body?.error?.code).toBe("DenyAssignmentAuthorizationFailed");
    const retag = await arm(sandbox, "PUT", ZONE, {
      apiVersion: PRIVATE_DNS,
      body: { location: "global", tags: { owner: "dns-team" } },
    });
    expect(retag.status).toBeLessThan(300);

    // Deleting the stack detaches: the zone stays, unprotected.
    await client.deploymentStacks.beginDeleteAtSubscriptionAndWait("vaultlink-test", FAST_POLL);
    await expect(client.deploymentStacks.getAtSubscription("vaultlink-test")).rejects.toMatchObject({
      statusCode: 404,
    });
    expect((await arm(sandbox, "GET", ZONE, { apiVersion: PRIVATE_DNS })).status).toBe(200);
    const deleted = await arm(sandbox, "DELETE", ZONE, { apiVersion: PRIVATE_DNS });
    expect(deleted.status).toBeLessThan(300);
  });

  it("detaches what an update leaves out, and keeps protecting what it still manages", async () => {
    const client = deploymentStacksClient(sandbox.url, SUB_CONNECTIVITY);
    const other = ZONE.replace("privatelink.stack.example", "privatelink.other.example");
    await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example", "privatelink.other.example"]),
      FAST_POLL,
    );
    const updated = await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example"]),
      FAST_POLL,
    );
    expect(updated.properties?.detachedResources?.map((r) => r.id?.toLowerCase())).toEqual([
      other.toLowerCase(),
    ]);
    expect((await arm(sandbox, "DELETE", other, { apiVersion: PRIVATE_DNS })).status).toBeLessThan(300);
    expect((await arm(sandbox, "DELETE", ZONE, { apiVersion: PRIVATE_DNS })).status).toBe(403);
  });

  it("denyWriteAndDelete refuses writes too, and applyToChildScopes reaches the resources under a managed one", async () => {
    const client = deploymentStacksClient(sandbox.url, SUB_CONNECTIVITY);
    await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example"], {
        denySettings: { mode: "denyWriteAndDelete", applyToChildScopes: true },
      }),
      FAST_POLL,
    );
    const retag = await arm(sandbox, "PUT", ZONE, {
      apiVersion: PRIVATE_DNS,
      body: { location: "global", tags: { owner: "dns-team" } },
    });
    expect(retag.status).toBe(403);
    expect(retag.body.error.code).toBe("DenyAssignmentAuthorizationFailed");
    const record = await arm(sandbox, "PUT", `${ZONE}/A/www`, {
      apiVersion: PRIVATE_DNS,
      body: { properties: { ttl: 10, aRecords: [{ ipv4Address: "10.0.0.4" }] } },
    });
    expect(record.status).toBe(403);
    // Reads are never denied.
    expect((await arm(sandbox, "GET", ZONE, { apiVersion: PRIVATE_DNS })).status).toBe(200);
  });

  it("validates without writing, and refuses what the sandbox will not do with a clear 400", async () => {
    const client = deploymentStacksClient(sandbox.url, SUB_CONNECTIVITY);
    const validated = await client.deploymentStacks.beginValidateStackAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example"]),
      FAST_POLL,
    );
    expect(validated.properties?.validatedResources?.map((r) => r.id?.toLowerCase())).toEqual([
      ZONE.toLowerCase(),
    ]);
    expect((await arm(sandbox, "GET", ZONE, { apiVersion: PRIVATE_DNS })).status).toBe(404);

    await expect(
      client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
        "vaultlink-test",
        stackOf(["privatelink.stack.example"], { actionOnUnmanage: { resources: "delete" } }),
        FAST_POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining("detaches") });
  });

  it("answers a what-if of the same template at subscription scope: Create before, NoChange after", async () => {
    const whatIf = async () => {
      const id = `/subscriptions/${SUB_CONNECTIVITY}/providers/Microsoft.Resources/deployments/preview`;
      const started = await arm(sandbox, "POST", `${id}/whatIf`, {
        apiVersion: "2024-03-01",
        body: {
          location: "westeurope",
          properties: { mode: "Incremental", template: template(["privatelink.stack.example"]) },
        },
      });
      expect(started.status).toBe(202);
      const result = await arm(sandbox, "GET", started.headers.get("location") ?? "");
      return result.body.properties.changes.map((c: { changeType: string }) => c.changeType);
    };
    expect(await whatIf()).toEqual(["Create"]);
    const client = deploymentStacksClient(sandbox.url, SUB_CONNECTIVITY);
    await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example"]),
      FAST_POLL,
    );
    expect(await whatIf()).toEqual(["NoChange"]);
  });
});
