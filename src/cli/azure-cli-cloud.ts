import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { CLOUD_NAMES, type CloudName } from "../core/clouds.js";
import { UserError } from "../core/user-error.js";

/**
 * The Azure CLI keeps its active cloud (`az cloud set`) as `name` in the `[cloud]` section of its INI config file
 * (azure-cli, src/azure-cli-core/azure/cli/core/cloud.py get_active_cloud_name, read through knack's CLIConfig,
 * which lets the environment variable AZURE_CLOUD_NAME override it). No file, section or key means AzureCloud.
 * Returns the name as written, or undefined when the file does not set one.
 */
export function activeCloudInAzureCliConfig(configText: string): string | undefined {
  let section = "";
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = (header[1] ?? "").trim().toLowerCase();
      continue;
    }
    // Python's configparser accepts `key = value` and `key: value`, keys without regard to case.
    const entry = /^([^=:]+)[=:](.*)$/.exec(line);
    if (section === "cloud" && entry && (entry[1] ?? "").trim().toLowerCase() === "name") {
      const value = (entry[2] ?? "").trim();
      return value === "" ? undefined : value;
    }
  }
  return undefined;
}

/** Where the Azure CLI reads its config: $AZURE_CONFIG_DIR/config, else ~/.azure/config (knack CLIConfig). */
export function azureCliConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.AZURE_CONFIG_DIR || join(homedir(), ".azure"), "config");
}

/**
 * The cloud the Azure CLI would use, for when --cloud is not given: AZURE_CLOUD_NAME, else the config file, else
 * AzureCloud (az's default). A custom cloud registered with `az cloud register` is refused: vaultlink knows the
 * endpoints and DNS suffixes of the three public clouds only.
 */
export async function azureCliActiveCloud(env: NodeJS.ProcessEnv): Promise<CloudName> {
  const path = azureCliConfigPath(env);
  let name = env.AZURE_CLOUD_NAME || undefined;
  let from = "AZURE_CLOUD_NAME";
  if (name === undefined) {
    try {
      name = activeCloudInAzureCliConfig(await readFile(path, "utf8"));
      from = path;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") {
        throw new UserError(
          `Cannot read the Azure CLI's config ${path} (${code ?? "error"}) to learn its cloud.`,
          {
            hint: "Pass --cloud AzureCloud|AzureUSGovernment|AzureChinaCloud, or fix the file's permissions.",
          },
        );
      }
    }
  }
  if (name === undefined) return "AzureCloud";
  const wanted = name.toLowerCase();
  const found = CLOUD_NAMES.find((cloud) => cloud.toLowerCase() === wanted);
  if (found === undefined) {
    throw new UserError(
      `The Azure CLI's active cloud is "${name}" (${from}), which vaultlink does not support.`,
      {
        hint: `Pass --cloud with one of ${CLOUD_NAMES.join(", ")}, or switch the Azure CLI with \`az cloud set --name NAME\`.`,
      },
    );
  }
  return found;
}
