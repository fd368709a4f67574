import { UserError } from "./user-error.js";

/** The clouds vaultlink can work in, named as `az cloud list` names them. */
export const CLOUD_NAMES = ["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

/** The public DNS suffixes behind the three private DNS zones a backup private endpoint needs. */
export interface CloudDnsSuffixes {
  /** Azure Backup's service domain; its zone is `privatelink.<geo>.<backup>`. */
  readonly backup: string;
  /** Storage blob endpoints, `<account>.<blob>`; zone `privatelink.<blob>`. */
  readonly blob: string;
  /** Storage queue endpoints, `<account>.<queue>`; zone `privatelink.<queue>`. */
  readonly queue: string;
  /**
   * Partitioned ("Azure DNS zone") blob endpoints, `<account>.zNN.<blobStorage>`, whose private records live
   * in the blob zone. null where no source states the cloud's form: vaultlink does not guess a domain.
   */
  readonly blobStorage: string | null;
}

export interface Cloud {
  readonly name: CloudName;
  readonly displayName: string;
  /** Azure Resource Manager's base URL, with the trailing slash the SDK's own table uses. */
  readonly armEndpoint: string;
  /** The scope to request an ARM token for in this cloud. */
  readonly armTokenScope: string;
  /** Microsoft Entra ID authority host for this cloud. */
  readonly authorityHost: string;
  readonly dnsSuffixes: CloudDnsSuffixes;
}

/*
 * Sources:
 * - ARM endpoints: @azure/arm-network 39.0.0, dist/esm/static-helpers/cloudSettingHelpers.js (getArmEndpoint),
 *   which agrees with az CLI's `resource_manager` in Azure/azure-cli src/azure-cli-core/azure/cli/core/cloud.py
 *   (commit 004224f7).
 * - Token scope: `<armEndpoint>.default`, the convention of the JS SDK (the modular clients default to
 *   "https://management.azure.com/.default" even when pointed at another cloud, so the adapter must pass this
 *   scope for sovereign clouds). az CLI asks for its `active_directory_resource_id` instead
 *   (https://management.core.usgovcloudapi.net/, https://management.core.chinacloudapi.cn/).
 * - Authority hosts: @azure/identity 4.14.1 AzureAuthorityHosts; az CLI `active_directory` says the same.
 * - Storage suffixes: az CLI `storage_endpoint` (core.windows.net, core.usgovcloudapi.net,
 *   core.chinacloudapi.cn) and the "Azure Private Endpoint private DNS zone values" page
 *   (MicrosoftDocs/azure-docs articles/private-link/private-endpoint-dns.md, ms.date 08/04/2025), whose
 *   Commercial, Government and China storage tables list privatelink.blob|queue.core.<suffix>.
 * - Backup: the same page gives privatelink.{regionCode}.backup.windowsazure.com (Commercial) and
 *   privatelink.{regionCode}.backup.windowsazure.us (Government). Its China tables have no Backup row; the .cn
 *   form rests on the backup service's China domain (*.backup.windowsazure.cn), see src/core/data/REGIONS.md.
 * - blob.storage.azure.net: the private-endpoint DNS page lists it only for the commercial cloud (Azure
 *   Elastic SAN row: zone privatelink.blob.core.windows.net, forwarder blob.storage.azure.net), and the
 *   Storage docs give only the `<account>.z[00-99].blob.storage.azure.net` form. No source read states a
 *   Government or China form, so those are null rather than an invented analogue.
 */
const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  AzureCloud: {
    name: "AzureCloud",
    displayName: "Azure (global)",
    armEndpoint: "https://management.azure.com/",
    armTokenScope: "https://management.azure.com/.default",
    authorityHost: "https://login.microsoftonline.com",
    dnsSuffixes: {
      backup: "backup.windowsazure.com",
      blob: "blob.core.windows.net",
      queue: "queue.core.windows.net",
      blobStorage: "blob.storage.azure.net",
    },
  },
  AzureUSGovernment: {
    name: "AzureUSGovernment",
    displayName: "Azure Government",
    armEndpoint: "https://management.usgovcloudapi.net/",
    armTokenScope: "https://management.usgovcloudapi.net/.default",
    authorityHost: "https://login.microsoftonline.us",
    dnsSuffixes: {
      backup: "backup.windowsazure.us",
      blob: "blob.core.usgovcloudapi.net",
      queue: "queue.core.usgovcloudapi.net",
      blobStorage: null,
    },
  },
  AzureChinaCloud: {
    name: "AzureChinaCloud",
    displayName: "Azure operated by 21Vianet (China)",
    armEndpoint: "https://management.chinacloudapi.cn/",
    armTokenScope: "https://management.chinacloudapi.cn/.default",
    authorityHost: "https://login.chinacloudapi.cn",
    dnsSuffixes: {
      backup: "backup.windowsazure.cn",
      blob: "blob.core.chinacloudapi.cn",
      queue: "queue.core.chinacloudapi.cn",
      blobStorage: null,
    },
  },
};

export function cloudFor(name: CloudName): Cloud {
  return CLOUDS[name];
}

/** Reads a cloud name as given on the command line or in a plan; case-insensitive, like `az cloud set`. */
export function parseCloudName(input: string): CloudName {
  const wanted = input.trim().toLowerCase();
  const found = CLOUD_NAMES.find((name) => name.toLowerCase() === wanted);
  if (found === undefined) {
    throw new UserError(`Unknown cloud "${input}".`, {
      hint: `Use one of ${CLOUD_NAMES.join(", ")} (the names \`az cloud list\` shows).`,
    });
  }
  return found;
}
