import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import {
  arm,
  createEndpoint,
  endpointBody,
  NETWORK,
  PROD_SPOKE,
  SUB_CONNECTIVITY,
  VAULTS,
  VAULTS_RG,
} from "./arm-requests.js";

const subnet = (name: string) => `${PROD_SPOKE}/virtualNetworks/vnet-spoke-app-weu/subnets/${name}`;
const PE = `${PROD_SPOKE}/privateEndpoints/pe-rsv-prod-weu`;

describe("a PUT on a private endpoint that exists", () => {
  let sandbox: RunningSandbox;
  const body = endpointBody("rsv-prod-weu", subnet("snet-privateendpoints"));
  beforeEach(async () => {
    sandbox = await startSandbox();
    expect(await createEndpoint(sandbox, PE, body)).toBe("Succeeded");
  });
  afterEach(() => sandbox.close());

  it("changes nothing when the body is the same: 200 with the same resource and etag", async () => {
    const before = await arm(sandbox, "GET", PE, { apiVersion: NETWORK });
    const again = await arm(sandbox, "PUT", PE, { apiVersion: NETWORK, body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(before.body);
    expect((await arm(sandbox, "GET", PE, { apiVersion: NETWORK })).body).toEqual(before.body);
  });

  it("takes new tags with a new etag", async () => {
    const before = await arm(sandbox, "GET", PE, { apiVersion: NETWORK });
    const tagged = await arm(sandbox, "PUT", PE, {
      apiVersion: NETWORK,
      body: { ...body, tags: { team: "backup" } },
    });
    expect(tagged.status).toBe(200);
    expect(tagged.body.tags).toEqual({ team: "backup" });
    expect(tagged.body.etag).not.toBe(before.body.etag);
    expect(tagged.body.properties.customDnsConfigs).toEqual(before.body.properties.customDnsConfigs);
  });

  it("refuses another subnet, another connection and another location with the Network RP's codes", async () => {
    const moved = await arm(sandbox, "PUT", PE, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-prod-weu", subnet("snet-pe-shared")),
    });
    expect([moved.status, moved.body.error.code]).toEqual([
      400,
      "CannotChangeSubnetOnExistingPrivateEndpoint",
    ]);
    expect(moved.body.error.message).toContain("Requested subnet");
    const regrouped = await arm(sandbox, "PUT", PE, {
      apiVersion: NETWORK,
      body: endpointBody("rsv-prod-weu", subnet("snet-privateendpoints"), { group: "AzureBackup_secondary" }),
    });
    expect([regrouped.status, regrouped.body.error.code]).toEqual([
      400,
      "CannotChangePrivateLinkConnectionOnPrivateEndpoint",
    ]);
    const relocated = await arm(sandbox, "PUT", PE, {
      apiVersion: NETWORK,
      body: { ...body, location: "northeurope" },
    });
    expect([relocated.status, relocated.body.error.code]).toEqual([400, "InvalidResourceLocation"]);
  });
});

describe("a v2 endpoint on a vault that still has v1 endpoints", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  // The docs say v1 endpoints cannot be upgraded and advise deleting them first; no source says the service
  // refuses a new endpoint while they exist, so the sandbox does not invent a refusal (the prerequisite rules
  // warn instead).
  it("is created next to them", async () => {
    const hub = `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-hub-network-weu/providers/Microsoft.Network`;
    const pe = `${hub}/privateEndpoints/pe-rsv-legacy-weu-v2`;
    const status = await createEndpoint(
      sandbox,
      pe,
      endpointBody("rsv-legacy-weu", `${hub}/virtualNetworks/vnet-hub-weu/subnets/snet-privateendpoints`),
    );
    expect(status).toBe("Succeeded");
    const vault = await arm(sandbox, "GET", `${VAULTS_RG}/rsv-legacy-weu`, { apiVersion: VAULTS });
    expect(vault.body.properties.privateEndpointConnections).toHaveLength(2);
  });
});
