import { allocateAddresses } from "./address-allocation.js";
import { arrayAt, objectAt } from "./arm-resource.js";
import { type BackupDnsName, requireBackupNaming, storageAccountName, storageFqdn } from "./backup-names.js";
import { ArmError } from "./errors.js";
import { findSubnet, saveVnet } from "./handlers/virtual-network-model.js";
import { endpointIpConfiguration, endpointNic, publishDnsConfigs } from "./private-endpoint-provisioning.js";
import { backupRequestOf, endpointsOfVault } from "./private-endpoint-rules.js";
import { sameResourceId } from "./resource-ids.js";
import { SandboxInputError } from "./sandbox-error.js";
import type { ArmResource } from "./state.js";
import type { ResourceStore } from "./store.js";

/**
 * What happens to a vault's backup endpoints when the vault is first used, which ARM exposes no operation
 * for and tests (and sandbox users) need to trigger: "the first registration" gives the vault a storage
 * account for its communication channel (a queue and a blob FQDN), "the first backup" one for backup data
 * (a blob FQDN) (seed; DOMAIN-FACTS "Storage records appear over time"). Each new FQDN takes a new private IP
 * from the endpoint's subnet, appears in its NIC and customDnsConfigs, and, through the endpoint's private
 * DNS zone groups, as an A record in the linked zones, as Azure adds them. Custom DNS, hosts files and
 * forwarders are not updated: that is the resync people must do.
 *
 * Only approved AzureBackup endpoints grow: registration and backup go to the vault's own region; the
 * AzureBackup_secondary endpoint serves cross-region restore. The vault's eligibility is not changed (no
 * protected item is added), so the sandbox still lets a test create further endpoints afterwards.
 */
export type LifecycleEventKind = "firstRegistration" | "firstBackup";

export interface LifecycleEvent {
  readonly kind: LifecycleEventKind;
  /** The Recovery Services vault's ARM id, or its name when no other vault has it (any casing). */
  readonly vaultId: string;
}

export interface EndpointGrowth {
  readonly endpointId: string;
  /** The FQDNs the event gave this endpoint, each with its new private IP; empty when it had them already. */
  readonly added: ReadonlyArray<{ readonly fqdn: string; readonly ipAddress: string }>;
}

const STORAGE_ALLOCATIONS: Readonly<
  Record<LifecycleEventKind, { purpose: string; services: ReadonlyArray<"blob" | "queue"> }>
> = {
  firstRegistration: { purpose: "registration", services: ["queue", "blob"] },
  firstBackup: { purpose: "backup-data", services: ["blob"] },
};

/** What users call the events (`--event first-backup=VAULT`, the events route), each with its kind. */
export const LIFECYCLE_EVENT_NAMES: Readonly<Record<string, LifecycleEventKind>> = {
  "first-registration": "firstRegistration",
  "first-backup": "firstBackup",
};

const VAULT_TYPE = "microsoft.recoveryservices/vaults";

/** Reads `first-backup=VAULT` (a vault id or name), as `vaultlink sandbox --event` takes it. */
export function parseLifecycleEvent(text: string): LifecycleEvent {
  const at = text.indexOf("=");
  const name = text
    .slice(0, at === -1 ? text.length : at)
    .trim()
    .toLowerCase();
  const kind = LIFECYCLE_EVENT_NAMES[name];
  const vaultId = at === -1 ? "" : text.slice(at + 1).trim();
  if (kind === undefined || vaultId === "") {
    throw new SandboxInputError(`--event: "${text}" is not an event.`, {
      hint: `Write EVENT=VAULT, EVENT being ${Object.keys(LIFECYCLE_EVENT_NAMES).join(" or ")} and VAULT a vault's name or id, e.g. first-backup=rsv-prod-weu.`,
    });
  }
  return { kind, vaultId };
}

