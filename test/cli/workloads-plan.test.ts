import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";

const SPOKE_SUBNET =
  "/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg-spoke-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu/subnets/snet-privateendpoints";

interface Finding {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly source: string;
  readonly subject?: string;
  readonly fix: string;
}

/**
 * The wizard keeps what the vault will protect in the plan (`workloads`). Read back by the CLI, it sizes the endpoint
 * subnets with the MABS how-to's 10 + n addresses for a backup server with n data sources, and the dry run says
 * what each workload needs.
 */
describe("a plan's workloads", () => {
  let directory: string;
  let example: Record<string, unknown>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "vaultlink-workloads-"));
    example = JSON.parse(await readFile("examples/private-zones.plan.json", "utf8"));
    delete example.$schema;
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function planWith(name: string, workloads: unknown): Promise<string> {
    const path = join(directory, `${name}.plan.json`);
    await writeFile(path, JSON.stringify({ ...example, workloads }, null, 2));
    return path;
  }

  it("round-trips through show, and the dry run lists what each workload needs with public sources", async () => {
    const plan = await planWith("sql-mabs", [
      { kind: "sqlServerInAzureVm" },
      { kind: "mabs", majorVersion: 4, dataSources: 5 },
      { kind: "azureVm" },
    ]);
    const show = await runBuiltCli(["show", plan]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(
      "Workloads: SQL Server in Azure VMs, MABS v4 (5 data sources), Azure VM backup",
    );
    const shown = await runBuiltCli(["show", plan, "-o", "json"]);
    expect(JSON.parse(shown.stdout).summary.workloads).toBe(
      "SQL Server in Azure VMs, MABS v4 (5 data sources), Azure VM backup",
    );

    const dryRun = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", "-o", "json"]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    const findings = JSON.parse(dryRun.stdout).findings as Finding[];
    const byCode = (code: string) => findings.find((f) => f.code === code);
    expect(byCode("workload-uses-endpoints")?.message).toContain("SQL Server in Azure VMs, MABS v4");
    expect(byCode("entra-id-outbound-needed")?.severity).toBe("info");
    expect(byCode("backup-server-subnet-sizing")?.message).toContain(
      "an endpoint subnet needs 10 + 5 = 15 free addresses",
    );
    expect(byCode("backup-server-subnet-sizing")?.source).toBe(
      "https://learn.microsoft.com/azure/backup/private-endpoint-configure-vault-backup-server",
    );
    expect(byCode("vm-file-recovery-restricted")?.fix).toContain("trusted Microsoft services");
    for (const finding of findings) expect(finding.source).toMatch(/https:\/\/|^vaultlink/);
  });

  it("sizes the endpoint subnets at 10 + n: 120 data sources do not fit a /25 with 123 free (exit 3)", async () => {
    const plan = await planWith("mabs-120", [{ kind: "mabs", majorVersion: 4, dataSources: 120 }]);
    const dryRun = await runBuiltCli(["apply", plan, "--dry-run", "--sandbox", "-o", "json"]);
    expect(dryRun.code).toBe(3);
    const { actions } = JSON.parse(dryRun.stdout) as {
      actions: { kind: string; findings?: Finding[] }[];
    };
    const tooSmall = actions
      .flatMap((a) => a.findings ?? [])
      .find((f) => f.code === "subnet-too-small" && f.subject === SPOKE_SUBNET);
    expect(tooSmall?.message).toBe(
      "Subnet vnet-spoke-app-weu/snet-privateendpoints (10.1.0.0/25) has 123 free addresses; 1 endpoint × 10 IPs + 120 for the backup server's data sources need 130.",
    );
    // Without the server, the same subnet takes the endpoint.
    const without = await runBuiltCli(["apply", await planWith("none", []), "--dry-run", "--sandbox"]);
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).not.toContain("subnet-too-small");
  });

  it("refuses a workload the schema does not know, naming the field", async () => {
    const plan = await planWith("bad", [{ kind: "mabs", majorVersion: 4, dataSources: -1 }]);
    const run = await runBuiltCli(["show", plan]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("workloads[0].dataSources");
  });
});
