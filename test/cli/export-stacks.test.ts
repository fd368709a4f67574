import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { deployThroughApi } from "../engine/arm-deployment.js";
import { arm } from "../sandbox/arm-requests.js";
import { projection } from "../support/deployed-state.js";
import { deploymentStacksClient, FAST_POLL } from "../support/stacks-client.js";
import { runBuiltCli } from "./run-cli.js";

interface ManifestStack {
  order: number;
  name: string;
  subscriptionId: string;
  location: string;
  templateFile: string;
  parametersFile: string;
  denySettings: { mode: "denyDelete"; applyToChildScopes: boolean };
  actionOnUnmanage: { resources: "detach"; resourceGroups: "detach"; managementGroups: "detach" };
  resources: string[];
  command: string;
}

async function readJson(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

/** `vaultlink export --format stack --out DIR` as a user runs it; the manifest it writes beside the stacks. */
async function exportStacks(sandbox: RunningSandbox, plan: string, dir: string, extra: string[] = []) {
  const run = await runBuiltCli([
    "export",
    plan,
    "--format",
    "stack",
    "--out",
    dir,
    "--sandbox",
    sandbox.url,
    ...extra,
  ]);
  expect(run.stderr).not.toContain("Error:");
  expect(run.code).toBe(0);
  const manifest = (await readJson(join(dir, "stacks.json"))).stacks as ManifestStack[];
  return { run, manifest };
}

/**
 * Deploys each exported stack, in the manifest's order, as `az stack sub create` does: through the Deployment
 * Stacks SDK, with the template and parameters files and the deny settings of the printed command.
 */
async function deployStacks(sandbox: RunningSandbox, dir: string, manifest: readonly ManifestStack[]) {
  const deployed = [];
  for (const stack of manifest) {
    expect(stack.command).toContain(`--template-file ${join(dir, stack.templateFile)}`);
    expect(stack.command).toContain("--deny-settings-mode denyDelete --action-on-unmanage detachAll");
    const client = deploymentStacksClient(sandbox.url, stack.subscriptionId);
    const result = await client.deploymentStacks.beginCreateOrUpdateAtSubscriptionAndWait(
      stack.name,
      {
        location: stack.location,
        properties: {
          template: await readJson(join(dir, stack.templateFile)),
          parameters: (await readJson(join(dir, stack.parametersFile))).parameters,
          denySettings: stack.denySettings,
          actionOnUnmanage: stack.actionOnUnmanage,
        },
      },
      FAST_POLL,
    );
    expect(result.properties?.error).toBeUndefined();
    expect(result.properties?.provisioningState).toBe("succeeded");
    deployed.push(result);
  }
  return deployed;
}

describe.each(["examples/private-zones.plan.json", "examples/custom-dns.plan.json"])(
  "vaultlink export %s",
  (plan) => {
    let dir: string;
    let applied: RunningSandbox;
    let stacked: RunningSandbox;
    let templated: RunningSandbox;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "vaultlink-stacks-"));
      applied = await startSandbox({ seed: "export-stacks" });
      stacked = await startSandbox({ seed: "export-stacks" });
      templated = await startSandbox({ seed: "export-stacks" });
    });
    afterEach(async () => {
      await Promise.all([applied.close(), stacked.close(), templated.close()]);
      await rm(dir, { recursive: true, force: true });
    });

    it("as deployment stacks and as an ARM template, deploys what `vaultlink apply` makes, protected from deletion", async () => {
      const { manifest } = await exportStacks(stacked, plan, join(dir, "stacks"));
      const deployed = await deployStacks(stacked, join(dir, "stacks"), manifest);

      const template = join(dir, "template.json");
      const exported = await runBuiltCli([
        "export",
        plan,
        "--format",
        "arm",
        "--out",
        template,
        "--sandbox",
        templated.url,
      ]);
      expect(exported.code).toBe(0);
      const planText = await readJson(plan);
      const vaultGroup = String(planText.vault.id).replace(/\/providers\/.*$/i, "");
      const deployment = await deployThroughApi(templated, vaultGroup, "vaultlink", await readJson(template));
      expect(deployment.body.properties.provisioningState).toBe("Succeeded");

      const apply = await runBuiltCli(["apply", plan, "--yes", "--sandbox", applied.url]);
      expect(apply.code).toBe(0);

      const wanted = projection(applied.snapshot().resources);
      expect(projection(stacked.snapshot().resources)).toEqual(wanted);
      expect(projection(templated.snapshot().resources)).toEqual(wanted);

      // Every resource a stack wrote is managed with denyDelete, and a delete of one is refused as ARM refuses it.
      const managed = deployed.flatMap((d) => d.properties?.resources ?? []);
      expect(managed.length).toBe(manifest.reduce((sum, s) => sum + s.resources.length, 0));
      expect(new Set(managed.map((r) => r.denyStatus))).toEqual(new Set(["denyDelete"]));
      const endpoint = managed.find((r) => /\/privateEndpoints\/[^/]+$/i.test(r.id ?? ""));
      const refused = await arm(stacked, "DELETE", endpoint?.id ?? "", { apiVersion: "2026-01-01" });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("DenyAssignmentAuthorizationFailed");

      // What is left for apply after the stacks is what the export listed as not expressed (the vault's Deny).
      const after = await runBuiltCli(["apply", plan, "--dry-run", "-o", "json", "--sandbox", stacked.url]);
      const left = JSON.parse(after.stdout).actions.filter(
        (a: { kind: string }) => a.kind === "create" || a.kind === "update" || a.kind === "waiting",
      );
      expect(left.map((a: { resource: string }) => a.resource)).toEqual(
        left.length === 0 ? [] : ["vaultPublicNetworkAccess"],
      );
    });

    it("after apply, exports nothing by default, and with --all the whole setup, which deploys with no change", async () => {
      expect((await runBuiltCli(["apply", plan, "--yes", "--sandbox", applied.url])).code).toBe(0);
      const before = projection(applied.snapshot().resources);

      const nothing = await exportStacks(applied, plan, join(dir, "missing"));
      expect(nothing.manifest).toEqual([]);
      expect(nothing.run.stderr).toContain("`--all` exports the whole setup");

      const { run, manifest } = await exportStacks(applied, plan, join(dir, "all"), ["--all"]);
      expect(run.stdout).toContain("(the whole setup)");
      const setup = await runBuiltCli(["apply", plan, "--dry-run", "-o", "json", "--sandbox", applied.url]);
      const described = JSON.parse(setup.stdout).actions.filter(
        (a: { resource: string }) => a.resource !== "vaultPublicNetworkAccess",
      );
      expect(manifest.flatMap((s) => s.resources.map((id) => id.toLowerCase())).sort()).toEqual(
        described.map((a: { id: string }) => a.id.toLowerCase()).sort(),
      );

      // A what-if of each stack's template says NoChange for every resource, and deploying them changes nothing.
      for (const stack of manifest) {
        const id = `/subscriptions/${stack.subscriptionId}/providers/Microsoft.Resources/deployments/what-if`;
        const started = await arm(applied, "POST", `${id}/whatIf`, {
          apiVersion: "2024-03-01",
          body: {
            location: stack.location,
            properties: {
              mode: "Incremental",
              template: await readJson(join(dir, "all", stack.templateFile)),
              parameters: (await readJson(join(dir, "all", stack.parametersFile))).parameters,
            },
          },
        });
        const result = await arm(applied, "GET", started.headers.get("location") ?? "");
        const changes = result.body.properties.changes as { resourceId: string; changeType: string }[];
        expect(changes.filter((c) => c.changeType !== "NoChange")).toEqual([]);
        expect(changes.length).toBe(stack.resources.length);
      }
      await deployStacks(applied, join(dir, "all"), manifest);
      expect(projection(applied.snapshot().resources)).toEqual(before);

      // The ARM template with --all holds the same resources, and deploys with no change either.
      const template = join(dir, "all.json");
      const exportedAll = await runBuiltCli([
        "export",
        plan,
        "--format",
        "arm",
        "--all",
        "--out",
        template,
        "--sandbox",
        applied.url,
      ]);
      expect(exportedAll.code).toBe(0);
      const deployments = (await readJson(template)).resources as {
        properties: { template: { resources: unknown[] } };
      }[];
      expect(deployments.reduce((sum, d) => sum + d.properties.template.resources.length, 0)).toBe(
        manifest.reduce((sum, s) => sum + s.resources.length, 0),
      );
      const vaultGroup = String((await readJson(plan)).vault.id).replace(/\/providers\/.*$/i, "");
      const deployed = await deployThroughApi(applied, vaultGroup, "vaultlink-all", await readJson(template));
      expect(deployed.body.properties.provisioningState).toBe("Succeeded");
      expect(projection(applied.snapshot().resources)).toEqual(before);
      const again = await runBuiltCli([
        "apply",
        plan,
        "--dry-run",
        "--detailed-exitcode",
        "--sandbox",
        applied.url,
      ]);
      expect(again.code).toBe(0);
    });
  },
);

describe("vaultlink export --format stack without --out", () => {
  it("says it writes several files and names the flag, exit 2", async () => {
    const run = await runBuiltCli([
      "export",
      "examples/custom-dns.plan.json",
      "--format",
      "stack",
      "--sandbox",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--out stacks/");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
