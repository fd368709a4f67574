import { describe, expect, it } from "vitest";
import { cloudFor } from "../../src/core/clouds.js";
import { backupZoneName, requiredZoneNamesFor, zoneRecordForFqdn } from "../../src/core/dns-names.js";
import { UserError } from "../../src/core/user-error.js";

const global = cloudFor("AzureCloud");
const usGov = cloudFor("AzureUSGovernment");
const china = cloudFor("AzureChinaCloud");

// A vault's numeric id as it appears in real backup FQDNs (18-19 digits).
const vaultId = "1234567890123456789";

describe("the zones a backup private endpoint needs", () => {
  it("names the backup zone with the geo code, never the region", () => {
    expect(backupZoneName(global, "eus")).toBe("privatelink.eus.backup.windowsazure.com");
    expect(backupZoneName(global, "UKS")).toBe("privatelink.uks.backup.windowsazure.com");
    expect(backupZoneName(usGov, "ugv")).toBe("privatelink.ugv.backup.windowsazure.us");
    expect(backupZoneName(china, "bjb2")).toBe("privatelink.bjb2.backup.windowsazure.cn");
  });

  it("refuses a region name passed as a geo code and says the right code", () => {
    let caught: unknown;
    try {
      backupZoneName(global, "uksouth");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toContain("region name");
    expect((caught as UserError).hint).toContain("privatelink.uks.backup.windowsazure.com");
  });

  it("refuses something that cannot be a geo code", () => {
    expect(() => backupZoneName(global, "e.us")).toThrow(UserError);
    expect(() => backupZoneName(global, "")).toThrow(UserError);
  });

  it("gives the three zones for a global-cloud region, however it is written", () => {
    const expected = {
      backup: "privatelink.uks.backup.windowsazure.com",
      blob: "privatelink.blob.core.windows.net",
      queue: "privatelink.queue.core.windows.net",
    };
    expect(requiredZoneNamesFor(global, "uksouth")).toEqual(expected);
    expect(requiredZoneNamesFor(global, "UK South")).toEqual(expected);
    expect(requiredZoneNamesFor(global, "italynorth").backup).toBe("privatelink.itn.backup.windowsazure.com");
  });

  it("gives sovereign clouds their own suffixes", () => {
    expect(requiredZoneNamesFor(usGov, "usgovvirginia")).toEqual({
      backup: "privatelink.ugv.backup.windowsazure.us",
      blob: "privatelink.blob.core.usgovcloudapi.net",
      queue: "privatelink.queue.core.usgovcloudapi.net",
    });
    expect(requiredZoneNamesFor(china, "China East 2")).toEqual({
      backup: "privatelink.sha2.backup.windowsazure.cn",
      blob: "privatelink.blob.core.chinacloudapi.cn",
      queue: "privatelink.queue.core.chinacloudapi.cn",
    });
  });

  it("refuses a region of another cloud, one with no code, and an unknown one", () => {
    expect(() => requiredZoneNamesFor(usGov, "eastus")).toThrow(/is in AzureCloud, not in AzureUSGovernment/);
    expect(() => requiredZoneNamesFor(global, "usnateast")).toThrow(/is in USNat/);
    expect(() => requiredZoneNamesFor(global, "eastusstg")).toThrow(/no known Azure Backup geo code/);
    expect(() => requiredZoneNamesFor(global, "eastsu")).toThrow(UserError);
  });
});

describe("mapping endpoint FQDNs to zone records", () => {
  it("maps backup service names from customDnsConfigs to the geo zone", () => {
    for (const svc of ["fc1", "rec2", "id1", "fab1", "tel1", "prot1", "wbcm1", "ecs1", "prot1b"]) {
      expect(
        zoneRecordForFqdn(`${vaultId}-ab-pod01-${svc}.privatelink.eus.backup.windowsazure.com`, global),
      ).toEqual({
        zone: "privatelink.eus.backup.windowsazure.com",
        recordName: `${vaultId}-ab-pod01-${svc}`,
        service: "backup",
      });
    }
  });

  it("puts a backup name shown without .privatelink. into the privatelink zone too", () => {
    expect(zoneRecordForFqdn(`${vaultId}-ab-pod01-fc1.ne.backup.windowsazure.com`, global)).toEqual({
      zone: "privatelink.ne.backup.windowsazure.com",
      recordName: `${vaultId}-ab-pod01-fc1`,
      service: "backup",
    });
  });

  it("lower-cases and drops a trailing dot", () => {
    expect(
      zoneRecordForFqdn(`${vaultId}-AB-POD01-FC1.PrivateLink.UKS.Backup.WindowsAzure.com.`, global),
    ).toEqual({
      zone: "privatelink.uks.backup.windowsazure.com",
      recordName: `${vaultId}-ab-pod01-fc1`,
      service: "backup",
    });
  });

  it("maps storage blob and queue names, public or privatelink form, to the account label", () => {
    expect(zoneRecordForFqdn("abcdeypod01ecs114.blob.core.windows.net", global)).toEqual({
      zone: "privatelink.blob.core.windows.net",
      recordName: "abcdeypod01ecs114",
      service: "blob",
    });
    expect(zoneRecordForFqdn("abcdeypod01ecs114.queue.core.windows.net", global)).toEqual({
      zone: "privatelink.queue.core.windows.net",
      recordName: "abcdeypod01ecs114",
      service: "queue",
    });
    expect(zoneRecordForFqdn("abcdeypod01prot120.privatelink.blob.core.windows.net", global)).toEqual({
      zone: "privatelink.blob.core.windows.net",
      recordName: "abcdeypod01prot120",
      service: "blob",
    });
  });

  it("puts partitioned blob.storage.azure.net names in the blob zone under the account label", () => {
    expect(zoneRecordForFqdn("md-sc4xrwvm2tv5.z36.blob.storage.azure.net", global)).toEqual({
      zone: "privatelink.blob.core.windows.net",
      recordName: "md-sc4xrwvm2tv5",
      service: "blob",
    });
    expect(zoneRecordForFqdn("march2023dnspartition.z20.blob.storage.azure.net", global)?.recordName).toBe(
      "march2023dnspartition",
    );
  });

  it("maps sovereign-cloud names in their own cloud only", () => {
    expect(
      zoneRecordForFqdn(`${vaultId}-ab-pod01-fc1.privatelink.ugv.backup.windowsazure.us`, usGov),
    ).toEqual({
      zone: "privatelink.ugv.backup.windowsazure.us",
      recordName: `${vaultId}-ab-pod01-fc1`,
      service: "backup",
    });
    expect(zoneRecordForFqdn("acct1.queue.core.usgovcloudapi.net", usGov)).toEqual({
      zone: "privatelink.queue.core.usgovcloudapi.net",
      recordName: "acct1",
      service: "queue",
    });
    expect(zoneRecordForFqdn("acct1.blob.core.chinacloudapi.cn", china)).toEqual({
      zone: "privatelink.blob.core.chinacloudapi.cn",
      recordName: "acct1",
      service: "blob",
    });
    expect(
      zoneRecordForFqdn(`${vaultId}-ab-pod01-fc1.privatelink.sha2.backup.windowsazure.cn`, china)?.zone,
    ).toBe("privatelink.sha2.backup.windowsazure.cn");
    expect(zoneRecordForFqdn("acct1.blob.core.chinacloudapi.cn", global)).toBeNull();
    expect(
      zoneRecordForFqdn(`${vaultId}-ab-pod01-fc1.privatelink.eus.backup.windowsazure.com`, usGov),
    ).toBeNull();
    expect(zoneRecordForFqdn("md-abc.z12.blob.storage.azure.net", usGov)).toBeNull();
  });

  it("rejects names that are not one endpoint record", () => {
    for (const fqdn of [
      "login.microsoftonline.com",
      "privatelink.eus.backup.windowsazure.com",
      "privatelink.blob.core.windows.net",
      "a.b.blob.core.windows.net",
      "blob.core.windows.net",
      `x.y.privatelink.eus.backup.windowsazure.com`,
      "acct.privatelink.blob.storage.azure.net",
      "acct.z123.blob.storage.azure.net",
      "acct.table.core.windows.net",
      "bad_label.blob.core.windows.net",
    ]) {
      expect(zoneRecordForFqdn(fqdn, global), fqdn).toBeNull();
    }
  });
});
