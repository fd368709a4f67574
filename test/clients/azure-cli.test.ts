import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUB_PROD, TENANT_ID } from "../../src/sandbox/demo-network.js";
import { requireTool, runTool, type ServedSandbox, serveSandboxWithTls } from "./served-sandbox.js";

const RG = `/subscriptions/${SUB_PROD}/resourceGroups/rg-spoke-app-weu`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu`;
const VAULT = `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu`;
const ENDPOINT = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-rsv-prod-weu-azcli`;
// West Europe's backup geo code is "we": https://learn.microsoft.com/azure/backup/scripts/geo-code-list
const ZONE_NAME = "privatelink.we.backup.windowsazure.com";
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/${ZONE_NAME}`;
// The newest network api-version Debian's python3-azure (azure-mgmt-network 23.0.0b1) has models for.
const NETWORK_API = "2022-07-01";

/**
 * Debian's own az CLI (`apt-get install azure-cli`, 2.45 on bookworm) against `vaultlink sandbox --tls`, signed in
 * with `az login --identity` through the sandbox's managed-identity endpoint. The private DNS zone and the vault list
 * use az's own commands; the endpoint, the zone group and the VNet link go through `az resource`, az's generic ARM
 * client (with its LRO polling), because on bookworm every `az network private-endpoint …` command and
 * `az network private-dns link vnet create` fail inside az before sending anything: az 2.45 asks for
 * azure-mgmt-network's 2022-01-01 models, which Debian's python3-azure does not ship
 * ("No module named 'azure.mgmt.network.v2022_01_01'").
 */
describe("Debian's az CLI against vaultlink sandbox --tls", () => {
  let sandbox: ServedSandbox | undefined;
  let configDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    configDir = await mkdtemp(join(tmpdir(), "vaultlink-az-"));
  });
  afterAll(async () => {
    await sandbox?.stop();
    await rm(configDir, { recursive: true, force: true });
  });

  async function az(...args: string[]) {
    const run = await runTool("az", [...args, "--output", "json"], env);
    if (run.code !== 0) throw new Error(`az ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
    return run.stdout.trim() === "" ? undefined : JSON.parse(run.stdout);
  }

  it("signs in through the local managed identity, lists the vaults, creates an endpoint, a zone, a link and a zone group, and reads them back", async (context) => {
    // Asked of az's own Python without running az: a first run of az looks its version up on GitHub.
    const azVersion = await requireTool(context, {
      file: "sh",
      args: [
        "-c",
        'command -v az >/dev/null && /usr/bin/python3 -c "from azure.cli.core import __version__; print(__version__)"',
      ],
      install: "azure-cli (apt-get install azure-cli)",
    });
    // az checks for a newer release on GitHub when its config dir has no record of a check (azure.cli.core.util
    // handle_version_update): this record of one says it is up to date, so az sends nothing beyond this machine.
    await writeFile(
      join(configDir, "versionCheck.json"),
      JSON.stringify({
        versions: {
          "azure-cli": { local: azVersion, pypi: azVersion },
          core: { local: azVersion, pypi: azVersion },
        },
        update_time: new Date().toISOString().replace("T", " ").replace("Z", "000"),
      }),
    );
    sandbox = await serveSandboxWithTls();
    env = {
      PATH: process.env.PATH ?? "",
      HOME: configDir,
      AZURE_CONFIG_DIR: configDir,
      // az's HTTP stack is Python requests: it trusts the sandbox's certificate through this variable.
      REQUESTS_CA_BUNDLE: sandbox.certFile,
      // msrestazure (az login --identity) asks this endpoint for a token instead of the VM's IMDS.
      MSI_ENDPOINT: sandbox.tokenEndpoint,
      AZURE_CORE_COLLECT_TELEMETRY: "no",
      AZURE_CORE_NO_COLOR: "true",
    };

    // A cloud whose ARM endpoint is the sandbox: az reads the rest from the sandbox's /metadata/endpoints.
    await az(
      "cloud",
      "register",
      "--name",
      "VaultlinkSandbox",
      "--endpoint-resource-manager",
      `${sandbox.url}/`,
    );
    await az("cloud", "set", "--name", "VaultlinkSandbox");
    const accounts = await az("login", "--identity");
    expect(accounts.map((a: { id: string }) => a.id)).toContain(SUB_PROD);
    expect(accounts.every((a: { tenantId: string }) => a.tenantId === TENANT_ID)).toBe(true);
    await az("account", "set", "--subscription", SUB_PROD);

    // Recovery Services 2022-10-01: the version az 2.45 and python3-azure send for the vault list.
    const vaults = await az("backup", "vault", "list");
    expect(vaults.map((v: { name: string }) => v.name)).toContain("rsv-prod-weu");

    const zone = await az(
      "network",
      "private-dns",
      "zone",
      "create",
      "-g",
      "rg-spoke-app-weu",
      "-n",
      ZONE_NAME,
    );
    expect([zone.id.toLowerCase(), zone.provisioningState]).toEqual([ZONE.toLowerCase(), "Succeeded"]);

    const link = await az(
      "resource",
      "create",
      "--id",
      `${ZONE}/virtualNetworkLinks/link-spoke-app-weu`,
      "--api-version",
      "2020-06-01",
      "--is-full-object",
      "--properties",
      JSON.stringify({
        location: "global",
        properties: { virtualNetwork: { id: VNET }, registrationEnabled: false },
      }),
    );
    expect(link.properties.provisioningState).toBe("Succeeded");

    const endpoint = await az(
      "resource",
      "create",
      "--id",
      ENDPOINT,
      "--api-version",
      NETWORK_API,
      "--is-full-object",
      "--properties",
      JSON.stringify({
        location: "westeurope",
        properties: {
          subnet: { id: `${VNET}/subnets/snet-privateendpoints` },
          privateLinkServiceConnections: [
            {
              name: "pe-rsv-prod-weu-azcli",
              properties: { privateLinkServiceId: VAULT, groupIds: ["AzureBackup"] },
            },
          ],
        },
      }),
    );
    expect(endpoint.properties.provisioningState).toBe("Succeeded");

    // `az rest`, which sends the body as given: `az resource create` adds a `location` to any resource (it insists
    // on one even with --is-full-object), which a zone group does not have (the spec's PrivateDnsZoneGroup), and
    // every request of the suite follows the specs. The PUT answers at once, Updating; the read-back below waits.
    const zoneGroup = await az(
      "rest",
      "--method",
      "put",
      "--url",
      `${ENDPOINT}/privateDnsZoneGroups/default?api-version=${NETWORK_API}`,
      "--body",
      JSON.stringify({
        properties: { privateDnsZoneConfigs: [{ name: "backup", properties: { privateDnsZoneId: ZONE } }] },
      }),
    );
    expect(zoneGroup.properties.privateDnsZoneConfigs[0].properties.privateDnsZoneId).toBe(ZONE);

    // Read back, each through az.
    const shownEndpoint = await az("resource", "show", "--id", ENDPOINT, "--api-version", NETWORK_API);
    const connection = shownEndpoint.properties.privateLinkServiceConnections[0].properties;
    expect(connection.groupIds).toEqual(["AzureBackup"]);
    expect(connection.privateLinkServiceConnectionState.status).toBe("Approved");
    const backupFqdns: string[] = shownEndpoint.properties.customDnsConfigs
      .map((c: { fqdn: string }) => c.fqdn)
      .filter((fqdn: string) => fqdn.endsWith(`.${ZONE_NAME}`));
    expect(backupFqdns.length).toBeGreaterThan(0);

    const shownLink = await az(
      "network",
      "private-dns",
      "link",
      "vnet",
      "show",
      "-g",
      "rg-spoke-app-weu",
      "-z",
      ZONE_NAME,
      "-n",
      "link-spoke-app-weu",
    );
    expect(shownLink.virtualNetwork.id.toLowerCase()).toBe(VNET.toLowerCase());
    expect(shownLink.virtualNetworkLinkState).toBe("Completed");

    const shownGroup = await az(
      "resource",
      "show",
      "--id",
      `${ENDPOINT}/privateDnsZoneGroups/default`,
      "--api-version",
      NETWORK_API,
    );
    expect(shownGroup.properties.privateDnsZoneConfigs[0].properties.privateDnsZoneId.toLowerCase()).toBe(
      ZONE.toLowerCase(),
    );
    expect(shownGroup.properties.provisioningState).toBe("Succeeded");

    // The zone group wrote one A record per backup FQDN of the endpoint into the zone.
    const records = await az(
      "network",
      "private-dns",
      "record-set",
      "a",
      "list",
      "-g",
      "rg-spoke-app-weu",
      "-z",
      ZONE_NAME,
    );
    expect(records.map((r: { fqdn: string }) => r.fqdn.replace(/\.$/, "")).sort()).toEqual(
      [...backupFqdns].sort(),
    );
  }, 300_000);
});
