import { rgPath, SUB_CONNECTIVITY, SUB_DEV, SUB_PROD, TENANT_ID } from "./demo-network.js";
import { recordSetResource, soaRecord } from "./handlers/private-dns-model.js";
import { guidFrom } from "./stable-ids.js";
import type { ArmResource } from "./state.js";

/**
 * The demo tenant's vaults (Recovery Services 2026-07-01 GET shape) in the states the wizard must tell
 * apart, protected items (bms.json ProtectedItemResource), the CMK key vault, and the existing private DNS
 * zones, one named with the region instead of the geo code (`privatelink.westeurope…` instead of `we`).
 */
export const VAULT_RG = "rg-backup-weu";
export const vaultId = (sub: string, rg: string, name: string) =>
  `${rgPath(sub, rg)}/providers/Microsoft.RecoveryServices/vaults/${name}`;

type Redundancy = "GeoRedundant" | "LocallyRedundant";

interface VaultSpec {
  sub: string;
  rg: string;
  name: string;
  location: string;
  redundancy: Redundancy;
  crossRegionRestore?: boolean;
  identity?: Record<string, unknown>;
  encryption?: Record<string, unknown>;
}

function vault(spec: VaultSpec): ArmResource {
  return {
    id: vaultId(spec.sub, spec.rg, spec.name),
    name: spec.name,
    type: "Microsoft.RecoveryServices/vaults",
    location: spec.location,
    etag: `W/"datetime'2026-09-14T08%3A21%3A37.5170000Z'"`,
    tags: { environment: spec.sub === SUB_DEV ? "dev" : "prod" },
    identity: spec.identity ?? { type: "None" },
    sku: { name: "RS0", tier: "Standard" },
    properties: {
      provisioningState: "Succeeded",
      privateEndpointStateForBackup: "None",
      privateEndpointStateForSiteRecovery: "None",
      publicNetworkAccess: "Enabled",
      backupStorageVersion: "V2",
      moveState: "Unknown",
      secureScore: "Minimum",
      bcdrSecurityLevel: "Fair",
      redundancySettings: {
        standardTierStorageRedundancy: spec.redundancy,
        crossRegionRestore: spec.crossRegionRestore === true ? "Enabled" : "Disabled",
      },
      securitySettings: {
        softDeleteSettings: {
          softDeleteRetentionPeriodInDays: 14,
          softDeleteState: "Enabled",
          enhancedSecurityState: "Enabled",
        },
        multiUserAuthorization: "Disabled",
      },
      monitoringSettings: {
        azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" },
        classicAlertSettings: { alertsForCriticalOperations: "Disabled" },
      },
      ...(spec.encryption === undefined ? {} : { encryption: spec.encryption }),
    },
  };
}

function sqlProtectedItem(vaultResource: ArmResource, vm: string, database: string): ArmResource {
  const container = `VMAppContainer;compute;rg-spoke-app-weu;${vm}`;
  const name = `SQLDataBase;mssqlserver;${database}`;
  return {
    id: `${vaultResource.id}/backupFabrics/Azure/protectionContainers/${container}/protectedItems/${name}`,
    name,
    type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems",
    properties: {
      protectedItemType: "AzureVmWorkloadSQLDatabase",
      backupManagementType: "AzureWorkload",
      workloadType: "SQLDataBase",
      containerName: container,
      sourceResourceId: `${rgPath(SUB_PROD, "rg-spoke-app-weu")}/providers/Microsoft.Compute/virtualMachines/${vm}`,
      policyId: `${vaultResource.id}/backupPolicies/HourlyLogBackup`,
      friendlyName: database,
      serverName: `${vm}.contoso.local`,
      parentName: "MSSQLSERVER",
      parentType: "AzureVmWorkloadSQLInstance",
      protectionStatus: "Healthy",
      protectionState: "Protected",
      lastBackupStatus: "Healthy",
      lastBackupTime: "2026-11-24T22:00:41.000Z",
    },
  };
}

/**
 * A server registered to the vault with the MARS agent (bms.json MabContainer) that protects nothing yet: the
 * vault lists no protected items, but a registration alone already makes it unfit for backup private endpoints
 * (https://learn.microsoft.com/azure/backup/private-endpoints). The container's name and values
 * are illustrative, in the shape BackupProtectionContainers_List answers with `backupManagementType eq 'MAB'`.
 */
