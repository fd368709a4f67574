import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";

/** Compares with a reviewed golden file; UPDATE_GOLDEN=1 rewrites it (then review the diff like code). */
async function expectGolden(name: string, text: string): Promise<void> {
  const golden = new URL(`./golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1") await writeFile(golden, text);
  expect(text).toBe(await readFile(golden, "utf8"));
}

const PLAN = "examples/private-zones.plan.json";

describe("vaultlink guidance: Microsoft Entra ID outbound, without Azure", () => {
  it.each([
    ["nsg", "az network nsg rule create", "--destination-address-prefixes 'AzureActiveDirectory'"],
    ["azure-firewall", "--rule-type ApplicationRule", "--destination-addresses AzureActiveDirectory"],
    ["fqdn-list", "login.microsoftonline.com", "download.microsoft.com/download/MARSagent/*"],
  ])("--format %s prints its commands or list with the public sources", async (format, first, second) => {
    const { code, stdout, stderr } = await runBuiltCli(["guidance", PLAN, "--format", format]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(first);
    expect(stdout).toContain(second);
    expect(stdout).toMatch(/^# source: .*https:\/\/learn\.microsoft\.com\//m);
    await expectGolden(`private-zones.guidance-${format}.txt`, stdout);
  });

  it("puts the NSG rule on the NSGs the plan names", async () => {
    const { stdout } = await runBuiltCli(["guidance", PLAN, "--format", "nsg"]);
    const plan = JSON.parse(await readFile(PLAN, "utf8"));
    const [nsgId] = plan.guidance.entraIdOutbound.networkSecurityGroupIds as string[];
    expect(stdout).toContain(`--nsg-name '${nsgId?.split("/").at(-1)}'`);
  });

  it("the FQDN list names each FQDN of endpoint sets 56 and 59 once", async () => {
    const { stdout } = await runBuiltCli(["guidance", PLAN, "--format", "fqdn-list"]);
    const names = stdout.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(["graph.microsoft.com", "*.msauth.net", "management.azure.com"]),
    );
  });

  it("-o json: one section per format, with its source", async () => {
    const one = await runBuiltCli(["guidance", PLAN, "--format", "azure-firewall", "-o", "json"]);
    expect(one.code, one.stderr).toBe(0);
    const firewall = JSON.parse(one.stdout);
    expect(Object.keys(firewall).sort()).toEqual(["azureFirewall", "plan"]);
    expect(firewall.azureFirewall.applicationRules[0].targetFqdns).toContain("login.microsoftonline.com");
    expect(firewall.azureFirewall.source).toContain("learn.microsoft.com/microsoft-365/enterprise");
    const all = JSON.parse((await runBuiltCli(["guidance", PLAN, "-o", "json"])).stdout);
    expect(Object.keys(all).sort()).toEqual(["azureFirewall", "fqdnList", "nsg", "plan"]);
    expect(all.fqdnList.marsAgentUpdateUrl).toBe("download.microsoft.com/download/MARSagent/*");
    expect(all.nsg.rules[0].azCli).toContain("AzureActiveDirectory");
  });

  it("a bad format is a usage error (exit 2) naming the choices", async () => {
    const { code, stderr } = await runBuiltCli(["guidance", PLAN, "--format", "palo-alto"]);
    expect(code).toBe(2);
    expect(stderr).toContain("nsg");
    expect(stderr).toContain("fqdn-list");
  });
});

describe("a plan with static IPs on an endpoint", () => {
  async function withStaticIp(run: (path: string) => Promise<void>): Promise<void> {
    const directory = await mkdtemp(join(tmpdir(), "vaultlink-static-ip-"));
    try {
      const plan = JSON.parse(await readFile(PLAN, "utf8"));
      plan.endpoints[0].ipConfigurations = [
        {
          name: "static-1",
          properties: { groupId: "AzureBackup", memberName: "default", privateIPAddress: "10.1.0.10" },
        },
      ];
      const path = join(directory, "static.plan.json");
      await writeFile(path, JSON.stringify(plan, null, 2));
      await run(path);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  it.each([
    ["show", []],
    ["apply", ["--dry-run", "--sandbox"]],
  ])("%s says why (the v2 experience), not 'unknown field', and exits 2", async (command, extra) => {
    await withStaticIp(async (path) => {
      const { code, stdout, stderr } = await runBuiltCli([command, path, ...extra]);
      expect(code, stdout).toBe(2);
      expect(stderr).toContain("endpoints[0].ipConfigurations:");
      expect(stderr).toContain(
        "private endpoints with static IPs are unsupported in the v2 experience due to dynamic IP expansion; registration might fail",
      );
      expect(stderr).toContain(
        "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept",
      );
      expect(stderr).not.toContain("unknown field");
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  });
});
