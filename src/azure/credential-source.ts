/**
 * The ways vaultlink can sign in, in the order it tries them: @azure/identity's DefaultAzureCredential order
 * (defaultAzureCredential.js in 4.14.1: environment, workload identity, managed identity, then the developer tools
 * Azure CLI, Azure PowerShell, Azure Developer CLI), without its VS Code and broker members, which need plugins
 * vaultlink does not ship. `deviceCode` is used alone, when asked for with --device-code.
 */
export const CHAIN_SOURCES = [
  "environment",
  "workloadIdentity",
  "managedIdentity",
  "azureCli",
  "azurePowerShell",
  "azureDeveloperCli",
] as const;

export type CredentialSource = (typeof CHAIN_SOURCES)[number] | "deviceCode";

export const CREDENTIAL_SOURCE_LABELS: Readonly<Record<CredentialSource, string>> = {
  environment: "environment variables",
  workloadIdentity: "workload identity",
  managedIdentity: "managed identity",
  azureCli: "Azure CLI",
  azurePowerShell: "Azure PowerShell",
  azureDeveloperCli: "Azure Developer CLI",
  deviceCode: "device code",
};
