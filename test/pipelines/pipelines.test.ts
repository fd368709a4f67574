import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RecordedExchange, type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { generateLoopbackCertificate, type LoopbackCertificate } from "../../src/sandbox/tls-certificate.js";
import { runBuiltCli } from "../cli/run-cli.js";
import { changesTenant } from "../support/tenant-writes.js";
import { FEDERATED_TOKEN, PIPELINE_IDENTITY, startLoopbackCi, startLoopbackEntra } from "./loopback-entra.js";
import {
  azurePipelinesStageSteps,
  githubEnvAdditions,
  githubJobSteps,
  runnerTools,
  runStep,
  type ShellStep,
  type StepRun,
} from "./run-steps.js";

const GITHUB = "examples/pipelines/github-actions.yml";
const AZURE_PIPELINES = "examples/pipelines/azure-pipelines.yml";
const PLAN = "examples/private-zones.plan.json";

/**
 * The two pipeline recipes, run as their CI systems would run them: each shell step of the pull-request job and of
 * the merge job, in order, in a checkout holding a plan. Azure is stood in for twice: Microsoft Entra ID by a
 * loopback token endpoint (AZURE_AUTHORITY_HOST, over https with a certificate Node is told to trust), which gives
 * a token only for the pipeline's client id presenting the CI system's federated token; Resource Manager by the
 * sandbox. The CI systems' own services (GitHub's OIDC token URL, Azure DevOps' pull-request threads) are loopback
 * servers too.
 */
