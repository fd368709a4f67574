import { allocateAddresses } from "./address-allocation.js";
import { arrayAt, objectAt } from "./arm-resource.js";
import {
  type BackupDnsName,
  type BackupGroupId,
  backupConnectionName,
  backupDnsNames,
  IPS_PER_ENDPOINT,
  requireBackupNaming,
} from "./backup-names.js";
import { findSubnet, saveVnet } from "./handlers/virtual-network-model.js";
import { parseResourceId, type ResourceIdParts, sameResourceId, scopeId } from "./resource-ids.js";
import type { ArmResource } from "./state.js";
import type { ResourceStore } from "./store.js";
import { syncZoneGroups } from "./zone-group-sync.js";

/**
 * What happens when a backup private endpoint finishes provisioning: the Network RP creates its NIC with one
 * dynamic IP per FQDN from the subnet's free addresses, the vault gains the connection
 * (`<peName>.<vaultNumericId>.backup.<guid>`), Approved when auto-approved and Pending for a manual request,
 * and the endpoint's customDnsConfigs list the names once the connection is approved.
 */
const NIC_TYPE = "Microsoft.Network/networkInterfaces";
const PEC_TYPE = "Microsoft.RecoveryServices/vaults/privateEndpointConnections";

export interface ProvisionBackupEndpoint {
  readonly peId: string;
  readonly vault: ArmResource;
  readonly group: BackupGroupId;
  readonly manual: boolean;
}

function connectionsKey(manual: boolean): string {
  return manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections";
}

/** One IP configuration of an endpoint's NIC: one private IP serving one FQDN of a required member. */
export function endpointIpConfiguration(
  store: ResourceStore,
  nicId: string,
  subnetId: string,
  group: BackupGroupId,
  name: BackupDnsName,
  ip: string,
  primary: boolean,
): Record<string, unknown> & { id: string } {
  const configName = `privateEndpointIpConfig.${store.ids.next()}`;
  return {
    id: `${nicId}/ipConfigurations/${configName}`,
    name: configName,
    type: `${NIC_TYPE}/ipConfigurations`,
    etag: store.weakEtag(),
    properties: {
      provisioningState: "Succeeded",
      privateIPAddress: ip,
      privateIPAllocationMethod: "Dynamic",
      subnet: { id: subnetId },
      primary,
      privateIPAddressVersion: "IPv4",
      privateLinkConnectionProperties: {
        groupId: group,
        requiredMemberName: name.member,
        fqdns: [name.fqdn],
      },
    },
  };
}

/**
 * The id of the NIC an endpoint gets: its custom name, else `<endpoint>.nic.<guid>`, in the endpoint's group. The
 * Network RP names it when it accepts the PUT, so the PUT's answer already lists it under `networkInterfaces`
 * (the spec's PrivateEndpoints_CreateOrUpdate 201 example does), before its addresses exist.
 */
export function endpointNicId(
  store: ResourceStore,
  pe: { id: string; name: string; properties?: unknown },
): string {
  const custom = objectAt(pe.properties).customNetworkInterfaceName;
  const nicName = typeof custom === "string" && custom !== "" ? custom : `${pe.name}.nic.${store.ids.next()}`;
  const peParts = parseResourceId(pe.id) as ResourceIdParts;
  return `${scopeId(peParts.subscriptionId, peParts.resourceGroup)}/providers/Microsoft.Network/networkInterfaces/${nicName}`;
}

export function completeBackupEndpoint(store: ResourceStore, request: ProvisionBackupEndpoint): void {
  const pe = store.get(request.peId);
  const peProps = objectAt(pe?.properties);
  const subnetId = String(objectAt(peProps.subnet).id ?? "");
  const found = findSubnet(store, subnetId);
  if (!pe || !found) return;
  const naming = requireBackupNaming(request.vault.location ?? "", request.group);
  const names = backupDnsNames(request.vault.id, naming, request.group);
  const ips = allocateAddresses(store, found.subnet, Math.max(IPS_PER_ENDPOINT, names.length));
  const reserved = String(arrayAt(peProps.networkInterfaces)[0]?.id ?? "");
  const nicId = reserved !== "" ? reserved : endpointNicId(store, pe);
  const nicName = nicId.slice(nicId.lastIndexOf("/") + 1);
  const ipConfigurations = names.map((name, i) =>
    endpointIpConfiguration(store, nicId, found.subnet.id, request.group, name, ips[i] ?? "", i === 0),
  );
  store.put({
    id: nicId,
    name: nicName,
    type: NIC_TYPE,
    location: pe.location ?? "",
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: store.ids.next(),
      ipConfigurations,
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: false,
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      hostedWorkloads: [],
      tapConfigurations: [],
      privateEndpoint: { id: pe.id },
      nicType: "Standard",
    },
  });
  const subnetProps = objectAt(found.subnet.properties);
  subnetProps.ipConfigurations = [
    ...arrayAt(subnetProps.ipConfigurations),
    ...ipConfigurations.map((c) => ({ id: c.id })),
  ];
  subnetProps.privateEndpoints = [...arrayAt(subnetProps.privateEndpoints), { id: pe.id }];
  saveVnet(store, found.vnet);

  const status = request.manual ? "Pending" : "Approved";
  const connectionName = backupConnectionName(pe.name, request.vault.id, pe.id);
  const vaultProps = objectAt(request.vault.properties);
  vaultProps.privateEndpointConnections = [
    ...arrayAt(vaultProps.privateEndpointConnections),
    {
      id: `${request.vault.id}/privateEndpointConnections/${connectionName}`,
      name: connectionName,
      type: PEC_TYPE,
      location: request.vault.location,
      properties: {
        provisioningState: "Succeeded",
        privateEndpoint: { id: pe.id },
        groupIds: [request.group],
        privateLinkServiceConnectionState: {
          status,
          description: request.manual ? "Awaiting approval" : "Approved by the resource owner",
          actionsRequired: "None",
        },
      },
    },
  ];
  vaultProps.privateEndpointStateForBackup = "Enabled";
  store.put(request.vault, "datetime");

  peProps.networkInterfaces = [{ id: nicId }];
  setEndpointConnectionState(store, pe, status);
  peProps.provisioningState = "Succeeded";
}

