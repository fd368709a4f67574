import type {
  ARecordSetRequest,
  KeyVaultNetwork,
  NetworkSecurityGroup,
  PolicyAssignment,
  PrivateDnsZone,
  PrivateDnsZoneGroup,
  PrivateDnsZoneGroupRequest,
  PrivateDnsZoneRequest,
  PrivateEndpoint,
  PrivateEndpointRequest,
  ProtectedItemCount,
  ProtectionContainer,
  ProviderRegistration,
  RecordSet,
  RegistrationKind,
  RouteTable,
  SecurityRuleRequest,
  Subnet,
  Subscription,
  Vault,
  VaultPrivateLinkResource,
  VirtualNetwork,
  VirtualNetworkLink,
  VirtualNetworkLinkRequest,
} from "../core/inventory.js";

export { unlessNotFound, unlessUnreadable } from "./arm-errors.js";

import { type AzureClientOptions, type AzureTarget, createAzureClients } from "./client-factory.js";
import { listBackupVaults } from "./data-protection-reads.js";
import * as dnsResolvers from "./dns-resolver-reads.js";
import { createInventory, type Inventory, type InventorySource } from "./inventory-reads.js";
import { findKeyVaultOfKey } from "./key-vault-reads.js";
import type { WriteOptions } from "./long-running.js";
import * as network from "./network-reads.js";
import * as networkWrites from "./network-writes.js";
import type { PacingListener } from "./pacing.js";
import * as policy from "./policy-reads.js";
import * as privateDns from "./private-dns-reads.js";
import * as privateDnsWrites from "./private-dns-writes.js";
import * as recoveryServices from "./recovery-services-reads.js";
import * as recoveryServicesWrites from "./recovery-services-writes.js";
import { getProviderRegistration } from "./resource-provider-reads.js";
import * as routeTables from "./route-table-reads.js";
import { listSubscriptions } from "./subscription-reads.js";

/** A list from ARM, a page at a time: the first page can be shown while the next ones load. */
export type Pages<T> = AsyncIterable<readonly T[]>;

/**
 * Everything vaultlink reads from and writes to Azure, in core types. ARM refusals surface as UserErrors
 * (arm-errors.ts); long-running writes resolve when ARM reports the operation finished.
 */
export interface AzureAdapter {
  /** Lists across many subscriptions for pickers and `check` (Resource Graph, or ARM lists when it is not there). */
  readonly inventory: Inventory;
  /** Tells `listener` each time a request is held back because ARM's (or Resource Graph's) budget is nearly used. */
  onPacingWait(listener: PacingListener): () => void;
  listSubscriptions(): Pages<Subscription>;
  listVaults(subscriptionId: string): Pages<Vault>;
  getVault(vaultId: string): Promise<Vault>;
  countProtectedItems(vaultId: string): Promise<ProtectedItemCount>;
  listPrivateLinkResources(vaultId: string): Pages<VaultPrivateLinkResource>;
  /** Servers and VMs registered to the vault by one kind of agent, protecting something or not. */
  listProtectionContainers(vaultId: string, kind: RegistrationKind): Pages<ProtectionContainer>;
  getProviderRegistration(subscriptionId: string, namespace: string): Promise<ProviderRegistration>;
  /** The key vault of a customer-managed key, among a subscription's key vaults; undefined when not there. */
  findKeyVaultOfKey(subscriptionId: string, keyUri: string): Promise<KeyVaultNetwork | undefined>;
  listVirtualNetworks(subscriptionId: string): Pages<VirtualNetwork>;
  getVirtualNetwork(virtualNetworkId: string): Promise<VirtualNetwork>;
  listSubnets(virtualNetworkId: string): Pages<Subnet>;
  listPrivateEndpoints(scope: {
    readonly subscriptionId: string;
    readonly resourceGroup?: string;
  }): Pages<PrivateEndpoint>;
  getPrivateEndpoint(privateEndpointId: string): Promise<PrivateEndpoint>;
  listPrivateDnsZoneGroups(privateEndpointId: string): Pages<PrivateDnsZoneGroup>;
  getNetworkSecurityGroup(networkSecurityGroupId: string): Promise<NetworkSecurityGroup>;
  getRouteTable(routeTableId: string): Promise<RouteTable>;
  /** Policy assignments that apply to the subscription or anything in it (management groups' included). */
  listPolicyAssignments(subscriptionId: string): Pages<PolicyAssignment>;
  listPrivateDnsZones(subscriptionId: string): Pages<PrivateDnsZone>;
  getPrivateDnsZone(zoneId: string): Promise<PrivateDnsZone>;
  listVirtualNetworkLinks(zoneId: string): Pages<VirtualNetworkLink>;
  listRecordSets(zoneId: string): Pages<RecordSet>;

  createOrUpdatePrivateEndpoint(request: PrivateEndpointRequest, options?: WriteOptions): Promise<void>;
  createOrUpdatePrivateDnsZoneGroup(
    request: PrivateDnsZoneGroupRequest,
    options?: WriteOptions,
  ): Promise<void>;
  createOrUpdatePrivateDnsZone(request: PrivateDnsZoneRequest, options?: WriteOptions): Promise<void>;
  createOrUpdateVirtualNetworkLink(request: VirtualNetworkLinkRequest, options?: WriteOptions): Promise<void>;
  createOrUpdateARecordSet(request: ARecordSetRequest): Promise<RecordSet>;
  setVaultPublicNetworkAccess(
    vaultId: string,
    access: Vault["publicNetworkAccess"],
    options?: WriteOptions,
  ): Promise<Vault>;
  approvePrivateEndpointConnection(
    vaultId: string,
    connectionName: string,
    options?: WriteOptions & { readonly description?: string; readonly status?: "Approved" | "Rejected" },
  ): Promise<void>;
  createOrUpdateSecurityRule(request: SecurityRuleRequest, options?: WriteOptions): Promise<void>;
}

