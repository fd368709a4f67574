import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAzureAdapter } from "../../../../src/azure/adapter.js";
import { type RunningSandbox, startSandbox } from "../../../../src/sandbox/server.js";
import { ReviewStep } from "../../../../src/ui/steps/review/ReviewStep.js";
import type { WizardServices } from "../../../../src/ui/wizard-services.js";
import { policyTenant } from "../../../cli/network-tenant.js";
import {
  DEMO_SUBSCRIPTIONS,
  demoEndpoints,
  demoSubnetId,
  demoVaultId,
  drive,
  PLANNED_AT,
  recorder,
  SUB_CONNECTIVITY,
  stateAt,
} from "../../wizard-harness.js";

/**
 * The review on a locked-down, policy-managed tenant (test/cli/network-tenant.ts): the wizard shows the same network
 * and policy findings as the dry run, because it is the dry run.
 */
describe("the review step on a locked-down hub-and-spoke tenant with the backup DNS policy", () => {
  let sandbox: RunningSandbox;
  let services: WizardServices;
  let dir: string;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, seed: "review network findings", state: policyTenant() });
    dir = await mkdtemp(join(tmpdir(), "vaultlink-ui-network-"));
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    services = {
      adapter,
      targetDescription: "a locked-down tenant",
      cloud: "AzureCloud",
      now: () => PLANNED_AT,
      cwd: dir,
      preselectedSubscriptions: [],
      dnsServer: `${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`,
      planSchemaPath: join(dir, "schema", "plan.v1.json"),
    };
  });

  afterEach(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the NSG, route, firewall, hub-only link and policy coverage findings with their fixes", async () => {
    const vault = await services.adapter.getVault(demoVaultId("rsv-prod-weu"));
    const secondarySubnet = demoSubnetId(
      SUB_CONNECTIVITY,
      "rg-hub-network-neu",
      "vnet-hub-neu",
      "snet-privateendpoints",
    );
    const state = stateAt("review", {
      subscriptionIds: DEMO_SUBSCRIPTIONS,
      vault,
      endpoints: demoEndpoints("rsv-prod-weu").filter((e) => e.name.endsWith("-hub")),
      dns: {
        strategy: "privateZones",
        zoneResourceGroupId: `/subscriptions/${SUB_CONNECTIVITY}/resourceGroups/rg-private-dns`,
        zoneGroups: "policyManaged",
        extraLinkedVirtualNetworkIds: [],
      },
      guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
      secondary: {
        kind: "add",
        name: "pe-rsv-prod-weu-secondary",
        subnetId: secondarySubnet,
        virtualNetworkId: secondarySubnet.replace(/\/subnets\/.*$/, ""),
        location: "northeurope",
      },
    });
    const step = drive(
      <ReviewStep
        state={state}
        dispatch={recorder().dispatch}
        services={services}
        active
        height={400}
        onSavedOnly={() => undefined}
      />,
    );
    const screen = (await step.waitFor("Apply now (saves the plan first)")).replace(/\s+/g, " ");
    expect(screen).toContain(
      "[nsg-blocks-endpoint-inbound] NSG nsg-snet-pe-hub-weu on endpoint subnet vnet-hub-weu/snet-privateendpoints",
    );
    expect(screen).toContain(
      "az network nsg rule create --resource-group rg-hub-network-weu --nsg-name nsg-snet-pe-hub-weu",
    );
    expect(screen).toContain("[workload-route-to-endpoint-via-appliance]");
    expect(screen).toContain("[firewall-must-allow-entra-id]");
    expect(screen).toContain("vaultlink guidance PLAN --format azure-firewall");
    expect(screen).toMatch(
      /\[workload-vnet-not-linked\] The plan links the private DNS zones to vnet-hub-weu, vnet-hub-neu only, where the endpoints are\. Workload VNet vnet-spoke-app-weu/,
    );
    expect(screen).toContain(
      "Azure Policy adds the primary endpoints' zone groups, vaultlink the secondary's",
    );
    expect(screen).toContain(
      "[policy-covers-endpoint] Azure Policy adds the zone groups of pe-rsv-prod-weu-hub",
    );
    expect(screen).toContain("create DNS zone group of pe-rsv-prod-weu-secondary");
    step.unmount();
  });
});
