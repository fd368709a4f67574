import {
  demoEtag,
  demoNetwork,
  rgPath,
  SUB_CONNECTIVITY,
  SUB_DEV,
  SUB_PROD,
  TENANT_ID,
} from "./demo-network.js";
import { demoVaults, VAULT_RG } from "./demo-vaults.js";
import { completeBackupEndpoint } from "./private-endpoint-provisioning.js";
import type { SandboxState } from "./state.js";
import { ResourceStore } from "./store.js";

/**
 * The default tenant (issue 4 part 3): three subscriptions, vaults in every state the wizard must handle
 * (eligible GRS + cross-region restore in westeurope paired with northeurope, eligible LRS, one with protected
 * items, one with a v1-experience endpoint, one at 11 endpoints, one with CMK in a network-restricted key
 * vault), hub-and-spoke networks in both paired regions, and an existing private DNS zone named with the
 * region instead of the geo code. Subscription and tenant GUIDs are fixed so plans made against it replay.
 */
/** When the demo's endpoints were made, as their datetime etags say. */
const DEMO_TENANT_TIME = Date.parse("2026-09-14T08:21:37.517Z");

export function demoTenant(): SandboxState {
  const vaults = demoVaults();
  const base: SandboxState = {
    subscriptions: [
      {
        subscriptionId: SUB_CONNECTIVITY,
        displayName: "Contoso Connectivity",
        tenantId: TENANT_ID,
        resourceGroups: [
          { name: "rg-hub-network-weu", location: "westeurope" },
          { name: "rg-hub-network-neu", location: "northeurope" },
          { name: "rg-private-dns", location: "westeurope" },
        ],
      },
      {
        subscriptionId: SUB_PROD,
        displayName: "Contoso Production",
        tenantId: TENANT_ID,
        resourceGroups: [
          { name: "rg-spoke-app-weu", location: "westeurope" },
          { name: "rg-spoke-app-neu", location: "northeurope" },
          { name: VAULT_RG, location: "westeurope" },
          { name: "rg-security-weu", location: "westeurope" },
        ],
      },
      {
        subscriptionId: SUB_DEV,
        displayName: "Contoso Dev/Test",
        tenantId: TENANT_ID,
        resourceGroups: [{ name: "rg-dev-uks", location: "uksouth" }],
      },
    ],
    resources: [...demoNetwork(), ...vaults.resources],
  };
  // A fixed seed and clock: the endpoints below get the same NICs, IPs and etags on every call.
  const store = new ResourceStore(base, { seed: "vaultlink demo tenant", clock: () => DEMO_TENANT_TIME });
  const hubSubnet = `${rgPath(SUB_CONNECTIVITY, "rg-hub-network-weu")}/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu/subnets/snet-privateendpoints`;
  const sharedSubnet = `${rgPath(SUB_PROD, "rg-spoke-app-weu")}/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu/subnets/snet-pe-shared`;

  addBackupEndpoint(
    store,
    SUB_CONNECTIVITY,
    "rg-hub-network-weu",
    "pe-rsv-legacy-weu",
    hubSubnet,
    vaults.legacy.id,
  );
  addV1StorageEndpoints(store, hubSubnet, vaults.legacy.id);
  for (let i = 1; i <= 11; i++) {
    const name = `pe-rsv-shared-weu-${String(i).padStart(2, "0")}`;
    addBackupEndpoint(store, SUB_PROD, "rg-spoke-app-weu", name, sharedSubnet, vaults.full.id);
  }
  return store.snapshot();
}

/** Creates an auto-approved backup endpoint exactly as the sandbox does when one is PUT. */
function addBackupEndpoint(
  store: ResourceStore,
  sub: string,
  rg: string,
  name: string,
  subnetId: string,
  vaultId: string,
): void {
  const id = `${rgPath(sub, rg)}/providers/Microsoft.Network/privateEndpoints/${name}`;
  const vault = store.get(vaultId);
  if (!vault) return;
  store.put({
    id,
    name,
    type: "Microsoft.Network/privateEndpoints",
    location: vault.location ?? "westeurope",
    properties: {
      provisioningState: "Updating",
      subnet: { id: subnetId },
      networkInterfaces: [],
      privateLinkServiceConnections: [
        {
          id: `${id}/privateLinkServiceConnections/${name}`,
          name,
          type: "Microsoft.Network/privateEndpoints/privateLinkServiceConnections",
          etag: demoEtag(`${id}/privateLinkServiceConnections/${name}`),
          properties: { privateLinkServiceId: vaultId, groupIds: ["AzureBackup"] },
        },
      ],
      manualPrivateLinkServiceConnections: [],
      customNetworkInterfaceName: "",
      ipConfigurations: [],
      customDnsConfigs: [],
    },
  });
  completeBackupEndpoint(store, { peId: id, vault, group: "AzureBackup", manual: false });
}

/**
 * The v1 experience also gave the vault's storage accounts their own private endpoints (blob and queue),
 * created by the vault's managed identity in the customer's network; v2 does neither (seed: "Key
 * enhancements"). They point at storage accounts in a Microsoft-owned subscription, and are named as the v1
 * how-to describes: "These start with `<the name of the private endpoint>_ecs` and are suffixed with `_blob` and
 * `_queue`".
 */
function addV1StorageEndpoints(store: ResourceStore, subnetId: string, vaultId: string): void {
  for (const service of ["blob", "queue"]) {
    const name = `pe-rsv-legacy-weu_ecs_${service}`;
    const id = `${rgPath(SUB_CONNECTIVITY, "rg-hub-network-weu")}/providers/Microsoft.Network/privateEndpoints/${name}`;
    const account = `weubkpv1${service}4711`;
    store.put({
      id,
      name,
      type: "Microsoft.Network/privateEndpoints",
      location: "westeurope",
      tags: { "created-by": `Azure Backup (vault ${vaultId.split("/").pop()})` },
      properties: {
        provisioningState: "Succeeded",
        subnet: { id: subnetId },
        networkInterfaces: [],
        privateLinkServiceConnections: [
          {
            id: `${id}/privateLinkServiceConnections/${name}`,
            name,
            type: "Microsoft.Network/privateEndpoints/privateLinkServiceConnections",
            etag: demoEtag(`${id}/privateLinkServiceConnections/${name}`),
            properties: {
              provisioningState: "Succeeded",
              privateLinkServiceId: `/subscriptions/00000000-0000-0000-0000-00000000b4c1/resourceGroups/backup-storage-weu/providers/Microsoft.Storage/storageAccounts/${account}`,
              groupIds: [service],
              privateLinkServiceConnectionState: {
                status: "Approved",
                description: "Auto-Approved",
                actionsRequired: "None",
              },
            },
          },
        ],
        manualPrivateLinkServiceConnections: [],
        customNetworkInterfaceName: "",
        ipConfigurations: [],
        customDnsConfigs: [{ fqdn: `${account}.${service}.core.windows.net`, ipAddresses: [] }],
      },
    });
  }
}
