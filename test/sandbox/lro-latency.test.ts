import { afterEach, describe, expect, it } from "vitest";
import { parseLatencyProfile } from "../../src/sandbox/latency.js";
import { SandboxInputError } from "../../src/sandbox/sandbox-error.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm, ManualClock, VAULTS, VAULTS_RG } from "./arm-requests.js";

describe("long-running work takes the configured time", () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(() => sandbox?.close());

  it("parses --latency values, scaled, and refuses bad ones with a SandboxInputError", () => {
    expect(parseLatencyProfile("lro=2000ms,read=20ms,scale=0.5")).toEqual({ lro: 1000, read: 10, write: 0 });
    expect(parseLatencyProfile("lro=3s")).toEqual({ lro: 3000, read: 0, write: 0 });
    expect(() => parseLatencyProfile("lro=fast")).toThrow(SandboxInputError);
  });

  it("keeps a vault PATCH InProgress until the LRO time has passed, then Succeeded with the vault as result", async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ clock: clock.read, latency: parseLatencyProfile("lro=60s") });
    const vault = `${VAULTS_RG}/rsv-prod-weu`;
    // An api-version from before the service answered vault PATCHes at once (recovery-vaults.ts).
    const patch = await arm(sandbox, "PATCH", vault, {
      apiVersion: "2023-04-01",
      body: { properties: { publicNetworkAccess: "Disabled" } },
    });
    expect(patch.status).toBe(202);
    const statusUrl = patch.headers.get("azure-asyncoperation") ?? "";
    const resultUrl = patch.headers.get("location") ?? "";
    expect(statusUrl).toContain("/vaults/rsv-prod-weu/operationStatus/");
    expect(resultUrl).toContain("/vaults/rsv-prod-weu/operationResults/");

    clock.advance(59_000);
    expect((await arm(sandbox, "GET", statusUrl)).body.status).toBe("InProgress");
    expect((await arm(sandbox, "GET", resultUrl)).status).toBe(202);
    expect(
      (await arm(sandbox, "GET", vault, { apiVersion: VAULTS })).body.properties.publicNetworkAccess,
    ).toBe("Enabled");

    clock.advance(1_000);
    const status = await arm(sandbox, "GET", statusUrl);
    expect(status.body).toMatchObject({ status: "Succeeded", name: expect.any(String) });
    const result = await arm(sandbox, "GET", resultUrl);
    expect([result.status, result.body.properties.publicNetworkAccess]).toEqual([200, "Disabled"]);
  });

  it("refuses to turn cross-region restore off once on", async () => {
    sandbox = await startSandbox();
    const answer = await arm(sandbox, "PATCH", `${VAULTS_RG}/rsv-prod-weu`, {
      apiVersion: VAULTS,
      body: { properties: { redundancySettings: { crossRegionRestore: "Disabled" } } },
    });
    expect(answer.status).toBe(400);
  });
});
