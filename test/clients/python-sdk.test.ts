import { afterAll, describe, expect, it } from "vitest";
import { SUB_PROD } from "../../src/sandbox/demo-network.js";
import { requireTool, runTool, type ServedSandbox, serveSandboxWithTls } from "./served-sandbox.js";

const RG = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu`;
// West Europe's backup geo code is "we": https://learn.microsoft.com/azure/backup/scripts/geo-code-list
const ZONE_NAME = "privatelink.we.backup.windowsazure.com";
/** Debian's interpreter: python3-azure installs into its dist-packages, not into another Python on PATH. */
const PYTHON = "/usr/bin/python3";

/**
 * The Azure SDK for Python as Debian ships it (`python3-azure`: azure-mgmt-network, -privatedns, -recoveryservices,
 * azure-identity) runs test/clients/python-sdk-flow.py against `vaultlink sandbox --tls`: the mgmt clients with the
 * sandbox as their ARM endpoint and azure-identity's ManagedIdentityCredential reading the sandbox's token endpoint.
 */
describe("the Azure SDK for Python against vaultlink sandbox --tls", () => {
  let sandbox: ServedSandbox | undefined;
  afterAll(() => sandbox?.stop());

  it("lists the vaults, creates an endpoint, a zone, a link and a zone group, and reads them back", async (context) => {
    await requireTool(context, {
      file: PYTHON,
      args: [
        "-c",
        "import azure.identity, azure.mgmt.network, azure.mgmt.privatedns, azure.mgmt.recoveryservices",
      ],
      install: "python3-azure (apt-get install python3-azure)",
    });
    sandbox = await serveSandboxWithTls();
    const run = await runTool(PYTHON, ["test/clients/python-sdk-flow.py"], {
      PATH: process.env.PATH ?? "",
      // azure-core sends through Python requests, which trusts the sandbox's certificate through this variable.
      REQUESTS_CA_BUNDLE: sandbox.certFile,
      // azure-identity's ManagedIdentityCredential asks this endpoint for its token.
      MSI_ENDPOINT: sandbox.tokenEndpoint,
      SANDBOX_URL: sandbox.url,
      SUBSCRIPTION_ID: SUB_PROD,
      RESOURCE_GROUP: "rg-spoke-app-weu",
      VAULT_NAME: "rsv-lrs-weu",
      SUBNET_ID: `${VNET}/subnets/snet-privateendpoints`,
      VNET_ID: VNET,
      ZONE_NAME,
      ENDPOINT_NAME: "pe-rsv-lrs-weu-python",
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);

    expect(result.vaults).toContain("rsv-lrs-weu");
    expect(result.endpoint).toMatchObject({
      provisioningState: "Succeeded",
      groupIds: ["AzureBackup"],
      connectionStatus: "Approved",
    });
    expect(result.zone.provisioningState).toBe("Succeeded");
    expect(result.link).toMatchObject({ provisioningState: "Succeeded", linkState: "Completed" });
    expect(result.link.virtualNetwork.toLowerCase()).toBe(VNET.toLowerCase());
    expect(result.zoneGroup.provisioningState).toBe("Succeeded");
    expect(result.zoneGroup.zones.map((id: string) => id.toLowerCase())).toEqual([
      result.zone.id.toLowerCase(),
    ]);
    const backupFqdns = result.endpoint.fqdns.filter((fqdn: string) => fqdn.endsWith(`.${ZONE_NAME}`)).sort();
    expect(backupFqdns.length).toBeGreaterThan(0);
    expect([...result.zoneGroup.recordSets].sort()).toEqual(backupFqdns);
    expect(result.aRecords.map((fqdn: string) => fqdn.replace(/\.$/, ""))).toEqual(backupFqdns);
  }, 120_000);
});
