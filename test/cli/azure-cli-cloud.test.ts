import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { activeCloudInAzureCliConfig, azureCliActiveCloud } from "../../src/cli/azure-cli-cloud.js";
import { UserError } from "../../src/core/user-error.js";

describe("activeCloudInAzureCliConfig", () => {
  test("reads name in the [cloud] section, as `az cloud set` writes it", () => {
    const config =
      "[core]\noutput = table\n\n[cloud]\nname = AzureUSGovernment\n\n[defaults]\nname = other\n";
    expect(activeCloudInAzureCliConfig(config)).toBe("AzureUSGovernment");
  });

  test("configparser forms: `key: value`, any case in section and key, comments, CRLF", () => {
    expect(activeCloudInAzureCliConfig("# az\r\n[CLOUD]\r\n; old\r\nName: AzureChinaCloud\r\n")).toBe(
      "AzureChinaCloud",
    );
  });

  test("no [cloud] section, or a name elsewhere, sets nothing (az then uses AzureCloud)", () => {
    expect(activeCloudInAzureCliConfig("")).toBeUndefined();
    expect(activeCloudInAzureCliConfig("[core]\nname = AzureChinaCloud\n")).toBeUndefined();
  });
});

describe("azureCliActiveCloud", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "vaultlink-azconfig-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test("AZURE_CONFIG_DIR's config names the cloud; AZURE_CLOUD_NAME overrides it; no file means AzureCloud", async () => {
    expect(await azureCliActiveCloud({ AZURE_CONFIG_DIR: dir })).toBe("AzureCloud");
    await writeFile(join(dir, "config"), "[cloud]\nname = azureusgovernment\n");
    expect(await azureCliActiveCloud({ AZURE_CONFIG_DIR: dir })).toBe("AzureUSGovernment");
    expect(await azureCliActiveCloud({ AZURE_CONFIG_DIR: dir, AZURE_CLOUD_NAME: "AzureChinaCloud" })).toBe(
      "AzureChinaCloud",
    );
  });

  test("a custom cloud registered in the Azure CLI is refused with where it came from and what to do", async () => {
    await writeFile(join(dir, "config"), "[cloud]\nname = MyAzureStack\n");
    const failure = await azureCliActiveCloud({ AZURE_CONFIG_DIR: dir }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe(
      `The Azure CLI's active cloud is "MyAzureStack" (${join(dir, "config")}), which vaultlink does not support.`,
    );
    expect((failure as UserError).hint).toContain("--cloud");
  });
});
