/**
 * What vaultlink knows about a tenant: plain values the Azure adapter returns (reads) and takes (writes).
 * No SDK type leaks past src/azure; every type here can be written as one literal in a test.
 *
 * Ids are ARM resource ids exactly as ARM returned them (ARM compares them case-insensitively).
 * Strings ARM models as open enums (`x-ms-enum.modelAsString`) stay `string` where a new value must not
 * break a read; the values the rules act on are narrowed.
 */

/** A subscription the signed-in identity can see (Subscriptions_List). */
export interface Subscription {
  readonly subscriptionId: string;
  readonly displayName: string;
  readonly tenantId: string | undefined;
  /** Enabled, Warned, PastDue, Disabled or Deleted; only Enabled ones accept writes. */
  readonly state: string;
}

/** Backup storage redundancy of a Recovery Services vault (`redundancySettings.standardTierStorageRedundancy`). */
export type StorageRedundancy = "LRS" | "GRS" | "ZRS";

/** Group ids a private endpoint to a Recovery Services vault can target (privateLinkResources of the vault). */
export type VaultGroupId = "AzureBackup" | "AzureBackup_secondary" | "AzureSiteRecovery";

/** Private link connection state, as both the vault and the endpoint report it. */
export type ConnectionStatus = "Pending" | "Approved" | "Rejected" | "Disconnected";

/** A private endpoint connection as the vault lists it in `properties.privateEndpointConnections`. */
export interface VaultPrivateEndpointConnection {
  readonly id: string;
  /** `<peName>.<vaultNumericId>.backup.<guid>` for backup connections (ARM export of a live endpoint). */
  readonly name: string;
  readonly privateEndpointId: string;
  /** Usually one id; a v1-style endpoint can carry others. Unknown ids are kept as ARM sent them. */
  readonly groupIds: readonly string[];
  readonly status: ConnectionStatus;
  readonly provisioningState: string | undefined;
}

/** How the vault's backup data is encrypted. */
export type VaultEncryption =
  | { readonly kind: "platformManaged" }
  | {
      readonly kind: "customerManaged";
      readonly keyUri: string;
      /** Which identity reads the key: the system-assigned one, or this user-assigned identity id. */
      readonly keyIdentity:
        | { readonly kind: "systemAssigned" }
        | { readonly kind: "userAssigned"; readonly id: string };
    };

/** The managed identities of a resource. */
export type ManagedIdentity =
  | { readonly kind: "none" }
  | {
      readonly kind: "assigned";
      /** The system-assigned identity's principal id, when there is one. */
      readonly systemAssignedPrincipalId: string | undefined;
      readonly userAssignedIds: readonly string[];
    };

/** A Recovery Services vault with the facts the prerequisite rules need. */
export interface Vault {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  /** Undefined when the vault does not report it (older vaults omit `redundancySettings`). */
  readonly redundancy: StorageRedundancy | undefined;
  readonly crossRegionRestore: boolean;
  readonly publicNetworkAccess: "Enabled" | "Disabled";
  /** "Enabled" once the vault has a backup private endpoint (VaultPrivateEndpointState). */
  readonly privateEndpointStateForBackup: "None" | "Enabled";
  readonly encryption: VaultEncryption;
  readonly identity: ManagedIdentity;
  readonly privateEndpointConnections: readonly VaultPrivateEndpointConnection[];
  readonly provisioningState: string | undefined;
}

/** One entry of the vault's privateLinkResources: what an endpoint of that group id needs in DNS. */
export interface VaultPrivateLinkResource {
  readonly id: string;
  readonly groupId: string;
  readonly requiredMembers: readonly string[];
  readonly requiredZoneNames: readonly string[];
}

/**
 * Items currently protected in a vault (BackupProtectedItems_List). Zero does not prove eligibility:
 * the v2 how-to also excludes vaults where an item was ever registered, which ARM does not expose.
 */
export interface ProtectedItemCount {
  readonly vaultId: string;
  readonly count: number;
}

/** A peering from a virtual network to another one. */
export interface VirtualNetworkPeering {
  readonly id: string;
  readonly name: string;
  readonly remoteVirtualNetworkId: string | undefined;
  /** Initiated, Connected or Disconnected. */
  readonly peeringState: string | undefined;
  readonly allowForwardedTraffic: boolean;
  readonly useRemoteGateways: boolean;
}

/** `Disabled` is the default of api-version 2026-01-01 (virtualNetwork.json, SubnetPropertiesFormat). */
export type PrivateEndpointNetworkPolicies =
  | "Enabled"
  | "Disabled"
  | "NetworkSecurityGroupEnabled"
  | "RouteTableEnabled";

export interface SubnetIpConfiguration {
  readonly id: string;
  readonly privateIpAddress: string | undefined;
}