function registeredMarsServer(vaultResource: ArmResource, server: string): ArmResource {
  const name = `Windows;${server}`;
  return {
    id: `${vaultResource.id}/backupFabrics/Azure/protectionContainers/${name}`,
    name,
    type: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers",
    properties: {
      containerType: "Windows",
      backupManagementType: "MAB",
      friendlyName: server,
      registrationStatus: "Registered",
      healthStatus: "Healthy",
      protectedItemCount: 0,
      canReRegister: true,
      containerId: 1042,
      agentVersion: "2.0.9262.0",
    },
  };
}

/** A key vault of the security resource group (Key Vault GET shape), public access disabled, firewall on. */
function keyVault(name: string, bypass: string, privateEndpointConnections: unknown[] = []): ArmResource {
  return {
    id: `${rgPath(SUB_PROD, "rg-security-weu")}/providers/Microsoft.KeyVault/vaults/${name}`,
    name,
    type: "Microsoft.KeyVault/vaults",
    location: "westeurope",
    properties: {
      tenantId: TENANT_ID,
      sku: { family: "A", name: "standard" },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      enablePurgeProtection: true,
      vaultUri: `https://${name}.vault.azure.net/`,
      publicNetworkAccess: "Disabled",
      networkAcls: { bypass, defaultAction: "Deny", ipRules: [], virtualNetworkRules: [] },
      ...(privateEndpointConnections.length === 0 ? {} : { privateEndpointConnections }),
      provisioningState: "Succeeded",
    },
  };
}

/** A key vault reachable only through its firewall: CMK in a network-restricted key vault. */
const restrictedKeyVault = () => keyVault("kv-backup-cmk-weu", "AzureServices");

/**
 * A key vault reached through a private endpoint (approved): the scenario the concept page's "Unsupported
 * scenario" section named until July 2026. The connection is in Key Vault's GET shape
 * (https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/get, privateEndpointConnections).
 */
function privateEndpointKeyVault(): ArmResource {
  const name = "kv-backup-pe-weu";
  const group = rgPath(SUB_PROD, "rg-security-weu");
  return keyVault(name, "None", [
    {
      id: `${group}/providers/Microsoft.KeyVault/vaults/${name}/privateEndpointConnections/pe-${name}.8a1f2b3c`,
      properties: {
        privateEndpoint: { id: `${group}/providers/Microsoft.Network/privateEndpoints/pe-${name}` },
        privateLinkServiceConnectionState: {
          status: "Approved",
          description: "Auto-approved",
          actionsRequired: "None",
        },
        provisioningState: "Succeeded",
      },
    },
  ]);
}

/**
 * A Backup vault (Microsoft.DataProtection), the vault a user most often takes for a Recovery Services vault: in
 * the shape of the spec's BackupVaults_GetInSubscription example (see handlers/backup-vaults.ts).
 */
function backupVault(): ArmResource {
  return {
    id: `${rgPath(SUB_PROD, VAULT_RG)}/providers/Microsoft.DataProtection/backupVaults/bv-disks-weu`,
    name: "bv-disks-weu",
    type: "Microsoft.DataProtection/backupVaults",
    location: "westeurope",
    identity: { type: "None" },
    tags: { environment: "prod" },
    properties: {
      provisioningState: "Succeeded",
      storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }],
      securitySettings: { softDeleteSettings: { state: "On", retentionDurationInDays: 14 } },
      secureScore: "Adequate",
      bcdrSecurityLevel: "Good",
    },
  };
}

export interface DemoVaults {
  readonly resources: ArmResource[];
  readonly eligibleGrs: ArmResource;
  readonly legacy: ArmResource;
  readonly full: ArmResource;
}

