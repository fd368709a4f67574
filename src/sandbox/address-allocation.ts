import { nextFreeAddresses, type SubnetAddresses, subnetCapacity } from "../core/address-capacity.js";
import { sameResourceId } from "../core/arm-id.js";
import { arrayAt, objectAt } from "./arm-resource.js";
import { ArmError } from "./errors.js";
import type { ArmResource } from "./state.js";
import type { ResourceStore } from "./store.js";

/**
 * Private IP allocation in a subnet of the simulated tenant: the core counts and picks addresses the way
 * Azure does (5 reserved per prefix, lowest free first); this module only reads what the tenant holds.
 */

function prefixesOf(subnet: ArmResource): string[] {
  const props = objectAt(subnet.properties);
  if (Array.isArray(props.addressPrefixes)) return props.addressPrefixes.map(String);
  return typeof props.addressPrefix === "string" ? [props.addressPrefix] : [];
}

/** The subnet's prefixes and every private IP that a NIC in the tenant holds in it. */
export function subnetAddresses(store: ResourceStore, subnet: ArmResource): SubnetAddresses {
  const used: string[] = [];
  for (const resource of store.all()) {
    if (resource.type.toLowerCase() !== "microsoft.network/networkinterfaces") continue;
    for (const config of arrayAt(objectAt(resource.properties).ipConfigurations)) {
      const props = objectAt(config.properties);
      const configSubnet = objectAt(props.subnet).id;
      if (
        typeof configSubnet === "string" &&
        sameResourceId(configSubnet, subnet.id) &&
        typeof props.privateIPAddress === "string"
      ) {
        used.push(props.privateIPAddress);
      }
    }
  }
  return { addressPrefixes: prefixesOf(subnet), usedAddresses: used };
}

/** Refuses with the Network RP's `SubnetIsFull` (its message, as seen in the wild) unless `count` are free. */
export function requireFreeAddresses(
  store: ResourceStore,
  subnet: ArmResource,
  count: number,
): SubnetAddresses {
  const addresses = subnetAddresses(store, subnet);
  if (subnetCapacity(addresses).free < count) {
    throw new ArmError(
      400,
      "SubnetIsFull",
      `Subnet ${subnet.name} with address prefix ${addresses.addressPrefixes.join(",")} does not have enough capacity for ${count} IP addresses.`,
    );
  }
  return addresses;
}

/** Takes `count` addresses, lowest first, or answers `SubnetIsFull`. */
export function allocateAddresses(store: ResourceStore, subnet: ArmResource, count: number): string[] {
  return nextFreeAddresses(requireFreeAddresses(store, subnet, count), count);
}