export interface Subnet {
  readonly id: string;
  readonly name: string;
  readonly virtualNetworkId: string;
  /** `addressPrefixes`, or the single `addressPrefix` when ARM sent that form. */
  readonly addressPrefixes: readonly string[];
  /**
   * One per IP configuration in the subnet (NICs, endpoints, gateways): each holds one address. ARM's subnet GET
   * usually names them by id only, so the address is known only when ARM included it.
   */
  readonly ipConfigurations: readonly SubnetIpConfiguration[];
  readonly privateEndpointIds: readonly string[];
  readonly privateEndpointNetworkPolicies: PrivateEndpointNetworkPolicies;
  readonly networkSecurityGroupId: string | undefined;
  readonly routeTableId: string | undefined;
  /** Service names the subnet is delegated to (e.g. Microsoft.Sql/managedInstances). */
  readonly delegations: readonly string[];
  readonly provisioningState: string | undefined;
}

export interface VirtualNetwork {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly addressSpace: readonly string[];
  /** Empty means Azure-provided DNS (168.63.129.16). */
  readonly dnsServers: readonly string[];
  readonly peerings: readonly VirtualNetworkPeering[];
  readonly subnets: readonly Subnet[];
}

/** A name the endpoint's NIC answers for, with its private addresses. Empty until provisioning succeeded. */
export interface CustomDnsConfig {
  readonly fqdn: string;
  readonly ipAddresses: readonly string[];
}

/** The endpoint's link to its target. `manual` connections wait for the target owner's approval. */
export interface PrivateLinkConnection {
  readonly approval: "auto" | "manual";
  readonly name: string;
  readonly targetId: string;
  readonly groupIds: readonly string[];
  /** Undefined while ARM has not reported a state yet. */
  readonly status: ConnectionStatus | undefined;
  readonly description: string | undefined;
}

/** A static IP pinned on the endpoint (unsupported for Azure Backup v2: registration may fail). */
export interface StaticIpConfiguration {
  readonly name: string;
  readonly groupId: string;
  readonly memberName: string;
  readonly privateIpAddress: string;
}

export interface PrivateEndpoint {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly subnetId: string;
  /** Undefined only for an endpoint ARM returned without any connection (not created by vaultlink). */
  readonly connection: PrivateLinkConnection | undefined;
  readonly customDnsConfigs: readonly CustomDnsConfig[];
  readonly networkInterfaceIds: readonly string[];
  readonly staticIpConfigurations: readonly StaticIpConfiguration[];
  /** Succeeded, Updating, Deleting or Failed. */
  readonly provisioningState: string | undefined;
}

export interface PrivateDnsZone {
  readonly id: string;
  readonly name: string;
  readonly numberOfRecordSets: number | undefined;
  readonly numberOfVirtualNetworkLinks: number | undefined;
  readonly provisioningState: string | undefined;
}

export interface VirtualNetworkLink {
  readonly id: string;
  readonly name: string;
  readonly zoneId: string;
  readonly virtualNetworkId: string;
  readonly registrationEnabled: boolean;
  /**
   * `NxDomainRedirect`: a name the zone lacks falls back to public resolution instead of NXDOMAIN (privatedns
   * 2024-06-01, privatelink zones only). Undefined: ARM did not say, which is `Default`.
   */
  readonly resolutionPolicy?: string | undefined;
  /** InProgress or Completed. */
  readonly linkState: string | undefined;
  readonly provisioningState: string | undefined;
}

/** A record set in a private DNS zone; only the kinds vaultlink reads are opened up. */
export type RecordSet = {
  readonly id: string;
  /** Relative name, as ARM returns it (lower case). */
  readonly name: string;
  readonly zoneId: string;
  readonly fqdn: string | undefined;
  readonly ttl: number | undefined;
} & (
  | { readonly recordType: "A"; readonly ipv4Addresses: readonly string[] }
  | { readonly recordType: "CNAME"; readonly cname: string }
  | { readonly recordType: "other"; readonly armType: string }
);

export interface SecurityRule {
  readonly name: string;
  readonly priority: number;
  readonly direction: "Inbound" | "Outbound";
  readonly access: "Allow" | "Deny";
  /** Tcp, Udp, Icmp, Esp, Ah or `*`. */
  readonly protocol: string;
  readonly sourceAddressPrefixes: readonly string[];
  readonly sourcePortRanges: readonly string[];
  readonly destinationAddressPrefixes: readonly string[];
  readonly destinationPortRanges: readonly string[];
  readonly description: string | undefined;
}

export interface NetworkSecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly securityRules: readonly SecurityRule[];
  readonly defaultSecurityRules: readonly SecurityRule[];
  readonly subnetIds: readonly string[];
}

