import { describe, expect, it } from "vitest";
import {
  type NameCheck,
  PRIVATE_ENDPOINT_NAME_MAX,
  proposeEndpointName,
  proposeSecondaryEndpointName,
  validatePrivateEndpointName,
  validateResourceGroupName,
  validateSecurityRuleName,
  validateVaultName,
} from "../../src/core/naming.js";
import { UserError } from "../../src/core/user-error.js";

function failures(check: NameCheck): { rule: string; message: string }[] {
  return check.ok ? [] : [...check.failures];
}

describe("private endpoint names (2–64, alphanumerics _ . -, start alphanumeric, end alphanumeric or _)", () => {
  it.each(["pe", "pe-rsv-prod-vnet-hub-backup", "PE.backup_", "a".repeat(64), "9pe"])(
    "accepts %j",
    (name) => {
      expect(validatePrivateEndpointName(name)).toEqual({ ok: true });
    },
  );

  it("names the value and the limit when too short or too long", () => {
    expect(failures(validatePrivateEndpointName("p"))).toEqual([
      {
        rule: "length",
        message: 'Private endpoint name "p" is 1 character long; it must be 2–64 characters.',
      },
    ]);
    const long = "a".repeat(65);
    expect(failures(validatePrivateEndpointName(long))).toEqual([
      {
        rule: "length",
        message: `Private endpoint name "${long}" is 65 characters long; it must be 2–64 characters.`,
      },
    ]);
  });

  it("lists each character that is not allowed, once", () => {
    expect(failures(validatePrivateEndpointName("pe rsv/prod rsv"))).toEqual([
      {
        rule: "characters",
        message:
          'Private endpoint name "pe rsv/prod rsv" contains " ", "/"; only letters, digits, underscores, periods and hyphens are allowed.',
      },
    ]);
  });

  it("says how it must start and end", () => {
    expect(failures(validatePrivateEndpointName("-pe"))).toEqual([
      { rule: "start", message: 'Private endpoint name "-pe" must start with a letter or digit.' },
    ]);
    expect(failures(validatePrivateEndpointName("_pe"))).toEqual([
      { rule: "start", message: 'Private endpoint name "_pe" must start with a letter or digit.' },
    ]);
    expect(failures(validatePrivateEndpointName("pe."))).toEqual([
      { rule: "end", message: 'Private endpoint name "pe." must end with a letter, digit or underscore.' },
    ]);
  });

  it("reports every rule that fails, not just the first", () => {
    expect(failures(validatePrivateEndpointName(".")).map((f) => f.rule)).toEqual(["length", "start", "end"]);
  });

  it("refuses an empty name with only the length rule", () => {
    expect(failures(validatePrivateEndpointName("")).map((f) => f.rule)).toEqual(["length"]);
  });
});

describe("security rule names (1–80)", () => {
  it.each([["Security rule name", validateSecurityRuleName]])(
    "%s: 1–80, same characters as private endpoints",
    (what, validate) => {
      expect(validate("d")).toEqual({ ok: true });
      expect(validate("a".repeat(80))).toEqual({ ok: true });
      expect(failures(validate("a".repeat(81)))).toEqual([
        {
          rule: "length",
          message: `${what} "${"a".repeat(81)}" is 81 characters long; it must be 1–80 characters.`,
        },
      ]);
      expect(failures(validate("link-")).map((f) => f.message)).toEqual([
        `${what} "link-" must end with a letter, digit or underscore.`,
      ]);
      expect(failures(validate("a:b")).map((f) => f.rule)).toEqual(["characters"]);
    },
  );

  it("accepts the names vaultlink and the portal use", () => {
    expect(validateSecurityRuleName("Allow-AzureBackup-Outbound_443")).toEqual({ ok: true });
  });
});

describe("Recovery Services vault names (2–50, alphanumerics and hyphens, start with a letter)", () => {
  it("accepts a typical vault name", () => {
    expect(validateVaultName("rsv-prod-weu-01")).toEqual({ ok: true });
  });

  it("explains each rule that fails", () => {
    expect(failures(validateVaultName("1vault"))).toEqual([
      { rule: "start", message: 'Recovery Services vault name "1vault" must start with a letter.' },
    ]);
    expect(failures(validateVaultName("rsv_prod")).map((f) => f.message)).toEqual([
      'Recovery Services vault name "rsv_prod" contains "_"; only letters, digits and hyphens are allowed.',
    ]);
    expect(failures(validateVaultName("r")).map((f) => f.rule)).toEqual(["length"]);
    expect(failures(validateVaultName(`r${"a".repeat(50)}`)).map((f) => f.rule)).toEqual(["length"]);
  });
});

