import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { arm } from "./arm-requests.js";

/* The sandbox's own route for an operation still running: a resource held Updating until released. */
const ZONE =
  "/subscriptions/7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-private-dns/providers/Microsoft.Network/privateDnsZones/privatelink.example.test";

let sandbox: RunningSandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
  const created = await arm(sandbox, "PUT", ZONE, { apiVersion: "2024-06-01", body: { location: "global" } });
  expect(created.status).toBe(202);
});
afterEach(() => sandbox.close());

function control(method: string, body: string) {
  return fetch(`${sandbox.url}/_sandbox/operations`, { method, ...(method === "GET" ? {} : { body }) });
}

async function zoneState(): Promise<unknown> {
  return (await arm(sandbox, "GET", ZONE, { apiVersion: "2024-06-01" })).body.properties.provisioningState;
}

describe("POST /_sandbox/operations", () => {
  it("holds a resource in a non-terminal state for every GET, then ends it as the release says", async () => {
    expect(await zoneState()).toBe("Succeeded");

    const held = await control("POST", JSON.stringify({ hold: ZONE, state: "deleting" }));
    expect(held.status).toBe(200);
    expect(await held.json()).toEqual({ resourceId: ZONE, state: "Deleting" });
    expect(await zoneState()).toBe("Deleting");
    expect(await zoneState()).toBe("Deleting");

    const released = await control("POST", JSON.stringify({ release: ZONE, outcome: "Failed" }));
    expect(released.status).toBe(200);
    expect(await zoneState()).toBe("Failed");
  });

  it("holds Updating and releases Succeeded when the body says no more", async () => {
    await control("POST", JSON.stringify({ hold: ZONE }));
    expect(await zoneState()).toBe("Updating");
    await control("POST", JSON.stringify({ release: ZONE }));
    expect(await zoneState()).toBe("Succeeded");
  });

  it("refuses what it cannot do, saying what to send", async () => {
    const unknownResource = await control("POST", JSON.stringify({ hold: `${ZONE}-missing` }));
    expect(unknownResource.status).toBe(404);
    expect(((await unknownResource.json()) as { error: { message: string } }).error.message).toMatch(
      /is not a resource in the sandbox/,
    );

    const badState = await control("POST", JSON.stringify({ hold: ZONE, state: "Sleeping" }));
    expect(badState.status).toBe(400);
    expect(((await badState.json()) as { error: { message: string } }).error.message).toMatch(
      /"Sleeping" is not a state to hold\. Send \{"hold"/,
    );

    expect((await control("POST", "not json")).status).toBe(400);
    expect((await control("POST", "{}")).status).toBe(400);
    expect((await control("GET", "")).status).toBe(405);
    expect(await zoneState()).toBe("Succeeded");
  });
});
