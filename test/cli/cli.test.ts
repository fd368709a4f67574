import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "./run-cli.js";

const packageVersion = JSON.parse(await readFile("package.json", "utf8")).version as string;
const ANSI_ESCAPE = "\u001b[";

function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe("vaultlink --version and --help", () => {
  it("prints the package version", async () => {
    const result = await runBuiltCli(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });
  });

  it("lists every command and the global options", async () => {
    const { code, stdout } = await runBuiltCli(["--help"]);
    expect(code).toBe(0);
    for (const command of ["apply", "show", "verify", "dns", "sandbox", "zones"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
    for (const option of [
      "--sandbox [url]",
      "--output <format>",
      "--cloud <name>",
      "--subscription",
      "--tenant",
      "--no-color",
    ]) {
      expect(stdout).toContain(option);
    }
  });

  it("shows the options of a command", async () => {
    const { code, stdout } = await runBuiltCli(["apply", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--dry-run");
    expect(stdout).toContain("--yes");
  });
});

describe("vaultlink zones", () => {
  it("prints the geo code and the three zones, not the region name", async () => {
    const { code, stdout } = await runBuiltCli(["zones", "uksouth"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Backup geo code: uks");
    expect(stdout).toContain("privatelink.uks.backup.windowsazure.com");
    expect(stdout).toContain("privatelink.blob.core.windows.net");
    expect(stdout).toContain("privatelink.queue.core.windows.net");
    expect(stdout).toContain("privatelink.ukw.backup.windowsazure.com");
    expect(stdout).not.toContain("privatelink.uksouth");
  });

  it("accepts a display name and answers in JSON", async () => {
    const { code, stdout } = await runBuiltCli(["zones", "North Europe", "--output", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      region: "northeurope",
      backupGeoCode: "ne",
      zones: { backup: "privatelink.ne.backup.windowsazure.com" },
      pairedRegion: { region: "westeurope", backupGeoCode: "we" },
    });
  });

  it("uses the region's own cloud for sovereign regions", async () => {
    const { code, stdout } = await runBuiltCli(["zones", "usgovvirginia", "-o", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      cloud: "AzureUSGovernment",
      zones: {
        backup: "privatelink.ugv.backup.windowsazure.us",
        blob: "privatelink.blob.core.usgovcloudapi.net",
      },
    });
  });

  it("refuses a region of another cloud than --cloud", async () => {
    const { code, stderr } = await runBuiltCli(["zones", "chinanorth2", "--cloud", "AzureCloud"]);
    expect(code).toBe(2);
    expect(stderr).toContain('Region "chinanorth2" is in AzureChinaCloud, not in AzureCloud.');
  });

  it("exits 2 for an unknown region and lists close matches, without a stack trace", async () => {
    const { code, stdout, stderr } = await runBuiltCli(["zones", "westeurpoe"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('Unknown Azure region "westeurpoe"');
    expect(stderr).toMatch(/Did you mean westeurope/);
    expectNoStackTrace(stderr);
  });
});

describe("vaultlink show", () => {
  it("summarises an example plan", async () => {
    const { code, stdout } = await runBuiltCli(["show", "examples/private-zones.plan.json"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Plan for vault rsv-prod-weu (westeurope, AzureCloud)");
    expect(stdout).toMatch(/pe-rsv-prod-weu-hub-backup-secondary\s+AzureBackup_secondary\s+northeurope/);
    expect(stdout).toContain("privatelink.we.backup.windowsazure.com");
    expect(stdout).toContain("privatelink.ne.backup.windowsazure.com");
  });

  it("draws the plan's topology as text, and as Mermaid with --format mermaid (the golden files)", async () => {
    const text = await runBuiltCli(["show", "examples/private-zones.plan.json"]);
    expect(text.stdout).toContain(
      (await readFile("test/engine/topology/golden/private-zones.txt", "utf8"))
        .split("\n")
        .slice(0, 6)
        .join("\n"),
    );
    const mermaid = await runBuiltCli(["show", "examples/private-zones.plan.json", "--format", "mermaid"]);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toBe(await readFile("test/engine/topology/golden/private-zones.mmd", "utf8"));
  });

  it("summarises in JSON with --output json", async () => {
    const { code, stdout } = await runBuiltCli(["show", "examples/custom-dns.plan.json", "-o", "json"]);
    expect(code).toBe(0);
    const { summary } = JSON.parse(stdout);
    expect(summary.vault.name).toBe("rsv-dev-uks");
    expect(summary.endpoints).toHaveLength(1);
    expect(summary.zoneNames).toEqual([
      "privatelink.blob.core.windows.net",
      "privatelink.queue.core.windows.net",
      "privatelink.uks.backup.windowsazure.com",
    ]);
  });

  it("does not call Deny recommended for a plan with cross-region restore (a secondary endpoint)", async () => {
    const directory = await mkdtemp(join(tmpdir(), "vaultlink-cli-"));
    try {
      const plan = JSON.parse(await readFile("examples/private-zones.plan.json", "utf8"));
      plan.guidance.publicNetworkAccess = "deny";
      const path = join(directory, "crr-deny.plan.json");
      await writeFile(path, JSON.stringify(plan));
      const { code, stdout } = await runBuiltCli(["show", path, "-o", "json"]);
      expect(code).toBe(0);
      const { summary } = JSON.parse(stdout);
      expect(summary.publicNetworkAccess).toMatch(/^set to Deny \(not recommended with cross-region restore/);
      const custom = JSON.parse(
        (await runBuiltCli(["show", "examples/custom-dns.plan.json", "-o", "json"])).stdout,
      );
      expect(custom.summary.publicNetworkAccess).toBe("set to Deny (recommended with private endpoints)");
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  describe("with a corrupted copy", () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), "vaultlink-cli-"));
    });
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    const original = () => readFile("examples/private-zones.plan.json", "utf8");
    const corruptions: [string, (text: string) => string, RegExp][] = [
      ["bad JSON", (text) => text.slice(0, text.length / 2), /: not valid JSON: /],
      [
        "a wrong type",
        (text) => text.replace('"approval": "auto"', '"approval": true'),
        /: endpoints\[0\]\.approval: /,
      ],
      [
        "an unknown version",
        (text) => text.replace('"version": 1', '"version": 2'),
        /: version: this plan is version 2/,
      ],
      ["a missing field", (text) => text.replace(/"cloud": "AzureCloud",\n\s*/, ""), /: cloud: /],
    ];

    it.each(corruptions)(
      "exits 2 with one line naming the file and field for %s",
      async (_label, corrupt, expected) => {
        const path = join(directory, "broken.plan.json");
        await writeFile(path, corrupt(await original()));
        const { code, stdout, stderr } = await runBuiltCli(["show", path]);
        expect(code).toBe(2);
        expect(stdout).toBe("");
        const [errorLine] = stderr.split("\n");
        expect(errorLine).toContain(`Error: ${path}`);
        expect(errorLine).toMatch(expected);
        expectNoStackTrace(stderr);
      },
    );

    it("exits 2 for a plan file that does not exist", async () => {
      const { code, stderr } = await runBuiltCli(["show", join(directory, "absent.json")]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/Cannot read .*absent\.json: the file does not exist\./);
    });
  });
});

describe("command line errors", () => {
  it("exits 2 for an unknown option or a missing argument", async () => {
    expect((await runBuiltCli(["--bogus"])).code).toBe(2);
    const missing = await runBuiltCli(["show"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'plan'");
  });

  it("refuses a --sandbox URL that is not loopback", async () => {
    const { code, stderr } = await runBuiltCli(["zones", "eastus", "--sandbox", "http://10.1.2.3:8443"]);
    expect(code).toBe(2);
    expect(stderr).toContain("is not a loopback address");
  });

  it("reads a bare --sandbox before a command as the built-in sandbox, not as a URL", async () => {
    const { code, stdout } = await runBuiltCli(["--sandbox", "zones", "eastus"]);
    expect(code).toBe(0);
    expect(stdout).toContain("privatelink.eus.backup.windowsazure.com");
  });

  it("refuses a subscription that is not a GUID", async () => {
    const { code, stderr } = await runBuiltCli(["zones", "eastus", "--subscription", "Production"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--subscription: "Production" is not a subscription id.');
  });
});

describe("colour", () => {
  it("colours only when asked, and NO_COLOR or --no-color win over FORCE_COLOR", async () => {
    expect((await runBuiltCli(["zones", "eastus"])).stdout).not.toContain(ANSI_ESCAPE);
    expect((await runBuiltCli(["zones", "eastus"], { FORCE_COLOR: "1" })).stdout).toContain(ANSI_ESCAPE);
    expect(
      (await runBuiltCli(["zones", "eastus"], { FORCE_COLOR: "1", NO_COLOR: "1" })).stdout,
    ).not.toContain(ANSI_ESCAPE);
    expect((await runBuiltCli(["zones", "eastus", "--no-color"], { FORCE_COLOR: "1" })).stdout).not.toContain(
      ANSI_ESCAPE,
    );
  });
});

describe("the wizard without a terminal", () => {
  it("exits 2 and says to run it in a terminal or replay a plan with apply", async () => {
    const { code, stderr } = await runBuiltCli(["--sandbox"]);
    expect(code).toBe(2);
    expect(stderr).toContain("The wizard asks questions, and vaultlink does not prompt here");
    expect(stderr).toContain("vaultlink apply PLAN");
  });
});
