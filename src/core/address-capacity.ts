import ipaddr from "ipaddr.js";
import type { Subnet } from "./inventory.js";
import { UserError } from "./user-error.js";

/**
 * How many private IPv4 addresses a subnet has left, and how many Azure Backup private endpoints fit in them.
 *
 * Facts this rests on:
 * - Azure reserves 5 addresses in every subnet prefix: the network address, .1 for the default gateway, .2 and .3
 *   to map Azure DNS into the VNet, and the last (broadcast) address.
 *   https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq ("Are there any restrictions on using IP
 *   addresses within these subnets?"). A subnet with several `addressPrefixes` loses 5 in each.
 * - Subnets are /29 at the smallest and /2 at the largest (same FAQ, "How small and how large can virtual networks
 *   and subnets be?"; older copies of the FAQ said /8). IPv6 subnets are /64; private endpoints here use IPv4, so
 *   IPv6 prefixes are set aside, not counted.
 * - A backup private endpoint (v2) uses 10 private IPs "and the count might increase over time"; Microsoft
 *   recommends a /25 of free addresses (seed; https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept).
 * - With MABS/DPM, have 10 + n IPs free, n being the data sources the server protects
 *   (https://learn.microsoft.com/azure/backup/private-endpoint-configure-vault-backup-server).
 */

/** Addresses Azure keeps for itself in every subnet prefix. */
export const AZURE_RESERVED_PER_PREFIX = 5;
export const SMALLEST_SUBNET_PREFIX_LENGTH = 29;
export const LARGEST_SUBNET_PREFIX_LENGTH = 2;
/** Private IPs one backup private endpoint (v2) uses today; Microsoft says it may grow. */
export const IPS_PER_BACKUP_ENDPOINT = 10;
/**
 * A /25's worth of free addresses: the headroom Microsoft recommends before creating backup endpoints ("enough
 * private IPs (/25) available", seed). An empty /25 has 128 - 5 reserved = 123 usable, and meets it.
 */
export const RECOMMENDED_FREE_ADDRESSES = 128 - AZURE_RESERVED_PER_PREFIX;

/** One IPv4 subnet prefix, as a range of 32-bit addresses. */
export interface Ipv4Prefix {
  /** Normalised CIDR, e.g. `10.0.1.0/24`. */
  readonly cidr: string;
  readonly length: number;
  /** First address (the network address) as a number. */
  readonly first: number;
  /** Last address (the broadcast address) as a number. */
  readonly last: number;
  readonly size: number;
}

/**
 * The part of a subnet capacity depends on. `usedAddresses` are the private IPs of everything in the subnet
 * (NIC ipConfigurations, private endpoint ipConfigurations / customDnsConfigs), duplicates allowed.
 */
/** The part of an inventory subnet capacity needs: prefixes, known addresses, and configurations without one. */
export function subnetAddressesOf(subnet: Subnet): SubnetAddresses {
  const known = subnet.ipConfigurations.flatMap((c) =>
    c.privateIpAddress === undefined ? [] : [c.privateIpAddress],
  );
  return {
    addressPrefixes: subnet.addressPrefixes,
    usedAddresses: known,
    usedWithoutAddress: subnet.ipConfigurations.length - known.length,
  };
}

export interface SubnetAddresses {
  readonly addressPrefixes: readonly string[];
  readonly usedAddresses: readonly string[];
  /**
   * IP configurations in the subnet whose address is not known: ARM's subnet GET lists `ipConfigurations` by id,
   * often without `privateIPAddress`. Each still holds one address of the subnet, so each counts as used.
   */
  readonly usedWithoutAddress?: number;
}

export interface SubnetCapacity {
  /** IPv4 prefixes, sorted by address. */
  readonly prefixes: readonly Ipv4Prefix[];
  /** IPv6 prefixes found in `addressPrefixes`; not counted. */
  readonly ipv6Prefixes: readonly string[];
  readonly total: number;
  readonly reserved: number;
  /**
   * Distinct used IPv4 addresses inside the prefixes (reserved ones excluded: Azure never hands them out), plus the
   * configurations whose address is unknown.
   */
  readonly used: number;
  readonly free: number;
  /**
   * Used IPv4 addresses that lie in none of the prefixes. Azure cannot place an address there, so this means the
   * inventory mixed up subnets; they take no room here and are listed so a caller can say so.
   */
  readonly usedOutsidePrefixes: readonly string[];
}

function toNumber(address: ipaddr.IPv4): number {
  return address.octets.reduce((n, octet) => n * 256 + octet, 0);
}

function toAddress(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/**
 * Parses an IPv4 subnet prefix the way Azure accepts it.
 * @throws UserError for text that is not an IPv4 CIDR, for host bits set (naming the network address to use,
 *   as Azure's InvalidCIDRNotation error does), and for lengths outside /2–/29.
 */
export function parseIpv4Prefix(cidr: string): Ipv4Prefix {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) {
    throw new UserError(`"${cidr}" is not an IPv4 address prefix.`, {
      hint: "Write it in CIDR notation with a four-part address, e.g. 10.0.1.0/24.",
    });
  }
  const [address, length] = ipaddr.IPv4.parseCIDR(cidr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr);
  if (toNumber(network) !== toNumber(address)) {
    throw new UserError(
      `Address prefix "${cidr}" has host bits set: for /${length} the prefix is ${network}/${length}.`,
      {
        hint: `Use ${network}/${length}; Azure rejects "${cidr}" as invalid CIDR notation.`,
      },
    );
  }
  if (length > SMALLEST_SUBNET_PREFIX_LENGTH || length < LARGEST_SUBNET_PREFIX_LENGTH) {
    throw new UserError(
      `Address prefix "${cidr}" is /${length}; Azure subnets are /29 at the smallest and /2 at the largest.`,
      {
        hint: "Choose a subnet prefix between /2 and /29 (a /25 or larger is recommended for backup private endpoints).",
      },
    );
  }
  const first = toNumber(network);
  const size = 2 ** (32 - length);
  return { cidr: `${network}/${length}`, length, first, last: first + size - 1, size };
}

