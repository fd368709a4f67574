import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { sandboxTrafficEnv } from "../support/sandbox-traffic-env.js";
import { runBuiltCli } from "./run-cli.js";

/*
 * A replay that meets a resource another write is still changing (an interrupted apply's PUT still in flight): the
 * sandbox holds the operation (POST /_sandbox/operations) so the resource is Updating when the replay reads it, and
 * ends it when the test says, so nothing depends on timing. Seen before: the replay called it done ("Nothing to do")
 * and the operation then ended Failed, leaving the zone group broken after a run that reported convergence.
 */
const PLAN = "examples/private-zones.plan.json";
const ZONE_GROUP_TYPE = "microsoft.network/privateendpoints/privatednszonegroups";

let sandbox: RunningSandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sandbox.close();
});

async function control(body: Record<string, string>): Promise<void> {
  const answer = await fetch(`${sandbox.url}/_sandbox/operations`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  expect(answer.status, await answer.text()).toBe(200);
}

function dnsServer(): string {
  return `${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`;
}

function zoneGroup(): { id: string; state: unknown } {
  const group = sandbox.snapshot().resources.find((r) => r.type.toLowerCase() === ZONE_GROUP_TYPE);
  if (group === undefined) throw new Error("the plan made no zone group");
  return { id: group.id, state: (group.properties as Record<string, unknown>).provisioningState };
}

/** `vaultlink apply PLAN --yes`; `onWait` runs once, when the run says it waits for an operation in progress. */
function applyWaiting(onWait: (child: ChildProcess) => Promise<void>, extra: readonly string[] = []) {
  const child = spawn(
    process.execPath,
    ["bin/vaultlink", "apply", PLAN, "--sandbox", sandbox.url, "--yes", ...extra],
    {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NO_COLOR: "1",
        ...sandboxTrafficEnv(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  let waited = false;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    if (!waited && /an operation is still running on DNS zone group/.test(stdout)) {
      waited = true;
      void onWait(child);
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string; waited: boolean }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr, waited })),
  );
}

describe("a replay that meets a resource whose operation is still running", () => {
  it("dry run says in progress, verify does not pass, apply waits and writes again what then Failed", async () => {
    const first = await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"]);
    expect(first.code, first.stderr).toBe(0);
    const group = zoneGroup();
    await control({ hold: group.id, state: "Updating" });

    const dryRun = await runBuiltCli([
      "apply",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--dry-run",
      "--detailed-exitcode",
    ]);
    expect(dryRun.stdout).toMatch(/^… in progress DNS zone group of \S+/m);
    expect(dryRun.stdout).toContain("provisioningState Updating: an operation is still running on it");
    expect(dryRun.stdout).toMatch(
      /^Plan: 0 to create, 0 to update, \d+ unchanged, 0 blocked, 1 in progress\.$/m,
    );
    // Not "nothing to do": a pipeline's preview must not read an unfinished operation as converged.
    expect(dryRun.code).toBe(5);

    const verify = await runBuiltCli(["verify", PLAN, "--sandbox", sandbox.url, "--dns-server", dnsServer()]);
    expect(verify.stdout).toMatch(
      /^✗ fail +DNS zone group of \S+ is provisioned: provisioning state Updating: an operation is still running$/m,
    );
    expect(verify.code).toBe(1);

    // The operation ends Failed while the replay waits: the replay must write the zone group again.
    const replay = await applyWaiting(() => control({ release: group.id, outcome: "Failed" }));
    expect(replay.waited, replay.stdout).toBe(true);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/^~ update +DNS zone group of \S+/m);
    expect(replay.stdout).toMatch(/^✓ DNS zone group of \S+/m);
    expect(zoneGroup().state).toBe("Succeeded");

    const after = await runBuiltCli(["verify", PLAN, "--sandbox", sandbox.url, "--dns-server", dnsServer()]);
    expect(after.stdout).toMatch(/^✓ pass +DNS zone group of \S+ is provisioned: Succeeded$/m);
    expect(after.code, after.stdout).toBe(0);
    const again = await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"]);
    expect(again.stdout).toContain("Nothing to do: Azure already matches the plan.");
  });

  it("keeps a resource whose operation then Succeeded, writing nothing", async () => {
    expect((await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"])).code).toBe(0);
    const group = zoneGroup();
    await control({ hold: group.id, state: "Updating" });

    const replay = await applyWaiting(() => control({ release: group.id, outcome: "Succeeded" }));

    expect(replay.waited, replay.stdout).toBe(true);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain("Nothing to do: Azure already matches the plan.");
    expect(zoneGroup().state).toBe("Succeeded");
  });

  it("exits 6 when the operation is still running after --wait-timeout, saying what and how to go on", async () => {
    expect((await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"])).code).toBe(0);
    const group = zoneGroup();
    await control({ hold: group.id, state: "Updating" });

    const replay = await applyWaiting(async () => {}, ["--wait-timeout", "1"]);

    expect(replay.code).toBe(6);
    expect(replay.stderr).toMatch(
      /^Error: Operations still running on 1 planned resource after the wait: DNS zone group of \S+ \(Updating, \/subscriptions\/.*\)\. Nothing was written\.$/m,
    );
    expect(replay.stderr).toContain(`then run \`vaultlink apply ${PLAN} --sandbox`);
    expect(replay.stderr).not.toMatch(/^\s+at /m);
    expect(zoneGroup().state).toBe("Updating");
  });

  it("Ctrl-C while waiting stops before any write, and says so", async () => {
    expect((await runBuiltCli(["apply", PLAN, "--sandbox", sandbox.url, "--yes"])).code).toBe(0);
    const group = zoneGroup();
    await control({ hold: group.id, state: "Creating" });

    const replay = await applyWaiting(async (child) => {
      child.kill("SIGINT");
    });

    expect(replay.waited, replay.stdout).toBe(true);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain("Interrupted before any write; nothing was written.");
    expect(zoneGroup().state).toBe("Creating");
  });

  it("refuses a --wait-timeout that is not whole seconds (exit 2) before reading anything", async () => {
    const run = await runBuiltCli([
      "apply",
      PLAN,
      "--sandbox",
      sandbox.url,
      "--yes",
      "--wait-timeout",
      "soon",
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--wait-timeout: "soon" is not a number of seconds.');
    expect(sandbox.requestLog()).toEqual([]);
  });
});