/** One user-defined route (routeTable.json, RoutePropertiesFormat). */
export interface Route {
  readonly name: string;
  /** A CIDR, or a service tag such as `AzureActiveDirectory` (UDRs accept service tags as the prefix). */
  readonly addressPrefix: string;
  /** VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance or None. */
  readonly nextHopType: string;
  readonly nextHopIpAddress: string | undefined;
}

/** A route table and the subnets it is associated with. */
export interface RouteTable {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly routes: readonly Route[];
  readonly subnetIds: readonly string[];
}

/** A policy assignment (Microsoft.Authorization/policyAssignments), the parts vaultlink reads. */
export interface PolicyAssignment {
  readonly id: string;
  readonly name: string;
  readonly displayName: string | undefined;
  /** The policy definition or policy set definition assigned. */
  readonly policyDefinitionId: string;
  /** Where it applies: a management group, subscription or resource group id. */
  readonly scope: string;
  readonly notScopes: readonly string[];
  /** Default, DoNotEnforce or Enroll. */
  readonly enforcementMode: string;
  /** Parameter values by name (`{ value }` unwrapped). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** A private DNS zone group on an endpoint: Azure keeps the endpoint's A records in these zones current. */
export interface PrivateDnsZoneGroup {
  readonly id: string;
  readonly name: string;
  readonly privateEndpointId: string;
  readonly zones: readonly { readonly configName: string; readonly privateDnsZoneId: string }[];
  readonly provisioningState: string | undefined;
}

// ---- What the adapter writes: desired resources, named by the id they will have ----

/** A private endpoint to a vault, as the engine wants it. */
export interface PrivateEndpointRequest {
  /** The endpoint's own id (subscription, resource group and name come from it). */
  readonly id: string;
  readonly location: string;
  readonly subnetId: string;
  readonly vaultId: string;
  readonly groupId: "AzureBackup" | "AzureBackup_secondary";
  /** `manual` asks the vault owner for approval; the message is shown to them. */
  readonly approval: { readonly kind: "auto" } | { readonly kind: "manual"; readonly requestMessage: string };
  readonly tags?: Readonly<Record<string, string>>;
}

/** A private DNS zone group: the endpoint keeps A records in these zones up to date by itself. */
export interface PrivateDnsZoneGroupRequest {
  readonly privateEndpointId: string;
  readonly name: string;
  readonly zones: readonly { readonly configName: string; readonly privateDnsZoneId: string }[];
}

export interface PrivateDnsZoneRequest {
  /** The zone's id; its last segment is the zone name. */
  readonly id: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface VirtualNetworkLinkRequest {
  /** `<zoneId>/virtualNetworkLinks/<name>`. */
  readonly id: string;
  readonly virtualNetworkId: string;
  readonly registrationEnabled: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ARecordSetRequest {
  /** `<zoneId>/A/<relative name>`. */
  readonly id: string;
  readonly ttl: number;
  readonly ipv4Addresses: readonly string[];
}

export interface SecurityRuleRequest {
  readonly networkSecurityGroupId: string;
  readonly rule: SecurityRule;
}

/**
 * Whether a resource provider is registered with a subscription (Providers_Get `registrationState`): `Registered`,
 * `Registering`, `NotRegistered`, `Unregistered`, `Unregistering`. ARM does not say since when.
 */
export interface ProviderRegistration {
  readonly subscriptionId: string;
  readonly namespace: string;
  readonly registrationState: string;
}

/**
 * What registered a server or workload to a vault, by the Backup service's management type: the MARS agent (`MAB`),
 * DPM (`DPM`), Azure Backup Server (`AzureBackupServer`), SQL Server / SAP HANA in Azure VMs (`AzureWorkload`).
 */
export type RegistrationKind = "MAB" | "DPM" | "AzureBackupServer" | "AzureWorkload";

/** A registered server or VM (a protection container of the vault), whether or not it protects anything. */
export interface ProtectionContainer {
  readonly id: string;
  readonly name: string;
  readonly friendlyName: string;
  readonly kind: RegistrationKind;
  /** `Registered`, `Registering`, `NotRegistered`, … as the Backup service reports it. */
  readonly registrationStatus: string;
}

/** The network settings of a key vault that matter to a vault's customer-managed key. */
export interface KeyVaultNetwork {
  readonly id: string;
  readonly name: string;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: string;
  /** `Enabled` or `Disabled`; undefined when ARM left it out (Enabled). */
  readonly publicNetworkAccess: string | undefined;
  /** The firewall's default action: `Allow` (all networks) or `Deny` (selected networks). Undefined: Allow. */
  readonly defaultAction: string | undefined;
  /** Private endpoint connections whose status is Approved. */
  readonly approvedPrivateEndpoints: number;
}

/** A Backup vault (Microsoft.DataProtection/backupVaults): listed so a user can see why it is not offered. */
export interface BackupVault {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}
