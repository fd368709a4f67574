import { arrayAt, objectAt } from "./arm-resource.js";
import { ArmError } from "./errors.js";
import { sameResourceId } from "./resource-ids.js";
import type { ArmResource } from "./state.js";
import type { ResourceStore } from "./store.js";

/**
 * Private IP allocation in a subnet of the simulated tenant, as Azure's dynamic allocation does it: the lowest free
 * address first, never one of the 5 Azure keeps in every prefix (the network address, .1 for the gateway, .2 and .3
 * for Azure DNS, and the last one: https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq, "Are there
 * any restrictions on using IP addresses within these subnets?"). IPv6 prefixes are set aside: endpoints take IPv4.
 */

/** The private IPv4 addresses of a subnet's prefixes and those a NIC in the tenant holds. */
export interface SubnetAddresses {
  readonly addressPrefixes: readonly string[];
  readonly usedAddresses: readonly string[];
}

function ipv4(text: string): number | undefined {
  const octets = text.trim().split(".");
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  return octets.reduce((n, o) => n * 256 + Number(o), 0);
}

const dotted = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

/** Every address Azure may hand out in the subnet, lowest first, in use or not. */
function assignable(prefixes: readonly string[]): number[] {
  const out: number[] = [];
  for (const prefix of prefixes) {
    const [address, bits] = prefix.split("/");
    const start = ipv4(address ?? "");
    const length = Number(bits);
    if (start === undefined || !Number.isInteger(length) || length < 2 || length > 29) continue;
    const size = 2 ** (32 - length);
    const first = start - (start % size);
    for (let n = first + 4; n < first + size - 1; n++) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

function freeAddresses(addresses: SubnetAddresses): number[] {
  const used = new Set(addresses.usedAddresses.map(ipv4));
  return assignable(addresses.addressPrefixes).filter((n) => !used.has(n));
}

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
  if (freeAddresses(addresses).length < count) {
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
  return freeAddresses(requireFreeAddresses(store, subnet, count))
    .slice(0, count)
    .map(dotted);
}
