import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SUB_CONNECTIVITY } from "../../src/sandbox/demo-network.js";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runBuiltCli } from "../cli/run-cli.js";
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

/** The stacks' what-if api-version (deploymentStacks.json 2025-07-01; 2024-03-01 has no what-if). */
const WHAT_IF_API = "2025-07-01";

interface ResourceChange {
  id: string;
  changeType: string;
  managementStatusChange?: { before?: string; after?: string };
}

/**
 * `az stack sub what-if` over raw HTTP: PUT a deploymentStacksWhatIfResult naming the stack, follow its
 * Azure-AsyncOperation until it is terminal, then GET the result.
 */
async function stackWhatIf(
  sandbox: RunningSandbox,
  subscriptionId: string,
  stackName: string,
  body: { location: string; properties: Record<string, unknown> },
): Promise<ResourceChange[]> {
  const id = `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/deploymentStacksWhatIfResults/${stackName}-what-if`;
  const created = await arm(sandbox, "PUT", id, {
    apiVersion: WHAT_IF_API,
    body: {
      location: body.location,
      properties: {
        ...body.properties,
        deploymentStackResourceId: `/subscriptions/${subscriptionId}/providers/Microsoft.Resources/deploymentStacks/${stackName}`,
        retentionInterval: "P1D",
      },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  const monitor = created.headers.get("azure-asyncoperation") ?? "";
  let status = await arm(sandbox, "GET", monitor);
  for (let polls = 0; status.body.status === "InProgress" && polls < 1000; polls += 1)
    status = await arm(sandbox, "GET", monitor);
  expect(status.body.status).toBe("Succeeded");
  const result = await arm(sandbox, "GET", id, { apiVersion: WHAT_IF_API });
  expect(result.body.properties.provisioningState).toBe("succeeded");
  return result.body.properties.changes.resourceChanges;
}

interface ManifestStack {
  name: string;
  subscriptionId: string;
  location: string;
  templateFile: string;
  parametersFile: string;
  denySettings: Record<string, unknown>;
  actionOnUnmanage: Record<string, unknown>;
  resources: string[];
}

async function readJson(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

describe("deployment stack what-if at subscription scope (deploymentStacksWhatIfResults, 2025-07-01)", () => {
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  let dir: string;
  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ seed: "stacks-what-if", onExchange: (e) => exchanges.push(e) });
    dir = await mkdtemp(join(tmpdir(), "vaultlink-stack-what-if-"));
  });
  afterEach(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
    expect(describeViolations(await checkExchanges(exchanges))).toBe("");
  });

  /** `vaultlink export PLAN --format stack --all` into a fresh folder; its stacks, each with its what-if. */
  async function exportedStackWhatIfs(plan: string, out: string) {
    const run = await runBuiltCli([
      "export",
      plan,
      "--format",
      "stack",
      "--all",
      "--out",
      out,
      "--sandbox",
      sandbox.url,
    ]);
    expect(run.stderr).not.toContain("Error:");
    expect(run.code).toBe(0);
    const manifest = (await readJson(join(out, "stacks.json"))).stacks as ManifestStack[];
    expect(manifest.length).toBeGreaterThan(0);
    const whatIfs = [];
    for (const stack of manifest) {
      const changes = await stackWhatIf(sandbox, stack.subscriptionId, stack.name, {
        location: stack.location,
        properties: {
          template: await readJson(join(out, stack.templateFile)),
          parameters: (await readJson(join(out, stack.parametersFile))).parameters,
          denySettings: stack.denySettings,
          actionOnUnmanage: stack.actionOnUnmanage,
        },
      });
      whatIfs.push({ stack, changes });
    }
    return whatIfs;
  }

  it("lists Creates for an exported plan before apply, and no Create or Modify once `vaultlink apply` made it", async () => {
    const plan = "examples/private-zones.plan.json";
    const before = await exportedStackWhatIfs(plan, join(dir, "before"));
    for (const { stack, changes } of before) {
      expect(changes.map((c) => c.id.toLowerCase()).sort()).toEqual(
        stack.resources.map((r) => r.toLowerCase()).sort(),
      );
    }
    expect(before.flatMap(({ changes }) => changes).some((c) => c.changeType === "create")).toBe(true);

    expect((await runBuiltCli(["apply", plan, "--yes", "--sandbox", sandbox.url])).code).toBe(0);
    const after = await exportedStackWhatIfs(plan, join(dir, "after"));
    const changes = after.flatMap((w) => w.changes);
    expect(changes.filter((c) => c.changeType === "create" || c.changeType === "modify")).toEqual([]);
    expect(new Set(changes.map((c) => c.changeType))).toEqual(new Set(["noChange"]));
    // No stack holds them yet: each would become managed.
    expect(
      new Set(changes.map((c) => `${c.managementStatusChange?.before}->${c.managementStatusChange?.after}`)),
    ).toEqual(new Set(["unmanaged->managed"]));
  });

  it("names what a new template leaves out of a deployed stack as detach, and POST whatIf computes it again", async () => {
    const client = deploymentStacksClient(sandbox.url, SUB_CONNECTIVITY);
    const other = ZONE.replace("privatelink.stack.example", "privatelink.other.example");
    await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      "vaultlink-test",
      stackOf(["privatelink.stack.example", "privatelink.other.example"]),
      FAST_POLL,
    );
    const changes = await stackWhatIf(
      sandbox,
      SUB_CONNECTIVITY,
      "vaultlink-test",
      stackOf(["privatelink.stack.example"]),
    );
    expect(changes.map((c) => [c.id.toLowerCase(), c.changeType, c.managementStatusChange?.after])).toEqual([
      [ZONE.toLowerCase(), "noChange", "managed"],
      [other.toLowerCase(), "detach", "unmanaged"],
    ]);

    // The stored what-if is computed again against the state of now: the zone deleted by hand is a create.
    await client.deploymentStacks.beginDeleteAtSubscriptionAndWait("vaultlink-test", FAST_POLL);
    expect((await arm(sandbox, "DELETE", ZONE, { apiVersion: PRIVATE_DNS })).status).toBeLessThan(300);
    const id = `/subscriptions/${SUB_CONNECTIVITY}/providers/Microsoft.Resources/deploymentStacksWhatIfResults/vaultlink-test-what-if`;
    const started = await arm(sandbox, "POST", `${id}/whatIf`, { apiVersion: WHAT_IF_API });
    expect(started.status).toBe(202);
    let answer = await arm(sandbox, "GET", started.headers.get("location") ?? "");
    for (let polls = 0; answer.status === 202 && polls < 1000; polls += 1)
      answer = await arm(sandbox, "GET", started.headers.get("location") ?? "");
    expect(answer.status).toBe(200);
    expect(
      answer.body.properties.changes.resourceChanges.map((c: ResourceChange) => [
        c.id.toLowerCase(),
        c.changeType,
      ]),
    ).toEqual([[ZONE.toLowerCase(), "create"]]);
  });
});
