/**
 * Microsoft.KeyVault (management plane) api-versions the sandbox accepts for key vault reads: the `stable/`
 * folders of specification/keyvault/resource-manager/Microsoft.KeyVault in Azure/azure-rest-api-specs that could be
 * checked here (2015-06-01, 2016-10-01, 2018-02-14, 2019-09-01, 2023-07-01). Newer and intermediate versions are
 * not listed because they could not be checked; the generated list of issue 14 should replace this one.
 */
export const KEY_VAULT_API_VERSIONS = [
  "2015-06-01",
  "2016-10-01",
  "2018-02-14",
  "2019-09-01",
  "2023-07-01",
] as const;
export const KEY_VAULT_CURRENT_API_VERSION = "2023-07-01";