function isReserved(prefix: Ipv4Prefix, n: number): boolean {
  return n - prefix.first <= 3 || n === prefix.last;
}

function parseUsedAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  throw new UserError(`"${text}" is not an IP address.`, {
    hint: "Used addresses come from the private IPs of the NICs and private endpoints in the subnet, e.g. 10.0.1.4.",
  });
}

/**
 * Counts a subnet's addresses: total, reserved by Azure, used, and free.
 * @throws UserError for a malformed prefix or address, or for prefixes that overlap (Azure keeps address spaces
 *   apart: "Subnet address spaces can't overlap one another", virtual-networks-faq; an overlap here means the
 *   input is wrong, and counting it would report addresses twice).
 */
export function subnetCapacity(subnet: SubnetAddresses): SubnetCapacity {
  const prefixes: Ipv4Prefix[] = [];
  const ipv6Prefixes: string[] = [];
  for (const text of subnet.addressPrefixes) {
    if (ipaddr.IPv6.isValidCIDR(text)) ipv6Prefixes.push(text);
    else prefixes.push(parseIpv4Prefix(text));
  }
  prefixes.sort((a, b) => a.first - b.first);
  for (let i = 1; i < prefixes.length; i++) {
    const before = prefixes[i - 1] as Ipv4Prefix;
    const current = prefixes[i] as Ipv4Prefix;
    if (current.first <= before.last) {
      throw new UserError(`Subnet prefixes ${before.cidr} and ${current.cidr} overlap.`, {
        hint: "A subnet's address prefixes must not overlap; remove or change one of them.",
      });
    }
  }

  const used = new Set<number>();
  const outside = new Set<string>();
  for (const text of subnet.usedAddresses) {
    const address = parseUsedAddress(text);
    if (address.kind() === "ipv6") continue;
    const n = toNumber(address as ipaddr.IPv4);
    const prefix = prefixes.find((p) => n >= p.first && n <= p.last);
    if (prefix === undefined) outside.add(toAddress(n));
    else if (!isReserved(prefix, n)) used.add(n);
  }

  const total = prefixes.reduce((sum, p) => sum + p.size, 0);
  const reserved = prefixes.length * AZURE_RESERVED_PER_PREFIX;
  const usedCount = Math.min(used.size + (subnet.usedWithoutAddress ?? 0), total - reserved);
  return {
    prefixes,
    ipv6Prefixes,
    total,
    reserved,
    used: usedCount,
    free: total - reserved - usedCount,
    usedOutsidePrefixes: [...outside],
  };
}

/** Addresses still free for new NICs or private endpoints. */
export function freeAddresses(subnet: SubnetAddresses): number {
  return subnetCapacity(subnet).free;
}

export interface EndpointSizing {
  /** IPs one backup endpoint takes; 10 today, may grow. */
  readonly ipsPerEndpoint?: number;
  /** Extra IPs to keep free, e.g. n for a MABS/DPM server protecting n data sources. */
  readonly extra?: number;
}

function sizing(options: EndpointSizing): { ipsPerEndpoint: number; extra: number } {
  const ipsPerEndpoint = options.ipsPerEndpoint ?? IPS_PER_BACKUP_ENDPOINT;
  const extra = options.extra ?? 0;
  if (!Number.isInteger(ipsPerEndpoint) || ipsPerEndpoint < 1) {
    throw new UserError(`IPs per endpoint must be a whole number of at least 1, not ${ipsPerEndpoint}.`);
  }
  if (!Number.isInteger(extra) || extra < 0) {
    throw new UserError(`Extra free IPs must be a whole number of at least 0, not ${extra}.`);
  }
  return { ipsPerEndpoint, extra };
}

/**
 * - `doesNotFit`: fewer free addresses than one endpoint (plus extra) needs: creating it would fail.
 * - `fitsBelowRecommendation`: one endpoint fits now, but less than a /25 stays free for its IPs to grow into.
 * - `meetsRecommendation`: it fits and at least a /25's worth (128) of addresses is free.
 */
export type HeadroomVerdict = "doesNotFit" | "fitsBelowRecommendation" | "meetsRecommendation";

export interface EndpointHeadroom {
  readonly verdict: HeadroomVerdict;
  readonly freeAddresses: number;
  /** Addresses one endpoint needs now: ipsPerEndpoint + extra. */
  readonly requiredAddresses: number;
  readonly endpointsThatFit: number;
  readonly recommendedFreeAddresses: typeof RECOMMENDED_FREE_ADDRESSES;
}

/** Whether a backup endpoint fits in the subnet, and with how much room to grow; rules map the verdict to findings. */
export function assessEndpointHeadroom(
  subnet: SubnetAddresses,
  options: EndpointSizing = {},
): EndpointHeadroom {
  const { ipsPerEndpoint, extra } = sizing(options);
  const free = freeAddresses(subnet);
  const requiredAddresses = ipsPerEndpoint + extra;
  const endpointsThatFit = Math.floor(Math.max(0, free - extra) / ipsPerEndpoint);
  let verdict: HeadroomVerdict = "meetsRecommendation";
  if (free < requiredAddresses) verdict = "doesNotFit";
  else if (free < RECOMMENDED_FREE_ADDRESSES) verdict = "fitsBelowRecommendation";
  return {
    verdict,
    freeAddresses: free,
    requiredAddresses,
    endpointsThatFit,
    recommendedFreeAddresses: RECOMMENDED_FREE_ADDRESSES,
  };
}