/** The one vault an id or a name refers to. */
function findVault(store: ResourceStore, kind: LifecycleEventKind, ref: string): ArmResource {
  const wanted = ref.trim();
  const vaults = store
    .listAllOfType(VAULT_TYPE)
    .filter((v) =>
      wanted.startsWith("/") ? sameResourceId(v.id, wanted) : v.name.toLowerCase() === wanted.toLowerCase(),
    );
  const [vault, ...others] = vaults;
  if (vault !== undefined && others.length === 0) return vault;
  throw new SandboxInputError(
    vault === undefined
      ? `simulate ${kind}: ${wanted} is not a Recovery Services vault in the sandbox.`
      : `simulate ${kind}: ${vaults.length} vaults are named ${wanted}: ${vaults.map((v) => v.id).join(", ")}.`,
    {
      hint: "Give the name or the id of a vault the sandbox serves, e.g. one listed by GET /subscriptions/{id}/providers/Microsoft.RecoveryServices/vaults.",
    },
  );
}

function fqdnsOf(nic: ArmResource): Set<string> {
  const names = new Set<string>();
  for (const config of arrayAt(objectAt(nic.properties).ipConfigurations)) {
    const fqdns = objectAt(objectAt(config.properties).privateLinkConnectionProperties).fqdns;
    if (Array.isArray(fqdns)) for (const f of fqdns) names.add(String(f).toLowerCase());
  }
  return names;
}

function isApproved(pe: ArmResource): boolean {
  const props = objectAt(pe.properties);
  return (
    props.provisioningState === "Succeeded" &&
    [
      ...arrayAt(props.privateLinkServiceConnections),
      ...arrayAt(props.manualPrivateLinkServiceConnections),
    ].some((c) => objectAt(objectAt(c.properties).privateLinkServiceConnectionState).status === "Approved")
  );
}

function grow(
  store: ResourceStore,
  pe: ArmResource,
  vault: ArmResource,
  event: LifecycleEvent,
): EndpointGrowth {
  const nic = endpointNic(store, pe);
  const found = findSubnet(store, String(objectAt(objectAt(pe.properties).subnet).id ?? ""));
  if (!nic || !found) return { endpointId: pe.id, added: [] };
  const naming = requireBackupNaming(vault.location ?? "", "AzureBackup");
  const allocation = STORAGE_ALLOCATIONS[event.kind];
  const account = storageAccountName(vault.id, "AzureBackup", naming.region.geoCode, allocation.purpose);
  const have = fqdnsOf(nic);
  const names: BackupDnsName[] = allocation.services
    .map((service) => ({ fqdn: storageFqdn(naming, service, account), member: service }))
    .filter((name) => !have.has(name.fqdn));
  if (names.length === 0) return { endpointId: pe.id, added: [] };
  const ips = allocateAddresses(store, found.subnet, names.length);
  const configs = names.map((name, i) =>
    endpointIpConfiguration(store, nic.id, found.subnet.id, "AzureBackup", name, ips[i] ?? "", false),
  );
  const nicProps = objectAt(nic.properties);
  nicProps.ipConfigurations = [...arrayAt(nicProps.ipConfigurations), ...configs];
  store.put(nic);
  const subnetProps = objectAt(found.subnet.properties);
  subnetProps.ipConfigurations = [
    ...arrayAt(subnetProps.ipConfigurations),
    ...configs.map((c) => ({ id: c.id })),
  ];
  saveVnet(store, found.vnet);
  publishDnsConfigs(store, pe, true);
  return { endpointId: pe.id, added: names.map((name, i) => ({ fqdn: name.fqdn, ipAddress: ips[i] ?? "" })) };
}

/**
 * Applies one lifecycle event to every approved AzureBackup endpoint of the vault. Idempotent: an event
 * that already happened adds nothing.
 * @throws SandboxInputError for an id or name that names no single vault, or when an endpoint's subnet has no address left.
 */
export function simulateLifecycleEvent(store: ResourceStore, event: LifecycleEvent): EndpointGrowth[] {
  const vault = findVault(store, event.kind, event.vaultId);
  const endpoints = endpointsOfVault(store, vault.id).filter((pe) => {
    const request = backupRequestOf(store, pe.id, objectAt(pe.properties));
    return request?.group === "AzureBackup" && sameResourceId(request.vault.id, vault.id) && isApproved(pe);
  });
  try {
    return endpoints.map((pe) => grow(store, pe, vault, event));
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    throw new SandboxInputError(`simulate ${event.kind} on ${vault.name}: ${error.message}`, {
      hint: "Azure would fail the same way: give the endpoint's subnet more free addresses (a /25 is recommended).",
    });
  }
}
