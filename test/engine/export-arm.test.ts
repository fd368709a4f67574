import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AzureAdapter, createAzureAdapter } from "../../src/azure/adapter.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import type { Plan } from "../../src/core/plan/plan-schema.js";
import { armTemplateOf, DEPLOYMENT_TEMPLATE_SCHEMA } from "../../src/engine/export-arm.js";
import { type Preview, previewPlan } from "../../src/engine/preview.js";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { applyFully } from "../support/apply-fully.js";
import { projection } from "../support/deployed-state.js";
import { checkExchanges, describeViolations } from "../support/spec-conformance.js";
import { deployThroughApi } from "./arm-deployment.js";

function readExample(path: string): Plan {
  return parsePlanText(readFileSync(path, "utf8"), path);
}

function ready(preview: Preview) {
  if (preview.kind !== "ready") throw new Error(`preview is ${preview.kind}`);
  return preview;
}

interface Tenant {
  readonly sandbox: RunningSandbox;
  readonly adapter: AzureAdapter;
  readonly exchanges: RecordedExchange[];
}

async function tenant(): Promise<Tenant> {
  const exchanges: RecordedExchange[] = [];
  const sandbox = await startSandbox({ seed: "export", onExchange: (e) => exchanges.push(e) });
  const adapter = await createAzureAdapter(
    { kind: "sandbox", url: new URL(sandbox.url) },
    { pollIntervalMs: 5 },
  );
  return { sandbox, adapter, exchanges };
}

/** The api-version the adapter sent with its first PUT of each resource type. */
function apiVersionsPut(exchanges: readonly RecordedExchange[]): Map<string, string> {
  const versions = new Map<string, string>();
  for (const e of exchanges) {
    if (e.method !== "PUT") continue;
    const type = /\/providers\/([^/]+)\/(.+)$/.exec(e.path);
    if (type?.[1] === undefined || type[2] === undefined) continue;
    const types = type[2].split("/").filter((_, i) => i % 2 === 0);
    const key = [type[1], ...types].join("/").toLowerCase();
    if (!versions.has(key)) versions.set(key, e.query["api-version"] ?? "");
  }
  return versions;
}

describe.each(["examples/private-zones.plan.json", "examples/custom-dns.plan.json"])(
  "the ARM template exported for %s",
  (path) => {
    let applied: Tenant;
    let deployed: Tenant;
    beforeEach(async () => {
      applied = await tenant();
      deployed = await tenant();
    });
    afterEach(async () => {
      await applied.sandbox.close();
      await deployed.sandbox.close();
      expect(describeViolations(await checkExchanges([...applied.exchanges, ...deployed.exchanges]))).toBe(
        "",
      );
    });

    it("deployed through the deployments API, gives the state apply gives", async () => {
      const plan = readExample(path);
      const { actions } = ready(await previewPlan(deployed.adapter, plan, { refresh: false }));
      const { template, notExpressed } = armTemplateOf(plan, actions, "test");
      expect(template.$schema).toBe(DEPLOYMENT_TEMPLATE_SCHEMA);
      expect(template.parameters.vaultId?.defaultValue).toBe(plan.vault.id);

      // Deployed as `az deployment group create` would: through the deployments API, into the vault's group.
      const vaultGroup = plan.vault.id.replace(/\/providers\/.*$/i, "");
      const deployment = await deployThroughApi(deployed.sandbox, vaultGroup, "vaultlink-export", template);
      expect(deployment.body.properties.error).toBeUndefined();
      expect(deployment.body.properties.provisioningState).toBe("Succeeded");

      await applyFully(applied.adapter, plan);

      expect(projection(deployed.sandbox.snapshot().resources)).toEqual(
        projection(applied.sandbox.snapshot().resources),
      );

      // After the deployment, apply has only what the template lists as not expressed left to do.
      const after = ready(await previewPlan(deployed.adapter, plan, { refresh: false })).actions;
      // (Deny is an update, or waiting when the plan's endpoint awaits its manual approval.)
      expect(
        after
          .filter((a) => a.kind === "create" || a.kind === "update" || a.kind === "waiting")
          .map((a) => a.id),
      ).toEqual(notExpressed.filter((n) => n.what.startsWith("Deny public network access")).map((n) => n.id));

      // The template speaks the api-versions the adapter itself sends.
      const sent = apiVersionsPut(applied.exchanges);
      for (const deployment of template.resources) {
        for (const resource of deployment.properties.template.resources)
          expect(`${resource.type} ${resource.apiVersion}`).toBe(
            `${resource.type} ${sent.get(resource.type.toLowerCase())}`,
          );
      }
    });
  },
);

describe("what a template cannot express", () => {
  it("lists the vault PATCH and a manual approval, and leaves both out of the resources", () => {
    const plan = readExample("examples/custom-dns.plan.json");
    const vaultId = plan.vault.id;
    const endpointId =
      "/subscriptions/c4b3a291-0f8e-4d7c-b6a5-948372615f0e/resourceGroups/rg-dev-uks/providers/Microsoft.Network/privateEndpoints/pe-rsv-dev-uks-dev-backup";
    const { template, notExpressed } = armTemplateOf(
      plan,
      [
        {
          kind: "create",
          id: endpointId,
          resource: "privateEndpoint",
          description: "endpoint",
          dependsOn: [],
          write: {
            resource: "privateEndpoint",
            request: {
              id: endpointId,
              location: "uksouth",
              subnetId: `${endpointId.replace(/privateEndpoints\/.*/, "")}virtualNetworks/vnet-dev-uks/subnets/snet-default`,
              vaultId,
              groupId: "AzureBackup",
              approval: { kind: "manual", requestMessage: "please" },
            },
          },
        },
        {
          kind: "update",
          id: vaultId,
          resource: "vaultPublicNetworkAccess",
          description: "public access",
          dependsOn: [endpointId],
          write: { resource: "vaultPublicNetworkAccess", vaultId, access: "Disabled" },
          changes: [{ field: "properties.publicNetworkAccess", before: "Enabled", after: "Disabled" }],
        },
      ],
      "test",
    );
    expect(notExpressed.map((n) => n.id)).toEqual([endpointId, vaultId]);
    expect(template.metadata.notExpressed).toEqual(notExpressed);
    const types = template.resources.flatMap((d) => d.properties.template.resources.map((r) => r.type));
    expect(types).toEqual(["Microsoft.Network/privateEndpoints"]);
    const [endpoint] = template.resources.flatMap((d) => d.properties.template.resources);
    expect(endpoint?.properties).toMatchObject({
      manualPrivateLinkServiceConnections: [
        { properties: { privateLinkServiceId: "[parameters('vaultId')]", requestMessage: "please" } },
      ],
    });
  });
});
