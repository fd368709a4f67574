import { describe, expect, it } from "vitest";
import {
  assessEndpointHeadroom,
  freeAddresses,
  parseIpv4Prefix,
  type SubnetAddresses,
  subnetCapacity,
} from "../../src/core/address-capacity.js";
import { UserError } from "../../src/core/user-error.js";

function subnet(addressPrefixes: string[], usedAddresses: string[] = []): SubnetAddresses {
  return { addressPrefixes, usedAddresses };
}

/** `count` addresses from `10.0.<third>.<start>` upwards. */
function addresses(third: number, start: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `10.0.${third}.${start + i}`);
}

function userErrorFrom(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError, nothing was thrown");
}

describe("parseIpv4Prefix", () => {
  it("reads a prefix as an address range", () => {
    expect(parseIpv4Prefix("10.0.1.0/24")).toEqual({
      cidr: "10.0.1.0/24",
      length: 24,
      first: 10 * 2 ** 24 + 256,
      last: 10 * 2 ** 24 + 511,
      size: 256,
    });
  });

  it("refuses host bits set, naming the network address Azure wants", () => {
    const error = userErrorFrom(() => parseIpv4Prefix("10.0.0.5/24"));
    expect(error.message).toBe(
      'Address prefix "10.0.0.5/24" has host bits set: for /24 the prefix is 10.0.0.0/24.',
    );
    expect(error.hint).toContain("Use 10.0.0.0/24");
  });

  it("accepts Azure's smallest (/29) and largest (/2) subnets and nothing outside them", () => {
    expect(parseIpv4Prefix("10.0.0.8/29").size).toBe(8);
    expect(parseIpv4Prefix("64.0.0.0/2").size).toBe(2 ** 30);
    expect(userErrorFrom(() => parseIpv4Prefix("10.0.0.0/30")).message).toContain(
      "/29 at the smallest and /2 at the largest",
    );
    expect(() => parseIpv4Prefix("0.0.0.0/1")).toThrow(UserError);
    expect(() => parseIpv4Prefix("10.0.0.1/32")).toThrow(UserError);
  });

  it.each(["10.0.0.0", "10.0.0.0/33", "10.1/16", "010.0.0.0/24", "fd00::/64", "not-a-cidr", ""])(
    "refuses %j as an IPv4 prefix",
    (text) => {
      expect(userErrorFrom(() => parseIpv4Prefix(text)).message).toBe(
        `"${text}" is not an IPv4 address prefix.`,
      );
    },
  );
});

describe("subnetCapacity", () => {
  it("leaves 3 usable addresses in a /29: 8 minus Azure's 5", () => {
    expect(subnetCapacity(subnet(["10.0.0.0/29"]))).toMatchObject({
      total: 8,
      reserved: 5,
      used: 0,
      free: 3,
    });
  });

  it("leaves 11 in a /28 and 251 in a /24", () => {
    expect(freeAddresses(subnet(["10.0.0.16/28"]))).toBe(11);
    expect(freeAddresses(subnet(["10.0.0.0/24"]))).toBe(251);
  });

  it("counts a /25 with 20 addresses in use", () => {
    const capacity = subnetCapacity(subnet(["10.0.1.0/25"], addresses(1, 4, 20)));
    expect(capacity).toMatchObject({ total: 128, reserved: 5, used: 20, free: 103 });
  });

  it("reserves 5 addresses in each of several prefixes", () => {
    const capacity = subnetCapacity(
      subnet(["10.0.2.0/26", "10.0.1.0/28"], ["10.0.1.4", "10.0.2.4", "10.0.2.5"]),
    );
    expect(capacity.prefixes.map((p) => p.cidr)).toEqual(["10.0.1.0/28", "10.0.2.0/26"]);
    expect(capacity).toMatchObject({ total: 80, reserved: 10, used: 3, free: 67 });
  });

  it("reports a full subnet as 0 free", () => {
    const capacity = subnetCapacity(subnet(["10.0.3.0/28"], addresses(3, 4, 11)));
    expect(capacity.free).toBe(0);
    expect(assessEndpointHeadroom(subnet(["10.0.3.0/28"], addresses(3, 4, 11))).endpointsThatFit).toBe(0);
  });

  it("counts an address once however many configurations list it", () => {
    expect(subnetCapacity(subnet(["10.0.0.0/28"], ["10.0.0.4", "10.0.0.4", "10.0.0.5"])).used).toBe(2);
  });

  it("does not count reserved addresses as used a second time", () => {
    expect(subnetCapacity(subnet(["10.0.0.0/28"], ["10.0.0.1", "10.0.0.15", "10.0.0.4"])).free).toBe(10);
  });

  it("ignores used addresses outside every prefix, and lists them for a warning", () => {
    const capacity = subnetCapacity(subnet(["10.0.0.0/28"], ["10.0.0.4", "10.9.9.9", "10.9.9.9"]));
    expect(capacity.used).toBe(1);
    expect(capacity.free).toBe(10);
    expect(capacity.usedOutsidePrefixes).toEqual(["10.9.9.9"]);
  });

  it("sets IPv6 prefixes and addresses aside without failing", () => {
    const capacity = subnetCapacity(
      subnet(["10.0.0.0/28", "fd00:db8:deca::/64"], ["10.0.0.4", "fd00:db8:deca::4"]),
    );
    expect(capacity.ipv6Prefixes).toEqual(["fd00:db8:deca::/64"]);
    expect(capacity).toMatchObject({ total: 16, reserved: 5, used: 1, free: 10 });
    expect(capacity.usedOutsidePrefixes).toEqual([]);
  });

  it("has no IPv4 capacity when a subnet is IPv6 only", () => {
    expect(subnetCapacity(subnet(["fd00:db8:deca::/64"]))).toMatchObject({ total: 0, reserved: 0, free: 0 });
  });

  it("refuses overlapping prefixes, as Azure does", () => {
    const error = userErrorFrom(() => subnetCapacity(subnet(["10.0.0.0/24", "10.0.0.128/25"])));
    expect(error.message).toBe("Subnet prefixes 10.0.0.0/24 and 10.0.0.128/25 overlap.");
  });

  it("refuses the same prefix listed twice, and a prefix nested in another from the same start", () => {
    expect(() => subnetCapacity(subnet(["10.0.0.0/24", "10.0.0.0/24"]))).toThrow(/overlap/);
    expect(() => subnetCapacity(subnet(["10.0.0.0/25", "10.0.0.0/24"]))).toThrow(/overlap/);
  });

  it("accepts prefixes that touch without overlapping", () => {
    expect(freeAddresses(subnet(["10.0.0.0/25", "10.0.0.128/25"]))).toBe(256 - 10);
  });

  it("refuses a used address that is not an IP address", () => {
    expect(userErrorFrom(() => subnetCapacity(subnet(["10.0.0.0/28"], ["10.0.0.x"]))).message).toBe(
      '"10.0.0.x" is not an IP address.',
    );
  });

  it("handles Azure's largest subnet by arithmetic", () => {
    expect(freeAddresses(subnet(["128.0.0.0/2"]))).toBe(2 ** 30 - 5);
  });
});