describe("resource group names (1–90, Unicode letters and digits, _ - . ( ), not ending with a period)", () => {
  it.each(["rg-net", "RG_(prod).01", "rg-münchen", "リソース"])("accepts %j", (name) => {
    expect(validateResourceGroupName(name)).toEqual({ ok: true });
  });

  it("refuses a trailing period and characters outside the set", () => {
    expect(failures(validateResourceGroupName("rg."))).toEqual([
      { rule: "end", message: 'Resource group name "rg." must end with a character other than a period.' },
    ]);
    expect(failures(validateResourceGroupName("rg net!")).map((f) => f.message)).toEqual([
      'Resource group name "rg net!" contains " ", "!"; only letters, digits, underscores, hyphens, periods and parentheses are allowed.',
    ]);
    expect(failures(validateResourceGroupName("r".repeat(91))).map((f) => f.rule)).toEqual(["length"]);
  });
});

describe("proposeEndpointName", () => {
  it("reads as pe-<vault>-<vnet>-backup when that fits", () => {
    expect(proposeEndpointName("rsv-prod", "vnet-hub")).toBe("pe-rsv-prod-vnet-hub-backup");
    expect(proposeSecondaryEndpointName("rsv-prod", "vnet-hub-ne")).toBe(
      "pe-rsv-prod-vnet-hub-ne-backup-secondary",
    );
    expect(proposeEndpointName("rsv-prod", "vnet-hub", "backup-2")).toBe("pe-rsv-prod-vnet-hub-backup-2");
  });

  it("shortens long names to a valid name within 64, keeping both parts recognisable", () => {
    const vault = `rsv-${"v".repeat(46)}`; // 50, the longest vault name
    const vnet = `vnet-${"n".repeat(59)}`; // 64, the longest VNet name
    for (const name of [proposeEndpointName(vault, vnet), proposeSecondaryEndpointName(vault, vnet)]) {
      expect(name.length).toBeLessThanOrEqual(PRIVATE_ENDPOINT_NAME_MAX);
      expect(validatePrivateEndpointName(name)).toEqual({ ok: true });
      expect(name).toMatch(/^pe-rsv-v+-vnet-n+-backup(-secondary)?-[0-9a-z]{7}$/);
    }
  });

  it("gives the short part its full length and the long part the rest", () => {
    const name = proposeEndpointName("rsv", `vnet-${"n".repeat(70)}`);
    expect(name.startsWith("pe-rsv-vnet-nnn")).toBe(true);
    expect(name.length).toBe(PRIVATE_ENDPOINT_NAME_MAX);
    const longVault = `rsv-${"v".repeat(46)}`;
    const other = proposeEndpointName(longVault, "hub01");
    expect(other).toMatch(/^pe-rsv-v+-hub01-backup-[0-9a-z]{7}$/);
    expect(other.length).toBe(PRIVATE_ENDPOINT_NAME_MAX);
  });

  it("is deterministic, and keeps long names that differ only at the end apart", () => {
    const base = `spoke-westeurope-application-landing-zone-${"x".repeat(20)}`;
    const first = proposeEndpointName("rsv-prod-westeurope-01", `${base}-001`);
    expect(proposeEndpointName("rsv-prod-westeurope-01", `${base}-001`)).toBe(first);
    expect(proposeEndpointName("rsv-prod-westeurope-01", `${base}-002`)).not.toBe(first);
  });

  it("does not leave a hyphen or period where a part was cut", () => {
    const name = proposeEndpointName(
      "rsv-----------------------------------------------",
      "vnet.hub.weu.production.network.for.backup.endpoints",
    );
    expect(name).not.toMatch(/[-.]{2}[a-z]/);
    expect(validatePrivateEndpointName(name)).toEqual({ ok: true });
  });

  it("refuses inputs that cannot make a valid name, saying which rule failed", () => {
    const error = (() => {
      try {
        proposeEndpointName("rsv", "vnet", "back up");
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      'Cannot make a private endpoint name from vault "rsv", VNet "vnet" and suffix "back up".',
    );
    expect((error as UserError).hint).toContain('contains " "');
  });
});
