/**
 * Where the facts behind findings come from, cited in each finding's `source`. "seed" is the v2 concept page
 * the product is specified from (learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept,
 * MicrosoftDocs/azure-docs articles/backup/backup-azure-private-endpoints-concept.md, ms.date 2025-09-09).
 */
export const Source = {
  seedBeforeYouStart:
    "seed: Considerations before you start (learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept, 2025-09-09)",
  seedScenarios:
    "seed: Recommended and supported scenarios (learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept, 2025-09-09)",
  seedNetworkConnections:
    "seed: Difference in network connections for private endpoints (learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept, 2025-09-09)",
  seedConnectivity:
    "seed: Network connectivity setup for a vault with private endpoints (learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept, 2025-09-09)",
  seedUnsupported:
    "seed: Unsupported scenario (learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept, 2025-09-09)",
  v1HowTo:
    "learn.microsoft.com/azure/backup/private-endpoints (v1 how-to, MicrosoftDocs/azure-docs articles/backup/private-endpoints.md, 2021-09-14): the vault's managed identity creates `<endpoint>_ecs…_blob` and `_queue` endpoints after the first registration",
  v2HowTo:
    "learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage (v2 how-to, 2025)",
  mabsHowTo:
    "learn.microsoft.com/azure/backup/private-endpoint-configure-vault-backup-server (2025-11); DOMAIN-FACTS: Eligibility and limits",
  cmkDocsChange: "MicrosoftDocs/azure-docs PR #128646 (2026-07); DOMAIN-FACTS: Eligibility and limits",
  dedicatedSubnets:
    "VPN Gateway settings, 'Gateway subnet': don't deploy other resources to the gateway subnet (learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub); Azure Firewall, Azure Bastion and Route Server subnets are dedicated to them (their FAQs)",
  subnetDelegation:
    'github.com/MicrosoftDocs/azure-docs/issues/47048 (portal: "The selected subnet has a delegation and cannot be used with a private endpoint")',
  endpointNetworkPolicies:
    "learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy; DOMAIN-FACTS: Network and identity",
  crossRegionRestore:
    "learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage#cross-region-restore-to-a-private-endpoint-enabled-vault (the AzureBackup_secondary endpoint, counted toward the 12); seed: Considerations before you start",
  crossRegionRestoreEndpoint:
    "learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage#cross-region-restore-to-a-private-endpoint-enabled-vault (a secondary endpoint is for cross-region restore); learn.microsoft.com/azure/backup/backup-create-rs-vault#set-cross-region-restore (cross-region restore needs GRS and cannot be turned off)",
  regionPairs: "src/core/data/regions.json region-pair tables (see src/core/data/REGIONS.md)",
  landingZonePolicy:
    "DOMAIN-FACTS: Cross-region restore (Azure Landing Zones Deploy-Private-DNS-Zones policy covers AzureBackup, not AzureBackup_secondary)",
  publicAccessDenyWithCrr:
    'learn.microsoft.com/azure/backup/backup-azure-private-endpoints-configure-manage (2025: "Denial of public access is currently not supported for vaults that have Cross Region Restore enabled"; older copies lack the note); DOMAIN-FACTS: Cross-region restore',
  backupZoneNames:
    "learn.microsoft.com/azure/private-link/private-endpoint-dns (privatelink.{regionCode}.backup.windowsazure.com); DOMAIN-FACTS: Names that must resolve privately",
  nsgRules:
    "learn.microsoft.com/azure/virtual-network/network-security-groups-overview (priorities 100–4096 processed lowest first; default rules 65000–65500)",
  microsoft365EndpointSets:
    "learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges, Microsoft 365 Common, endpoint sets 56 and 59 (MicrosoftDocs/microsoft-365-docs includes/office-365-worldwide-endpoints.md, endpoints version 2022072800); live list: https://endpoints.office.com/endpoints/worldwide",
} as const;
