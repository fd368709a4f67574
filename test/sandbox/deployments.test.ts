import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { DEPLOYMENTS_API, deployThroughApi } from "../engine/arm-deployment.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { arm, SUB_CONNECTIVITY } from "./arm-requests.js";

const GROUP = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns`;
const ZONES = `${GROUP}/providers/Microsoft.Network/privateDnsZones`;

/** Two zones, the second waiting for the first, named from a parameter and a variable. */
function zonesTemplate(extra: Record<string, unknown> = {}) {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    parameters: { suffix: { type: "string", defaultValue: "example.internal" } },
    variables: { second: "[concat('two.', parameters('suffix'))]" },
    resources: [
      {
        type: "Microsoft.Network/privateDnsZones",
        apiVersion: "2024-06-01",
        name: "[variables('second')]",
        location: "global",
        dependsOn: [
          "[resourceId('Microsoft.Network/privateDnsZones', format('one.{0}', parameters('suffix')))]",
        ],
      },
      {
        type: "Microsoft.Network/privateDnsZones",
        apiVersion: "2024-06-01",
        name: "[format('one.{0}', parameters('suffix'))]",
        location: "global",
        tags: { owner: "[toLower('Platform')]" },
      },
    ],
    ...extra,
  };
}

async function post(sandbox: RunningSandbox, name: string, action: string, template: unknown) {
  return arm(sandbox, "POST", `${GROUP}/providers/Microsoft.Resources/deployments/${name}/${action}`, {
    apiVersion: DEPLOYMENTS_API,
    body: { properties: { mode: "Incremental", template } },
  });
}

describe("template deployments in the sandbox", () => {
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

  it("creates each resource in dependency order, with parameters, variables and template functions", async () => {
    const deployment = await deployThroughApi(sandbox, GROUP, "zones", zonesTemplate());
    expect(deployment.body.properties.provisioningState).toBe("Succeeded");
    expect(deployment.body.properties.outputResources).toEqual([
      { id: `${ZONES}/one.example.internal` },
      { id: `${ZONES}/two.example.internal` },
    ]);
    const zone = await arm(sandbox, "GET", `${ZONES}/one.example.internal`, { apiVersion: "2024-06-01" });
    expect(zone.body).toMatchObject({
      tags: { owner: "platform" },
      properties: { provisioningState: "Succeeded" },
    });
  });

  it("validates without writing, and refuses a function it cannot evaluate with ARM's InvalidTemplate", async () => {
    const ok = await post(sandbox, "zones", "validate", zonesTemplate());
    expect(ok.status).toBe(200);
    expect(ok.body.properties.validatedResources).toHaveLength(2);
    const none = await arm(sandbox, "GET", `${ZONES}/one.example.internal`, { apiVersion: "2024-06-01" });
    expect(none.status).toBe(404);

    const bad = zonesTemplate({ variables: { second: "[uniqueString(resourceGroup().id)]" } });
    const refused = await post(sandbox, "zones", "validate", bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("InvalidTemplate");
    expect(refused.body.error.message).toContain("'uniqueString'");
    const put = await arm(sandbox, "PUT", `${GROUP}/providers/Microsoft.Resources/deployments/bad`, {
      apiVersion: DEPLOYMENTS_API,
      body: { properties: { mode: "Incremental", template: bad } },
    });
    expect(put.status).toBe(400);
    expect(put.body.error.code).toBe("InvalidTemplate");
  });

  it("answers what-if with Create before the deployment and NoChange after it", async () => {
    const whatIf = async () => {
      const accepted = await post(sandbox, "zones", "whatIf", zonesTemplate());
      expect(accepted.status).toBe(202);
      let result = await arm(sandbox, "GET", accepted.headers.get("location") ?? "");
      while (result.status === 202)
        result = await arm(sandbox, "GET", accepted.headers.get("location") ?? "");
      return result.body.properties.changes.map((c: { changeType: string }) => c.changeType);
    };
    expect(await whatIf()).toEqual(["Create", "Create"]);
    await deployThroughApi(sandbox, GROUP, "zones", zonesTemplate());
    expect(await whatIf()).toEqual(["NoChange", "NoChange"]);
  });

  it("fails the deployment with the resource's own error, keeping what was written before it", async () => {
    const template = zonesTemplate();
    template.resources.push({
      type: "Microsoft.Network/privateDnsZones",
      apiVersion: "2024-06-01",
      name: "three.example.internal",
      location: "westeurope",
      dependsOn: ["two.example.internal"],
    } as never);
    const deployment = await deployThroughApi(sandbox, GROUP, "zones", template);
    expect(deployment.body.properties.provisioningState).toBe("Failed");
    expect(deployment.body.properties.error).toMatchObject({
      code: "DeploymentFailed",
      details: [{ code: "InvalidLocation", target: `${ZONES}/three.example.internal` }],
    });
    const kept = await arm(sandbox, "GET", `${ZONES}/two.example.internal`, { apiVersion: "2024-06-01" });
    expect(kept.status).toBe(200);
  });
});
