import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../../src/core/plan/build-plan.js";
import { serializePlan } from "../../../../src/core/plan/plan-codec.js";
import { previewPlan } from "../../../../src/engine/preview.js";
import { ApplyStep } from "../../../../src/ui/steps/apply/ApplyStep.js";
import { runBuiltCli } from "../../../cli/run-cli.js";
import {
  demoEndpoints,
  demoVaultId,
  drive,
  Key,
  PLANNED_AT,
  stateAt,
  wizardSessionPerTest,
} from "../../wizard-harness.js";

const session = wizardSessionPerTest();

interface VerifyJson {
  readonly verdict: string;
  readonly summary: { readonly pass: number; readonly fail: number; readonly unknown: number };
}

describe("the apply & verify step", () => {
  it("applies the reviewed actions, verifies them by reading again, and gives `vaultlink verify`'s verdict for a hosts-file plan", async () => {
    const { adapter, sandbox, dir } = session();
    const plan = buildPlan({
      cloud: "AzureCloud",
      vault: { id: demoVaultId("rsv-lrs-weu"), location: "westeurope" },
      endpoints: demoEndpoints("rsv-lrs-weu"),
      secondary: null,
      dns: { strategy: "hostsFile", platform: "linux" },
      guidance: { publicNetworkAccess: "deny", entraIdOutbound: { mode: "print" } },
      observed: { at: PLANNED_AT, resources: [] },
    });
    const planPath = join(dir, "p.json");
    await writeFile(planPath, serializePlan(plan));
    // The machine's hosts file, as the wizard and verify read it: no vaultlink block yet.
    const hostsFile = join(dir, "hosts");
    await writeFile(hostsFile, "127.0.0.1 localhost\n");
    const services = { ...session().services, hostsFile };
    const cliVerify = async (): Promise<{ code: number; json: VerifyJson }> => {
      const run = await runBuiltCli([
        "verify",
        planPath,
        "--sandbox",
        sandbox.url,
        "--dns-server",
        `${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`,
        "--hosts-file",
        hostsFile,
        "--output",
        "json",
      ]);
      return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson };
    };
    const runStep = async (waitFor: string) => {
      const preview = await previewPlan(adapter, plan, { refresh: true });
      if (preview.kind !== "ready") throw new Error("the demo tenant should preview");
      const ends: boolean[] = [];
      const state = { ...stateAt("apply", {}), run: { planPath, plan, actions: preview.actions } };
      const step = drive(
        <ApplyStep
          state={state}
          dispatch={() => {}}
          services={services}
          active
          height={18}
          onDone={(ok) => ends.push(ok)}
        />,
      );
      const screen = await step.waitFor(waitFor, 15_000);
      await step.press(Key.enter);
      step.unmount();
      return { screen, ends };
    };

    // Applied, but the names do not resolve yet: the wizard says not verified, as `vaultlink verify` does.
    const first = await runStep("Applied, not verified (fail)");
    expect(first.screen).toContain("✓ private endpoint pe-rsv-lrs-weu-hub");
    expect(first.screen).toContain("matches the plan");
    expect(first.screen).toMatch(/\d+ names do not resolve privately yet/);
    expect(first.screen.replaceAll("\n", " ")).toContain(`vaultlink dns ${planPath}`);
    expect(first.ends).toEqual([false]);
    expect((await adapter.getVault(demoVaultId("rsv-lrs-weu"))).publicNetworkAccess).toBe("Disabled");
    const failing = await cliVerify();
    expect([failing.code, failing.json.verdict]).toEqual([1, "fail"]);
    expect(first.screen).toContain(`${failing.json.summary.fail} fail`);

    // The person writes the hosts block as told: both now say verified.
    const written = await runBuiltCli(["dns", planPath, "--sandbox", sandbox.url, "--write", hostsFile]);
    expect(written.code, written.stderr).toBe(0);
    const second = await runStep("Verified: Azure matches the plan.");
    expect(second.ends).toEqual([true]);
    const passing = await cliVerify();
    expect([passing.code, passing.json.verdict]).toEqual([0, "pass"]);
  });

  it("holds public access Deny while a manual connection waits for the vault's owner, and says what makes it", async () => {
    const { adapter } = session();
    const planned = buildPlan({
      cloud: "AzureCloud",
      vault: { id: demoVaultId("rsv-lrs-weu"), location: "westeurope" },
      endpoints: demoEndpoints("rsv-lrs-weu"),
      secondary: null,
      dns: { strategy: "hostsFile", platform: "linux" },
      guidance: { publicNetworkAccess: "deny", entraIdOutbound: { mode: "print" } },
      observed: { at: PLANNED_AT, resources: [] },
    });
    const plan = {
      ...planned,
      endpoints: planned.endpoints.map((e) => ({ ...e, approval: "manual" as const })),
    };
    const review = await previewPlan(adapter, plan, { refresh: true });
    if (review.kind !== "ready") throw new Error("the demo tenant should preview");
    const state = {
      ...stateAt("apply", {}),
      run: { planPath: "/plans/p.json", plan, actions: review.actions },
    };
    const step = drive(
      <ApplyStep
        state={state}
        dispatch={() => {}}
        services={session().services}
        active
        height={24}
        onDone={() => {}}
      />,
    );
    const screen = (await step.waitFor("public access Deny held", 15_000)).replace(/\s+/g, " ");
    expect(screen).toContain("… public network access of vault rsv-lrs-weu · held");
    expect(screen).toContain("Deny waits until the vault's owner approves pe-rsv-lrs-weu-hub");
    expect(screen).toContain("2 of 3 done, 1 held");
    expect(screen).toContain("`vaultlink apply /plans/p.json` (or `vaultlink approve`) makes it then");
    expect((await adapter.getVault(demoVaultId("rsv-lrs-weu"))).publicNetworkAccess).toBe("Enabled");
    step.unmount();
  });

  it("reads the tenant again before writing: an endpoint taken since the review stops it, and nothing is written", async () => {
    const { adapter, sandbox } = session();
    const plan = buildPlan({
      cloud: "AzureCloud",
      vault: { id: demoVaultId("rsv-lrs-weu"), location: "westeurope" },
      endpoints: demoEndpoints("rsv-lrs-weu"),
      secondary: null,
      dns: { strategy: "hostsFile", platform: "linux" },
      guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
      observed: { at: PLANNED_AT, resources: [] },
    });
    const review = await previewPlan(adapter, plan, { refresh: false });
    if (review.kind !== "ready") throw new Error("the demo tenant should preview");
    const [first, second] = review.actions.filter(
      (a) => a.kind === "create" && a.write.resource === "privateEndpoint",
    );
    if (first?.kind !== "create" || first.write.resource !== "privateEndpoint" || second?.kind !== "create")
      throw new Error("the review should create two endpoints");
    if (second.write.resource !== "privateEndpoint") throw new Error("not an endpoint");
    // Between the review and "Apply now", another team creates an endpoint of the same name in another subnet.
    await adapter.createOrUpdatePrivateEndpoint({
      ...first.write.request,
      subnetId: second.write.request.subnetId,
    });
    const writesBefore = sandbox.requestLog().filter((e) => e.method !== "GET").length;

    const state = {
      ...stateAt("apply", {}),
      run: { planPath: "/plans/p.json", plan, actions: review.actions },
    };
    const step = drive(
      <ApplyStep
        state={state}
        dispatch={() => {}}
        services={session().services}
        active
        height={24}
        onDone={() => {}}
      />,
    );
    const screen = await step.waitFor("Nothing was written", 15_000);
    expect(screen).toContain("the plan is blocked now");
    // What blocks it is listed in the page, with its fix, where the writes would have been.
    expect(screen).toContain("Stopped before the first write");
    expect(screen.replace(/\s+/g, " ")).toContain(
      "[endpoint-exists-in-other-subnet] Private endpoint pe-rsv-lrs-weu-hub",
    );
    expect(screen).toMatch(/^ {2}fix: /m);
    expect(screen.replace(/\s+/g, " ")).toContain("vaultlink apply /plans/p.json --refresh --dry-run");
    expect(sandbox.requestLog().filter((e) => e.method !== "GET").length).toBe(writesBefore);
    step.unmount();
  });
});
