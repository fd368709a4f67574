import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hubOnlyPlan,
  lockedDownTenant,
  PE_NSG,
  SPOKE_ROUTES,
  SPOKE_VNET,
  writeJson,
} from "./network-tenant.js";
import { runBuiltCli } from "./run-cli.js";
import { type ServedSandbox, serveSandbox } from "./served-sandbox.js";

interface JsonFinding {
  severity: string;
  code: string;
  message: string;
  fix: string;
  source: string;
  subject?: string;
}

describe("network policies and routes: the endpoint subnet's NSG and the workloads' route tables are evaluated", () => {
  let directory: string;
  let sandbox: ServedSandbox;
  let plan: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-network-paths-"));
    const state = await writeJson(directory, "state.json", lockedDownTenant());
    plan = await writeJson(directory, "plan.json", hubOnlyPlan());
    sandbox = await serveSandbox(join(directory, "requests.jsonl"), ["--state", state]);
  });

  afterAll(async () => {
    await sandbox.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it("the dry run names the inbound deny, the subnets it blocks and the az command to allow them; no advice", async () => {
    const { code, stdout } = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", sandbox.url]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /warning \[nsg-blocks-endpoint-inbound\] NSG nsg-snet-pe-hub-weu on endpoint subnet vnet-hub-weu\/snet-privateendpoints \(privateEndpointNetworkPolicies Enabled\) denies inbound TCP 443 from /,
    );
    expect(stdout).toContain(
      "vnet-spoke-app-weu/snet-sql (10.1.3.0/24) by Deny-All-Inbound (priority 4000, Deny)",
    );
    // The app subnet is allowed by the rule ahead of the deny.
    expect(stdout).not.toContain("vnet-spoke-app-weu/snet-app (");
    const command = /az network nsg rule create .*$/m.exec(stdout)?.[0] ?? "";
    expect(command).toMatch(
      /^az network nsg rule create --resource-group rg-hub-network-weu --nsg-name nsg-snet-pe-hub-weu --name vaultlink-allow-backup-endpoints-443-in --priority 3999 --direction Inbound --access Allow --protocol Tcp --source-address-prefixes .*10\.1\.3\.0\/24.* --destination-address-prefixes 10\.0\.2\.0\/25 --destination-port-ranges 443$/,
    );
    expect(command).not.toContain("10.1.1.0/27");
    expect(stdout).not.toContain("endpoint-network-policies-on");
    expect(stdout).toMatch(
      /warning \[workload-route-to-endpoint-via-appliance\] Traffic from workload subnet vnet-spoke-app-weu\/snet-sql .* goes through the appliance at 10\.0\.0\.68 \(route hub-to-firewall, 10\.0\.0\.0\/22/,
    );
    expect(stdout).toMatch(
      /warning \[firewall-must-allow-entra-id\] Workload subnet vnet-spoke-app-weu\/snet-sql sends 0\.0\.0\.0\/0 to the appliance at 10\.0\.0\.68/,
    );
    expect(stdout).toContain(
      "`vaultlink guidance PLAN --format azure-firewall` prints the Azure Firewall policy rules",
    );
  });

  it("gives the same findings as JSON, each with its fix, public source and subject", async () => {
    const { code, stdout } = await runBuiltCli([
      "apply",
      plan,
      "--dry-run",
      "--sandbox",
      sandbox.url,
      "-o",
      "json",
    ]);
    expect(code).toBe(0);
    const findings = (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
    const byCode = (c: string) => findings.find((f) => f.code === c);
    expect(byCode("nsg-blocks-endpoint-inbound")).toMatchObject({ severity: "warn", subject: PE_NSG });
    expect(byCode("firewall-must-allow-entra-id")).toMatchObject({ severity: "warn", subject: SPOKE_ROUTES });
    expect(byCode("workload-route-to-endpoint-via-appliance")).toMatchObject({ severity: "warn" });
    for (const c of [
      "nsg-blocks-endpoint-inbound",
      "firewall-must-allow-entra-id",
      "workload-route-to-endpoint-via-appliance",
    ]) {
      expect(byCode(c)?.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(byCode(c)?.fix).not.toBe("");
    }
  });

  it("the guidance the finding points to prints the Azure Firewall rules for Entra ID", async () => {
    const { code, stdout } = await runBuiltCli(["guidance", plan, "--format", "azure-firewall"]);
    expect(code).toBe(0);
    expect(stdout).toContain("az network firewall policy rule-collection-group");
    expect(stdout).toContain("login.microsoftonline.com");
  });

  it("warns when the plan links the zones to the hub only: the peered spoke on Azure DNS is a workload VNet", async () => {
    const text = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", sandbox.url]);
    expect(text.stdout).toMatch(
      /warning \[workload-vnet-not-linked\] The plan links the private DNS zones to vnet-hub-weu only, where the endpoints are\. Workload VNet vnet-spoke-app-weu \(westeurope\), peered with vnet-hub-weu, uses Azure-provided DNS and is not linked/,
    );
    expect(text.stdout).toContain(`or add ${SPOKE_VNET} to dns.extraLinkedVirtualNetworkIds in the plan`);
    // vnet-hub-neu is peered with the hub too, but in the paired region: not a workload VNet of this vault.
    expect(text.stdout).not.toContain("Workload VNet vnet-hub-neu");

    const json = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", sandbox.url, "-o", "json"]);
    const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.filter((f) => f.code === "workload-vnet-not-linked")).toEqual([
      expect.objectContaining({ severity: "warn", subject: SPOKE_VNET }),
    ]);

    const linked = hubOnlyPlan() as { dns: { extraLinkedVirtualNetworkIds: string[] } };
    linked.dns.extraLinkedVirtualNetworkIds = [SPOKE_VNET];
    const both = await writeJson(directory, "linked.plan.json", linked);
    const fixed = await runBuiltCli(["apply", both, "--dry-run", "--sandbox", sandbox.url]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).not.toContain("workload-vnet-not-linked");
    expect(fixed.stdout).toMatch(
      /^\+ create {4}link of privatelink\.we\.backup\.windowsazure\.com to vnet-spoke-app-weu$/m,
    );
  });
});
