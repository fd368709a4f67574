import { describe, expect, it } from "vitest";
import { cloudFor } from "../../../src/core/clouds.js";
import type { PrivateDnsZone } from "../../../src/core/inventory.js";
import { checkBackupZoneNames } from "../../../src/core/rules/backup-zone-names.js";
import { codes, SUB } from "./tenant.js";

function zone(name: string): PrivateDnsZone {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${name}`,
    name,
    numberOfRecordSets: 1,
    numberOfVirtualNetworkLinks: 1,
    provisioningState: "Succeeded",
  };
}

const cloud = cloudFor("AzureCloud");

describe("checkBackupZoneNames", () => {
  it("passes zones named with real geo codes, and zones of other services", () => {
    const zones = [
      "privatelink.we.backup.windowsazure.com",
      "privatelink.ne.backup.windowsazure.com",
      "privatelink.blob.core.windows.net",
    ];
    expect(checkBackupZoneNames({ cloud, existingZones: zones.map(zone) })).toEqual([]);
  });

  it("flags a zone named with the region name and names the right zone", () => {
    const [finding] = checkBackupZoneNames({
      cloud,
      existingZones: [zone("privatelink.westeurope.backup.windowsazure.com")],
    });
    expect(finding).toMatchObject({ severity: "warn", code: "backup-zone-named-with-region" });
    expect(finding?.message).toContain("privatelink.we.backup.windowsazure.com");
  });

  it("flags the 2021 list's r-suffixed codes, naming the vault's zone", () => {
    const [finding] = checkBackupZoneNames({
      cloud,
      existingZones: [zone("privatelink.eusr.backup.windowsazure.com")],
    });
    expect(finding?.code).toBe("backup-zone-unknown-geo-code");
    expect(finding?.message).toContain("privatelink.eus.backup.windowsazure.com");
  });

  it("flags a code no region has", () => {
    expect(
      codes(
        checkBackupZoneNames({ cloud, existingZones: [zone("privatelink.xyz.backup.windowsazure.com")] }),
      ),
    ).toEqual(["backup-zone-unknown-geo-code"]);
  });

  it("reads each cloud's own suffix", () => {
    const gov = cloudFor("AzureUSGovernment");
    expect(
      checkBackupZoneNames({
        cloud: gov,
        existingZones: [zone("privatelink.westeurope.backup.windowsazure.com")],
      }),
    ).toEqual([]);
  });
});
