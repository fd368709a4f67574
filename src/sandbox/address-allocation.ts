import { arrayAt, objectAt } from "./arm-resource.js";
import { ArmError } from "./errors.js";
import { sameId } from "./resource-path.js";
import type { ArmResource } from "./state.js";
import type { ResourceStore } from "./store.js";

/**
 * Private IP allocation in a subnet the way Azure does it: the first four addresses and the last one of
 * every prefix are reserved (Azure Virtual Network FAQ, "Are there any restrictions on using IP addresses
 * within these subnets?"), the rest are handed out lowest first. IPv4 only: the sandbox's tenants are.
 */
const RESERVED_AT_START = 4;
const RESERVED_AT_END = 1;

function toNumber(ip: string): number {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function toDotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

function prefixesOf(subnet: ArmResource): string[] {
  const props = objectAt(subnet.properties);
  if (Array.isArray(props.addressPrefixes)) return props.addressPrefixes.map(String);
  return typeof props.addressPrefix === "string" ? [props.addressPrefix] : [];
}

/** Every private IP that a NIC in the tenant holds in this subnet. */
export function usedAddresses(store: ResourceStore, subnetId: string): Set<string> {
  const used = new Set<string>();
  for (const resource of store.all()) {
    if (resource.type.toLowerCase() !== "microsoft.network/networkinterfaces") continue;
    for (const config of arrayAt(objectAt(resource.properties).ipConfigurations)) {
      const props = objectAt(config.properties);
      const subnet = objectAt(props.subnet);
      if (
        typeof subnet.id === "string" &&
        sameId(subnet.id, subnetId) &&
        typeof props.privateIPAddress === "string"
      ) {
        used.add(props.privateIPAddress);
      }
    }
  }
  return used;
}

/** The free addresses of a subnet, lowest first. */
export function freeAddresses(subnet: ArmResource, used: ReadonlySet<string>): string[] {
  const free: string[] = [];
  for (const prefix of prefixesOf(subnet)) {
    const [address, bits] = prefix.split("/");
    if (address === undefined || bits === undefined || address.includes(":")) continue;
    const size = 2 ** (32 - Number(bits));
    const start = toNumber(address);
    for (let n = start + RESERVED_AT_START; n < start + size - RESERVED_AT_END; n++) {
      const ip = toDotted(n);
      if (!used.has(ip)) free.push(ip);
    }
  }
  return free;
}

/** Takes `count` addresses or answers the Network RP's `SubnetIsFull` (its message, as seen in the wild). */
export function allocateAddresses(store: ResourceStore, subnet: ArmResource, count: number): string[] {
  const free = freeAddresses(subnet, usedAddresses(store, subnet.id));
  if (free.length < count) {
    throw new ArmError(
      400,
      "SubnetIsFull",
      `Subnet ${subnet.name} with address prefix ${prefixesOf(subnet).join(",")} does not have enough capacity for ${count} IP addresses.`,
    );
  }
  return free.slice(0, count);
}