export function demoVaults(): DemoVaults {
  const eligibleGrs = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-prod-weu",
    location: "westeurope",
    redundancy: "GeoRedundant",
    crossRegionRestore: true,
  });
  const lrs = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-lrs-weu",
    location: "westeurope",
    redundancy: "LocallyRedundant",
  });
  const withItems = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-sql-weu",
    location: "westeurope",
    redundancy: "GeoRedundant",
  });
  // v1 experience: the vault's system-assigned identity created the endpoints (seed: v2 needs none).
  const legacy = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-legacy-weu",
    location: "westeurope",
    redundancy: "GeoRedundant",
    identity: {
      type: "SystemAssigned",
      principalId: "5b0e7c1d-2f3a-4b8c-9d6e-0a1b2c3d4e5f",
      tenantId: TENANT_ID,
    },
  });
  const full = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-shared-weu",
    location: "westeurope",
    redundancy: "GeoRedundant",
  });
  const cmk = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-cmk-weu",
    location: "westeurope",
    redundancy: "GeoRedundant",
    identity: {
      type: "SystemAssigned",
      principalId: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
      tenantId: TENANT_ID,
    },
    encryption: {
      keyVaultProperties: {
        keyUri: "https://kv-backup-cmk-weu.vault.azure.net/keys/rsv-cmk-weu/4f6c1d2e8a9b4c7d9e0f1a2b3c4d5e6f",
      },
      kekIdentity: { useSystemAssignedIdentity: true },
      infrastructureEncryption: "Disabled",
    },
  });
  // CMK in a key vault behind a private endpoint.
  const cmkPrivate = vault({
    sub: SUB_PROD,
    rg: VAULT_RG,
    name: "rsv-cmkpe-weu",
    location: "westeurope",
    redundancy: "LocallyRedundant",
    identity: {
      type: "SystemAssigned",
      principalId: "3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9",
      tenantId: TENANT_ID,
    },
    encryption: {
      keyVaultProperties: {
        keyUri:
          "https://kv-backup-pe-weu.vault.azure.net/keys/rsv-cmkpe-weu/7d0e2f4a6b8c4d1e9f3a5b7c9d1e3f5a",
      },
      kekIdentity: { useSystemAssignedIdentity: true },
      infrastructureEncryption: "Disabled",
    },
  });
  // Servers registered, nothing protected: only the Backup RP's containers show it was ever used.
  const registered = vault({
    sub: SUB_DEV,
    rg: "rg-dev-uks",
    name: "rsv-files-uks",
    location: "uksouth",
    redundancy: "LocallyRedundant",
  });
  const dev = vault({
    sub: SUB_DEV,
    rg: "rg-dev-uks",
    name: "rsv-dev-uks",
    location: "uksouth",
    redundancy: "LocallyRedundant",
  });
  return {
    resources: [
      eligibleGrs,
      lrs,
      withItems,
      legacy,
      full,
      cmk,
      cmkPrivate,
      dev,
      registered,
      sqlProtectedItem(withItems, "vm-sql-weu-01", "salesdb"),
      sqlProtectedItem(withItems, "vm-sql-weu-01", "inventorydb"),
      registeredMarsServer(registered, "srv-files-uks-01.contoso.local"),
      restrictedKeyVault(),
      privateEndpointKeyVault(),
      backupVault(),
      ...demoZones(),
    ],
    eligibleGrs,
    legacy,
    full,
  };
}

function demoZones(): ArmResource[] {
  const rg = rgPath(SUB_CONNECTIVITY, "rg-private-dns");
  const zones = [
    "privatelink.westeurope.backup.windowsazure.com",
    "privatelink.blob.core.windows.net",
    "privatelink.queue.core.windows.net",
  ].map((name): ArmResource => {
    const id = `${rg}/providers/Microsoft.Network/privateDnsZones/${name}`;
    return {
      id,
      name,
      type: "Microsoft.Network/privateDnsZones",
      location: "global",
      etag: guidFrom(`etag ${id}`),
      properties: { provisioningState: "Succeeded", internalId: guidFrom(id) },
    };
  });
  const hub = `${rgPath(SUB_CONNECTIVITY, "rg-hub-network-weu")}/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu`;
  const links = zones.map(
    (zone): ArmResource => ({
      id: `${zone.id}/virtualNetworkLinks/link-vnet-hub-weu`,
      name: "link-vnet-hub-weu",
      type: "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
      location: "global",
      etag: `"${guidFrom(`etag ${zone.id}/virtualNetworkLinks/link-vnet-hub-weu`)}"`,
      properties: {
        virtualNetwork: { id: hub },
        registrationEnabled: false,
        resolutionPolicy: "Default",
        virtualNetworkLinkState: "Completed",
        provisioningState: "Succeeded",
      },
    }),
  );
  const withEtag = (record: ArmResource): ArmResource => ({ ...record, etag: guidFrom(`etag ${record.id}`) });
  const soa = zones.map((z) => withEtag(soaRecord(z)));
  const blobRecord = withEtag(
    recordSetResource(zones[1] as ArmResource, "A", "contosoweustorage01", {
      ttl: 10,
      aRecords: [{ ipv4Address: "10.0.2.4" }],
    }),
  );
  return [...zones, ...links, ...soa, blobRecord];
}