describe("assessEndpointHeadroom: endpoints that fit", () => {
  it("fits none in a /29 and one in a /28", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/29"])).endpointsThatFit).toBe(0);
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/28"])).endpointsThatFit).toBe(1);
  });

  it("fits 10 in a /25 with 20 in use (103 free)", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.1.0/25"], addresses(1, 4, 20))).endpointsThatFit).toBe(10);
  });

  it("keeps extra addresses aside for a MABS server's data sources", () => {
    // 11 free: one endpoint (10) fits alone, but not with 2 data sources (10 + 2).
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/28"]), { extra: 2 }).endpointsThatFit).toBe(0);
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/28"]), { extra: 1 }).endpointsThatFit).toBe(1);
  });

  it("follows a larger per-endpoint count when Azure's grows", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/24"]), { ipsPerEndpoint: 25 }).endpointsThatFit).toBe(10);
  });

  it("refuses nonsense sizing", () => {
    expect(
      () => assessEndpointHeadroom(subnet(["10.0.0.0/24"]), { ipsPerEndpoint: 0 }).endpointsThatFit,
    ).toThrow(UserError);
    expect(() => assessEndpointHeadroom(subnet(["10.0.0.0/24"]), { extra: -1 }).endpointsThatFit).toThrow(
      UserError,
    );
    expect(() => assessEndpointHeadroom(subnet(["10.0.0.0/24"]), { extra: 1.5 }).endpointsThatFit).toThrow(
      UserError,
    );
  });
});

describe("assessEndpointHeadroom", () => {
  it("says a /29 does not fit an endpoint", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/29"]))).toEqual({
      verdict: "doesNotFit",
      freeAddresses: 3,
      requiredAddresses: 10,
      endpointsThatFit: 0,
      recommendedFreeAddresses: 123,
    });
  });

  it("says a /28 fits one endpoint but lacks the recommended /25 of headroom", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/28"]))).toMatchObject({
      verdict: "fitsBelowRecommendation",
      freeAddresses: 11,
      endpointsThatFit: 1,
    });
  });

  it("says an empty /25 (123 usable) meets the recommended /25, and one used address less does not", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/25"])).verdict).toBe("meetsRecommendation");
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/25"], ["10.0.0.4"])).verdict).toBe(
      "fitsBelowRecommendation",
    );
  });

  it("says a /24 meets the recommendation until fewer than a /25's 123 usable addresses are free", () => {
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/24"], addresses(0, 4, 128))).verdict).toBe(
      "meetsRecommendation",
    );
    expect(assessEndpointHeadroom(subnet(["10.0.0.0/24"], addresses(0, 4, 129))).verdict).toBe(
      "fitsBelowRecommendation",
    );
  });

  it("needs 10 + n free for a MABS server protecting n data sources", () => {
    const headroom = assessEndpointHeadroom(subnet(["10.0.0.0/28"]), { extra: 5 });
    expect(headroom).toMatchObject({ verdict: "doesNotFit", requiredAddresses: 15, endpointsThatFit: 0 });
  });

  it("does not call a subnet recommended when the MABS need exceeds its free addresses", () => {
    const headroom = assessEndpointHeadroom(subnet(["10.0.0.0/24"]), { extra: 300 });
    expect(headroom.verdict).toBe("doesNotFit");
  });
});

describe("IP configurations whose address ARM did not return", () => {
  it("count as used, one address each, alongside the known ones", () => {
    const capacity = subnetCapacity({
      addressPrefixes: ["10.0.0.0/28"],
      usedAddresses: ["10.0.0.4"],
      usedWithoutAddress: 3,
    });
    expect(capacity).toMatchObject({ total: 16, reserved: 5, used: 4, free: 7 });
  });

  it("never make the free count negative", () => {
    expect(
      freeAddresses({ addressPrefixes: ["10.0.0.0/29"], usedAddresses: [], usedWithoutAddress: 9 }),
    ).toBe(0);
  });
});
