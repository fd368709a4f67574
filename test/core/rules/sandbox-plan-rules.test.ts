import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/core/findings.js";
import { parsePlanText } from "../../../src/core/plan/plan-codec.js";
import type { EndpointPlan, Plan } from "../../../src/core/plan/plan-schema.js";
import { previewPlan } from "../../../src/engine/preview.js";
import { useAdapterSession } from "../../azure/sandbox-session.js";

/**
 * The plan-time rules over facts the adapter reads from the demo tenant: each rule's failing case on the resource
 * seeded for it, and its passing case on the example plan, as the dry run shows them.
 */

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
const DEV = "c4b3a291-0f8e-4d7c-b6a5-948372615f0e";
const vaultId = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/${name}`;
const spokeSubnet = (name: string) =>
  `/subscriptions/${PROD}/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu/subnets/${name}`;
const DEV_SUBNET = `/subscriptions/${DEV}/resourceGroups/rg-dev-uks/providers/Microsoft.Network/virtualNetworks/vnet-dev-uks/subnets/snet-default`;

function example(): Plan {
  const path = "examples/private-zones.plan.json";
  return parsePlanText(readFileSync(path, "utf8"), path);
}

/** The example plan with its first primary endpoint moved into another subnet. */
function withPrimaryIn(subnetId: string): Plan {
  const plan = example();
  const [first, ...rest] = plan.endpoints;
  if (first === undefined) throw new Error("the example plan has no endpoint");
  return { ...plan, endpoints: [{ ...first, subnetId }, ...rest] };
}

/** The example plan on another vault, with its secondary endpoint in `secondary` (or none). */
function onVault(name: string, secondary?: Partial<EndpointPlan>): Plan {
  const plan = example();
  const endpoints = plan.endpoints.flatMap((e) =>
    e.groupId !== "AzureBackup_secondary" ? [e] : secondary === undefined ? [] : [{ ...e, ...secondary }],
  );
  return { ...plan, vault: { ...plan.vault, id: vaultId(name) }, endpoints };
}

describe("plan-time rules on the demo tenant, as the dry run shows them", () => {
  const session = useAdapterSession();

  async function findings(plan: Plan): Promise<readonly Finding[]> {
    const preview = await previewPlan(session().adapter, plan, { refresh: false });
    if (preview.kind !== "ready") throw new Error(`preview is ${preview.kind}`);
    return preview.findings;
  }

  async function codes(plan: Plan): Promise<string[]> {
    return (await findings(plan)).map((f) => f.code);
  }

  it("the example plan on rsv-prod-weu passes every rule below", async () => {
    const passing = await codes(example());
    for (const code of [
      "subnet-too-small",
      "secondary-needs-grs",
      "cross-region-restore-off",
      "secondary-region-not-paired",
      "vault-has-protected-items",
      "too-many-endpoints",
    ])
      expect(passing).not.toContain(code);
  });

  it("blocks an endpoint in snet-tiny (/28, 9 addresses free) and in snet-app (/27, 7 free)", async () => {
    for (const subnet of ["snet-tiny", "snet-app"]) {
      const tooSmall = (await findings(withPrimaryIn(spokeSubnet(subnet)))).find(
        (f) => f.code === "subnet-too-small",
      );
      expect(tooSmall).toMatchObject({ severity: "block", subject: spokeSubnet(subnet) });
    }
  });

  it("evaluates snet-sql's NSG for the endpoints (network policies Enabled): its inbound rules let the workloads in", async () => {
    const all = await findings(withPrimaryIn(spokeSubnet("snet-sql")));
    const allowed = all.find((f) => f.code === "nsg-allows-endpoint-inbound");
    expect(allowed?.message).toContain("through AllowVnetInBound (priority 65000, Allow)");
    expect(all.map((f) => f.code)).not.toContain("endpoint-network-policies-on");
  });

  it("warns below the recommended /25 free where the legacy vault's endpoints use hub-weu's /25, not in hub-neu's or snet-sql", async () => {
    const hub = (await findings(example())).filter((f) => f.code === "subnet-below-recommended-headroom");
    expect(hub.map((f) => f.subject?.split("/").slice(-3).join("/"))).toEqual([
      "vnet-hub-weu/subnets/snet-privateendpoints",
    ]);
    const roomy = await findings(withPrimaryIn(spokeSubnet("snet-sql")));
    expect(roomy.filter((f) => f.subject === spokeSubnet("snet-sql")).map((f) => f.code)).toEqual([]);
  });

  it("blocks a secondary endpoint on the LRS vault, and warns on a GRS vault with cross-region restore off", async () => {
    expect(await codes(onVault("rsv-lrs-weu", {}))).toContain("secondary-needs-grs");
    expect(await codes(onVault("rsv-cmk-weu", {}))).toContain("cross-region-restore-off");
  });

  it("warns when the secondary endpoint is not in the vault region's pair", async () => {
    const plan = onVault("rsv-prod-weu", { subnetId: DEV_SUBNET, location: "uksouth" });
    expect(await codes(plan)).toContain("secondary-region-not-paired");
  });

  it("names the demo's zone spelled with the region (privatelink.westeurope…) in every plan on that zone group", async () => {
    const zone = (await findings(example())).find((f) => f.code === "backup-zone-named-with-region");
    expect(zone?.message).toContain("privatelink.westeurope.backup.windowsazure.com");
  });
});
