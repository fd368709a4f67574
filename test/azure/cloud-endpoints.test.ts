import { readFile } from "node:fs/promises";
import type { Pipeline, PipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, test } from "vitest";
import { createAzureClients } from "../../src/azure/client-factory.js";
import { type CloudName, cloudFor } from "../../src/core/clouds.js";
import { parsePlanText } from "../../src/core/plan/plan-codec.js";
import { summarisePlan } from "../../src/core/plan/plan-summary.js";

/*
 * Per cloud: where each of the five SDK clients sends ARM requests, which token scope it asks for, and which private
 * DNS zones a plan in that cloud needs. No request leaves the machine: a policy the test adds right after the SDK's
 * bearer policy (through the pipeline's public addPolicy) records the signed request the client built and stops it
 * there, so the URL and the scope the bearer policy asked the credential for are both the real ones.
 */

const SUBSCRIPTION = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv`;

const CASES: readonly {
  cloud: CloudName;
  arm: string;
  scope: string;
  primary: string;
  secondary: string;
  zones: string[];
}[] = [
  {
    cloud: "AzureCloud",
    arm: "https://management.azure.com",
    scope: "https://management.azure.com/.default",
    primary: "westeurope",
    secondary: "northeurope",
    zones: [
      "privatelink.we.backup.windowsazure.com",
      "privatelink.blob.core.windows.net",
      "privatelink.queue.core.windows.net",
      "privatelink.ne.backup.windowsazure.com",
    ],
  },
  {
    cloud: "AzureUSGovernment",
    arm: "https://management.usgovcloudapi.net",
    scope: "https://management.usgovcloudapi.net/.default",
    primary: "usgovvirginia",
    secondary: "usgovtexas",
    zones: [
      "privatelink.ugv.backup.windowsazure.us",
      "privatelink.blob.core.usgovcloudapi.net",
      "privatelink.queue.core.usgovcloudapi.net",
      "privatelink.ugt.backup.windowsazure.us",
    ],
  },
  {
    cloud: "AzureChinaCloud",
    arm: "https://management.chinacloudapi.cn",
    scope: "https://management.chinacloudapi.cn/.default",
    primary: "chinanorth3",
    secondary: "chinaeast3",
    zones: [
      "privatelink.bjb3.backup.windowsazure.cn",
      "privatelink.blob.core.chinacloudapi.cn",
      "privatelink.queue.core.chinacloudapi.cn",
      "privatelink.sha3.backup.windowsazure.cn",
    ],
  },
];

/** The shipped example plan, moved into another cloud and its regions. */
async function planIn(cloud: CloudName, primary: string, secondary: string): Promise<string> {
  const plan = JSON.parse(await readFile("examples/private-zones.plan.json", "utf8"));
  plan.cloud = cloud;
  plan.vault.location = primary;
  plan.secondaryRegion = secondary;
  for (const endpoint of plan.endpoints) {
    endpoint.location = endpoint.groupId === "AzureBackup_secondary" ? secondary : primary;
  }
  return JSON.stringify(plan);
}

class Stopped extends Error {}

/** Records the URL of the request the client built and signed, then stops it before it is sent. */
function stopBeforeSending(client: { pipeline: Pipeline }, urls: string[]): void {
  client.pipeline.addPolicy(
    {
      name: "testStopBeforeSending",
      sendRequest: (request: PipelineRequest) => {
        urls.push(request.url);
        return Promise.reject(new Stopped(request.url));
      },
    },
    { afterPolicies: ["bearerTokenAuthenticationPolicy"] },
  );
}

describe.each(CASES)("$cloud", ({ cloud, arm, scope, primary, secondary, zones }) => {
  test(`all five clients send ARM requests to ${arm}, signed with a token for ${scope}`, async () => {
    const asked: string[] = [];
    const urls: string[] = [];
    const clients = await createAzureClients({
      kind: "cloud",
      cloud: cloudFor(cloud),
      credential: {
        getToken: async (scopes) => {
          asked.push(...(typeof scopes === "string" ? [scopes] : scopes));
          return { token: "test-token", expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      },
    });
    const network = await clients.network(SUBSCRIPTION);
    const privateDns = await clients.privateDns(SUBSCRIPTION);
    const recoveryServices = await clients.recoveryServices(SUBSCRIPTION);
    const backup = await clients.backup(SUBSCRIPTION);
    const subscriptions = await clients.subscriptions();
    for (const client of [network, privateDns, recoveryServices, backup, subscriptions])
      stopBeforeSending(client, urls);

    await expect(network.virtualNetworks.get("rg", "vnet")).rejects.toBeInstanceOf(Stopped);
    await expect(
      privateDns.privateZones.get("rg", "privatelink.blob.core.windows.net"),
    ).rejects.toBeInstanceOf(Stopped);
    await expect(recoveryServices.vaults.get("rg-backup", "rsv")).rejects.toBeInstanceOf(Stopped);
    await expect(backup.backupProtectedItems.list("rsv", "rg-backup").next()).rejects.toBeInstanceOf(Stopped);
    await expect(subscriptions.subscriptions.list().next()).rejects.toBeInstanceOf(Stopped);

    expect(urls).toHaveLength(5);
    for (const url of urls) expect(new URL(url).origin).toBe(arm);
    expect(urls[2]?.startsWith(`${arm}${VAULT_ID}?api-version=`)).toBe(true);
    // Each client's bearer policy asked once, for this cloud's scope (the SDK's default is the public cloud's).
    expect(asked).toEqual([scope, scope, scope, scope, scope]);
  });

  test(`a plan in ${cloud} needs its own zone names`, async () => {
    const summary = summarisePlan(parsePlanText(await planIn(cloud, primary, secondary), "plan.json"));
    expect(summary.cloud).toBe(cloud);
    expect([...summary.zoneNames].sort()).toEqual([...zones].sort());
  });
});