describe("the pipeline recipes in examples/pipelines", () => {
  let certificate: LoopbackCertificate;
  let entra: Awaited<ReturnType<typeof startLoopbackEntra>>;
  let ci: Awaited<ReturnType<typeof startLoopbackCi>>;
  let sandbox: RunningSandbox;
  let exchanges: RecordedExchange[];
  let dir: string;
  let checkout: string;
  let capture: string;
  let runner: Record<string, string>;

  beforeAll(async () => {
    certificate = await generateLoopbackCertificate();
    entra = await startLoopbackEntra(certificate);
    ci = await startLoopbackCi();
  });
  afterAll(async () => {
    await entra.close();
    await ci.close();
  });
  beforeEach(async () => {
    exchanges = [];
    sandbox = await startSandbox({ seed: "pipelines", onExchange: (e) => exchanges.push(e) });
    dir = await mkdtemp(join(tmpdir(), "vaultlink-pipeline-"));
    checkout = join(dir, "checkout");
    capture = join(dir, "capture");
    await mkdir(join(checkout, "plans"), { recursive: true });
    await mkdir(capture);
    await mkdir(join(dir, "temp"));
    await copyFile(PLAN, join(checkout, "plans", "backup-endpoints.plan.json"));
    entra.tokenRequests.length = 0;
    ci.requests.length = 0;
    runner = {
      PATH: `${await runnerTools(dir)}:/usr/bin:/bin`,
      HOME: dir,
      CI: "true",
      NODE_EXTRA_CA_CERTS: certificate.certFile,
      AZURE_AUTHORITY_HOST: entra.url,
      VAULTLINK_TEST_SANDBOX: sandbox.url,
      VAULTLINK_TEST_CAPTURE: capture,
    };
  });
  afterEach(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  const writes = () => exchanges.filter((e) => changesTenant(e) && e.status < 400).length;

  /** Runs steps in order as the runner does, stopping at the first that fails (as a job does). */
  async function runJob(
    steps: readonly ShellStep[],
    env: Record<string, string>,
    between: (env: Record<string, string>) => Promise<Record<string, string>> = async () => ({}),
  ): Promise<StepRun[]> {
    const runs: StepRun[] = [];
    let current = { ...runner, ...env };
    for (const step of steps) {
      const run = await runStep(step, checkout, current);
      runs.push(run);
      if (run.code !== 0) break;
      current = { ...current, ...(await between(current)) };
    }
    return runs;
  }

  function expectSignedInByFederation(runs: readonly StepRun[]) {
    const whoami = runs.find((r) => r.step.script.includes("npx vaultlink whoami"));
    expect(whoami?.stdout).toContain(
      `Signed in as application ${PIPELINE_IDENTITY.clientId} (tenant ${PIPELINE_IDENTITY.tenantId}) via workload identity`,
    );
    expect(entra.tokenRequests.length).toBeGreaterThan(0);
    for (const request of entra.tokenRequests) {
      expect(request.form.client_assertion).toBe(FEDERATED_TOKEN);
      expect(request.form.client_id).toBe(PIPELINE_IDENTITY.clientId);
      expect(request.form.scope).toBe("https://management.azure.com/.default");
      expect(request.form.client_secret).toBeUndefined();
    }
  }

  describe("GitHub Actions", () => {
    const expressions = {
      "vars.AZURE_CLIENT_ID": PIPELINE_IDENTITY.clientId,
      "vars.AZURE_TENANT_ID": PIPELINE_IDENTITY.tenantId,
      "github.token": "github-token",
      "github.event.pull_request.number": "42",
    };
    const githubRunner = () => ({
      RUNNER_TEMP: join(dir, "temp"),
      GITHUB_ENV: join(dir, "github-env"),
      ACTIONS_ID_TOKEN_REQUEST_URL: `${ci.url}/oidc-token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token",
    });
    const fromGithubEnv = async () => githubEnvAdditions(join(dir, "github-env"));

    it("on a pull request: signs in by OIDC, posts the dry run's markdown summary, and writes nothing", async () => {
      const steps = await githubJobSteps(GITHUB, "dry-run", expressions);
      const runs = await runJob(steps, githubRunner(), fromGithubEnv);
      expect(runs.map((r) => [r.step.name, r.code, r.stderr.includes("Error:") ? r.stderr : ""])).toEqual(
        steps.map((s) => [s.name, 0, ""]),
      );
      expectSignedInByFederation(runs);
      expect(ci.requests.filter((r) => r.path.startsWith("/oidc-token")).length).toBe(1);

      const calls = await readFile(join(capture, "gh-calls"), "utf8");
      expect(calls.trim()).toBe("pr comment 42 --body-file plan.md");
      const comment = await readFile(join(capture, "gh-comment.md"), "utf8");
      expect(comment).toMatch(/^\*\*Plan: \d+ to create, \d+ to update, 0 blocked/m);
      expect(comment).toContain("<details>");
      expect(writes()).toBe(0);
    });

    it("on merge: applies the plan with --yes, after which a dry run has nothing to do", async () => {
      const steps = await githubJobSteps(GITHUB, "apply", expressions);
      const runs = await runJob(steps, githubRunner(), fromGithubEnv);
      expect(runs.map((r) => [r.step.name, r.code])).toEqual(steps.map((s) => [s.name, 0]));
      expectSignedInByFederation(runs);
      expect(writes()).toBeGreaterThan(0);
      const again = await runBuiltCli([
        "apply",
        join(checkout, "plans", "backup-endpoints.plan.json"),
        "--dry-run",
        "--detailed-exitcode",
        "--sandbox",
        sandbox.url,
      ]);
      expect(again.code).toBe(0);
    });

    it("fails the sign-in step, naming workload identity, when the federated token is not the pipeline's", async () => {
      const steps = await githubJobSteps(GITHUB, "dry-run", {
        ...expressions,
        "vars.AZURE_CLIENT_ID": "00000000-0000-0000-0000-000000000001",
      });
      const runs = await runJob(steps, githubRunner(), fromGithubEnv);
      const failed = runs.at(-1);
      expect(failed?.step.name).toBe("Sign in");
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain("workload identity");
      expect(failed?.stderr).not.toMatch(/\n\s+at /);
      expect(failed?.stderr).not.toContain(FEDERATED_TOKEN);
    });
  });

  describe("Azure Pipelines", () => {
    const expressions = {
      "System.AccessToken": "ado-build-token",
      serviceConnection: "vaultlink-workload-identity",
    };
    /** What the agent and AzureCLI@2 (addSpnToEnvironment) put in a step's environment. */
    const agent = () => ({
      AGENT_TEMPDIRECTORY: join(dir, "temp"),
      SYSTEM_COLLECTIONURI: `${ci.url}/contoso/`,
      SYSTEM_TEAMPROJECTID: "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c",
      BUILD_REPOSITORY_ID: "3c4e2a1b-7d9f-4e6a-8b0c-1d2e3f4a5b6c",
      SYSTEM_PULLREQUEST_PULLREQUESTID: "17",
      idToken: FEDERATED_TOKEN,
      servicePrincipalId: PIPELINE_IDENTITY.clientId,
      tenantId: PIPELINE_IDENTITY.tenantId,
    });

    it("on a pull request: signs in by OIDC, posts the dry run as a pull-request thread, and writes nothing", async () => {
      const steps = await azurePipelinesStageSteps(AZURE_PIPELINES, "dryRun", expressions);
      expect(steps.some((s) => s.signsIn)).toBe(true);
      const runs = await runJob(steps, agent());
      expect(runs.map((r) => [r.step.name, r.code, r.stderr.includes("Error:") ? r.stderr : ""])).toEqual(
        steps.map((s) => [s.name, 0, ""]),
      );
      expectSignedInByFederation(runs);
      const [thread] = ci.requests.filter((r) => r.path.includes("/threads"));
      expect(thread?.path).toBe(
        "/contoso/6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c/_apis/git/repositories/3c4e2a1b-7d9f-4e6a-8b0c-1d2e3f4a5b6c/pullRequests/17/threads?api-version=7.1",
      );
      expect(thread?.authorization).toBe("Bearer ado-build-token");
      const posted = JSON.parse(thread?.body ?? "{}");
      expect(posted.comments[0].content).toMatch(/^\*\*Plan: \d+ to create, \d+ to update, 0 blocked/m);
      expect(writes()).toBe(0);
    });

    it("on merge: applies the plan with --yes", async () => {
      const steps = await azurePipelinesStageSteps(AZURE_PIPELINES, "apply", expressions);
      const runs = await runJob(steps, agent());
      expect(runs.map((r) => [r.step.name, r.code])).toEqual(steps.map((s) => [s.name, 0]));
      expectSignedInByFederation(runs);
      expect(writes()).toBeGreaterThan(0);
    });
  });
});