/** Makes the adapter for a cloud or a sandbox; the SDK is loaded here, not when this module is imported. */
export async function createAzureAdapter(
  target: AzureTarget,
  options: AzureClientOptions & { readonly inventory?: InventorySource } = {},
): Promise<AzureAdapter> {
  const clients = await createAzureClients(target, options);
  const inventory = createInventory(
    clients,
    {
      listSubscriptions: () => listSubscriptions(clients),
      listVaults: (id) => recoveryServices.listVaults(clients, id),
      listVirtualNetworks: (id) => network.listVirtualNetworks(clients, id),
      listPrivateEndpoints: (scope) => network.listPrivateEndpoints(clients, scope),
      listPrivateDnsZones: (id) => privateDns.listPrivateDnsZones(clients, id),
      listVirtualNetworkLinks: (id) => privateDns.listVirtualNetworkLinks(clients, id),
      listNetworkSecurityGroups: (id) => network.listNetworkSecurityGroups(clients, id),
      listBackupVaults: (id) => listBackupVaults(clients, id),
      listPolicyAssignments: (id) => policy.listPolicyAssignments(clients, id),
      listDnsResolvers: (id) => dnsResolvers.listDnsResolvers(clients, id),
      listDnsForwardingRulesets: (id) => dnsResolvers.listDnsForwardingRulesets(clients, id),
    },
    options.inventory,
  );
  return {
    inventory,
    onPacingWait: (listener) => clients.pacer.onWait(listener),
    listSubscriptions: () => listSubscriptions(clients),
    listVaults: (subscriptionId) => recoveryServices.listVaults(clients, subscriptionId),
    getVault: (vaultId) => recoveryServices.getVault(clients, vaultId),
    countProtectedItems: (vaultId) => recoveryServices.countProtectedItems(clients, vaultId),
    listPrivateLinkResources: (vaultId) => recoveryServices.listPrivateLinkResources(clients, vaultId),
    listProtectionContainers: (vaultId, kind) =>
      recoveryServices.listProtectionContainers(clients, vaultId, kind),
    getProviderRegistration: (subscriptionId, namespace) =>
      getProviderRegistration(clients, subscriptionId, namespace),
    findKeyVaultOfKey: (subscriptionId, keyUri) => findKeyVaultOfKey(clients, subscriptionId, keyUri),
    listVirtualNetworks: (subscriptionId) => network.listVirtualNetworks(clients, subscriptionId),
    getVirtualNetwork: (id) => network.getVirtualNetwork(clients, id),
    listSubnets: (id) => network.listSubnets(clients, id),
    listPrivateEndpoints: (scope) => network.listPrivateEndpoints(clients, scope),
    getPrivateEndpoint: (id) => network.getPrivateEndpoint(clients, id),
    listPrivateDnsZoneGroups: (id) => network.listPrivateDnsZoneGroups(clients, id),
    getNetworkSecurityGroup: (id) => network.getNetworkSecurityGroup(clients, id),
    getRouteTable: (id) => routeTables.getRouteTable(clients, id),
    listPolicyAssignments: (subscriptionId) => policy.listPolicyAssignments(clients, subscriptionId),
    listPrivateDnsZones: (subscriptionId) => privateDns.listPrivateDnsZones(clients, subscriptionId),
    getPrivateDnsZone: (id) => privateDns.getPrivateDnsZone(clients, id),
    listVirtualNetworkLinks: (id) => privateDns.listVirtualNetworkLinks(clients, id),
    listRecordSets: (id) => privateDns.listRecordSets(clients, id),
    createOrUpdatePrivateEndpoint: (request, o) =>
      networkWrites.createOrUpdatePrivateEndpoint(clients, request, o),
    createOrUpdatePrivateDnsZoneGroup: (request, o) =>
      networkWrites.createOrUpdatePrivateDnsZoneGroup(clients, request, o),
    createOrUpdatePrivateDnsZone: (request, o) =>
      privateDnsWrites.createOrUpdatePrivateDnsZone(clients, request, o),
    createOrUpdateVirtualNetworkLink: (request, o) =>
      privateDnsWrites.createOrUpdateVirtualNetworkLink(clients, request, o),
    createOrUpdateARecordSet: (request) => privateDnsWrites.createOrUpdateARecordSet(clients, request),
    setVaultPublicNetworkAccess: (vaultId, access, o) =>
      recoveryServicesWrites.setVaultPublicNetworkAccess(clients, vaultId, access, o),
    approvePrivateEndpointConnection: (vaultId, name, o) =>
      recoveryServicesWrites.approvePrivateEndpointConnection(clients, vaultId, name, o),
    createOrUpdateSecurityRule: (request, o) => networkWrites.createOrUpdateSecurityRule(clients, request, o),
  };
}

/** Reads every page of a list into one array, for callers that need the whole list at once. */
export async function allPages<T>(pages: Pages<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
