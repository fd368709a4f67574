/**
 * Where the facts behind findings come from, cited in each finding's `source`: public pages a user can open, each
 * with the section that says it. The v2 concept page is the one the product is specified from (its 2025-09-09
 * version, MicrosoftDocs/azure-docs articles/backup/backup-azure-private-endpoints-concept.md).
 */
const CONCEPT = "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept";
const V2_HOW_TO = "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage";

export const Source = {
  seedBeforeYouStart: `${CONCEPT} ("Considerations before you start")`,
  seedScenarios: `${CONCEPT} ("Recommended and supported scenarios")`,
  seedNetworkConnections: `${CONCEPT} ("Difference in network connections for private endpoints")`,
  seedConnectivity: `${CONCEPT} ("Network connectivity setup for a vault with private endpoints")`,
  v1HowTo:
    "https://learn.microsoft.com/azure/backup/private-endpoints (v1 how-to: the vault's managed identity creates `<endpoint>_ecs…_blob` and `_queue` endpoints after the first registration)",
  v2HowTo: `${V2_HOW_TO} (v2 how-to)`,
  providerRegistration:
    "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider (a resource provider must be registered in the subscription that uses it; az provider register)",
  mabsHowTo: "https://learn.microsoft.com/azure/backup/private-endpoint-configure-vault-backup-server",
  cmkDocsChange:
    'https://github.com/MicrosoftDocs/azure-docs/pull/128646 (July 2026: removes the concept page\'s "Unsupported scenario" section, CMK in a private endpoint-enabled key vault, as now supported)',
  dedicatedSubnets:
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub (don't deploy other resources to the gateway subnet); Azure Firewall, Azure Bastion and Route Server subnets are dedicated to them (their FAQs)",
  subnetDelegation:
    'https://github.com/MicrosoftDocs/azure-docs/issues/47048 (portal: "The selected subnet has a delegation and cannot be used with a private endpoint")',
  endpointNetworkPolicies:
    "https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy",
  crossRegionRestore: `${V2_HOW_TO}#cross-region-restore-to-a-private-endpoint-enabled-vault (the AzureBackup_secondary endpoint, counted toward the 12); ${CONCEPT} ("Considerations before you start")`,
  crossRegionRestoreEndpoint: `${V2_HOW_TO}#cross-region-restore-to-a-private-endpoint-enabled-vault (a secondary endpoint is for cross-region restore); https://learn.microsoft.com/azure/backup/backup-create-rs-vault#set-cross-region-restore (cross-region restore needs GRS and cannot be turned off)`,
  regionPairs:
    "https://learn.microsoft.com/azure/reliability/cross-region-replication-azure (Azure paired regions)",
  landingZonePolicy:
    "https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/private-link-and-dns-integration-at-scale (Azure Landing Zones' Deploy-Private-DNS-Zones policy adds zone groups for AzureBackup, not AzureBackup_secondary)",
  backupDnsPolicy:
    "https://github.com/Azure/azure-policy/blob/master/built-in-policies/policyDefinitions/Backup/AzBackupRSVault_PeDnsConfigDeploy.json (built-in policy af783da1-4ad1-42be-800d-d19c70038820: matches private endpoints with group id AzureBackup and adds a zone group of the three zones its assignment names)",
  publicAccessDenyWithCrr: `${V2_HOW_TO} ("Denial of public access is currently not supported for vaults that have Cross Region Restore enabled")`,
  backupZoneNames:
    "https://learn.microsoft.com/azure/private-link/private-endpoint-dns (privatelink.{regionCode}.backup.windowsazure.com)",
  nsgRules:
    "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview (priorities 100–4096 processed lowest first; default rules 65000–65500)",
  microsoft365EndpointSets:
    "https://learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges (Microsoft 365 Common, endpoint sets 56 and 59; live list: https://endpoints.office.com/endpoints/worldwide)",
} as const;
