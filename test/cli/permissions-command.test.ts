import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runBuiltCli } from "./run-cli.js";

const DEV_RG = "/subscriptions/c4b3a291-0f8e-4d7c-b6a5-948372615f0e/resourceGroups/rg-dev-uks";
const ENDPOINT = `${DEV_RG}/providers/Microsoft.Network/privateEndpoints/pe-rsv-dev-uks-dev-backup`;

describe("vaultlink apply as a caller without Network Contributor", () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({
      deniedActions: [{ action: "Microsoft.Network/privateEndpoints/write", scope: DEV_RG }],
    });
  });
  afterEach(() => sandbox.close());

  it("says before writing which roles the writes need", async () => {
    const { code, stdout } = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      "--dry-run",
      "--sandbox",
      sandbox.url,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Permissions these writes need");
    expect(stdout).toMatch(/^ {2}Network Contributor on resource group rg-dev-uks$/m);
    expect(stdout).toMatch(/^ {4}for Microsoft\.Network\/privateEndpoints\/write$/m);
    expect(stdout).toMatch(/^ {2}Network Contributor on virtual network vnet-dev-uks$/m);
    expect(stdout).toMatch(/^ {2}Backup Contributor or Contributor on vault rsv-dev-uks$/m);
  });

  it("a 403 on the endpoint write names the action, the scope and the role, and exits 1", async () => {
    const { code, stdout, stderr } = await runBuiltCli([
      "apply",
      "examples/custom-dns.plan.json",
      "--sandbox",
      sandbox.url,
      "--yes",
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `✗ private endpoint pe-rsv-dev-uks-dev-backup (AzureBackup) in vnet-dev-uks/snet-default: Not allowed to create or update private endpoint ${ENDPOINT}: the signed-in identity lacks Microsoft.Network/privateEndpoints/write over ${ENDPOINT}; the built-in role Network Contributor on resource group rg-dev-uks grants it.`,
    );
    expect(stdout).toContain(
      `Hint: Ask for Network Contributor on resource group rg-dev-uks (an owner can run: az role assignment create --assignee 9c3e1f0a-5b2d-4e8f-a1c7-0d6b4f2e8a13 --role "Network Contributor" --scope ${DEV_RG})`,
    );
    // The vault's public access waits for the owner's approval of the endpoint, so it is never attempted.
    expect(stdout).not.toMatch(/^[✓✗-] public network access of vault rsv-dev-uks/m);
    expect(stderr).toContain("1 change failed, 0 skipped; 0 succeeded.");
    expect(sandbox.snapshot().resources.some((r) => r.id.toLowerCase() === ENDPOINT.toLowerCase())).toBe(
      false,
    );
  });
});