/**
 * Sets the PE-side connection state; customDnsConfigs come from the NIC once Approved (the names exist
 * only when Backup has accepted the endpoint) and zone groups follow.
 */
export function setEndpointConnectionState(store: ResourceStore, pe: ArmResource, status: string): void {
  const peProps = objectAt(pe.properties);
  for (const key of [connectionsKey(false), connectionsKey(true)]) {
    for (const connection of arrayAt(peProps[key])) {
      const props = objectAt(connection.properties);
      props.provisioningState = "Succeeded";
      props.privateLinkServiceConnectionState = {
        status,
        description: status === "Approved" ? "Approved by the resource owner" : status,
        actionsRequired: "None",
      };
    }
  }
  publishDnsConfigs(store, pe, status === "Approved");
}

/** The endpoint's NIC (a private endpoint has exactly one). */
export function endpointNic(store: ResourceStore, pe: ArmResource): ArmResource | undefined {
  return store.get(String(objectAt(arrayAt(objectAt(pe.properties).networkInterfaces)[0]).id ?? ""));
}

/**
 * Writes customDnsConfigs from the NIC's IP configurations (one FQDN and IP each) when the connection is
 * approved, none otherwise, and brings the endpoint's zone groups in line, as the Network RP does whenever
 * the endpoint's addresses change.
 */
export function publishDnsConfigs(store: ResourceStore, pe: ArmResource, approved: boolean): void {
  const nic = endpointNic(store, pe);
  objectAt(pe.properties).customDnsConfigs =
    approved && nic
      ? arrayAt(objectAt(nic.properties).ipConfigurations).map((c) => {
          const props = objectAt(c.properties);
          const fqdns = objectAt(props.privateLinkConnectionProperties).fqdns;
          return {
            fqdn: Array.isArray(fqdns) ? String(fqdns[0]) : "",
            ipAddresses: [String(props.privateIPAddress)],
          };
        })
      : [];
  store.put(pe);
  syncZoneGroups(store, pe.id);
}

/** Removes an endpoint with its NIC, its subnet references and its vault connection. */
export function removeEndpoint(store: ResourceStore, pe: ArmResource): void {
  const peProps = objectAt(pe.properties);
  for (const ref of arrayAt(peProps.networkInterfaces)) {
    const nic = store.get(String(ref.id ?? ""));
    if (!nic) continue;
    const configIds = new Set(
      arrayAt(objectAt(nic.properties).ipConfigurations).map((c) => String(c.id).toLowerCase()),
    );
    const found = findSubnet(store, String(objectAt(peProps.subnet).id ?? ""));
    if (found) {
      const sp = objectAt(found.subnet.properties);
      sp.ipConfigurations = arrayAt(sp.ipConfigurations).filter(
        (c) => !configIds.has(String(c.id).toLowerCase()),
      );
      sp.privateEndpoints = arrayAt(sp.privateEndpoints).filter((e) => !sameResourceId(String(e.id), pe.id));
      saveVnet(store, found.vnet);
    }
    store.delete(nic.id);
  }
  for (const vault of store.all()) {
    if (vault.type.toLowerCase() !== "microsoft.recoveryservices/vaults") continue;
    const vp = objectAt(vault.properties);
    const before = arrayAt(vp.privateEndpointConnections);
    const after = before.filter(
      (c) => !sameResourceId(String(objectAt(objectAt(c.properties).privateEndpoint).id ?? ""), pe.id),
    );
    if (after.length === before.length) continue;
    vp.privateEndpointConnections = after;
    if (after.length === 0) vp.privateEndpointStateForBackup = "None";
    store.put(vault, "datetime");
  }
  store.delete(pe.id);
}
