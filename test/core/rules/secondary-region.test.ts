import { describe, expect, it } from "vitest";
import { checkSecondaryRegion, proposeSecondaryRegion } from "../../../src/core/rules/secondary-region.js";
import { codes, connection, vault } from "./tenant.js";

const crrVault = vault({ redundancy: "GRS", crossRegionRestore: true });

describe("proposeSecondaryRegion", () => {
  it("proposes the paired region", () => {
    const proposal = proposeSecondaryRegion("westeurope");
    expect(proposal.kind === "paired" && proposal.region.name).toBe("northeurope");
  });

  it("marks one-way pairs", () => {
    const proposal = proposeSecondaryRegion("brazilsouth");
    expect(proposal).toMatchObject({ kind: "paired", reciprocal: false });
  });

  it("has none for an unpaired region, a region no pair table covers, and one not in the table", () => {
    expect(proposeSecondaryRegion("qatarcentral").kind).toBe("none");
    expect(proposeSecondaryRegion("eastus3").kind).toBe("none");
    expect(proposeSecondaryRegion("marsnorth")).toMatchObject({ kind: "none" });
  });
});

describe("checkSecondaryRegion", () => {
  it("passes a secondary endpoint in the paired region of a GRS vault with cross-region restore on", () => {
    expect(
      checkSecondaryRegion({ vault: crrVault, plannedSecondaryRegion: "northeurope", zoneGroups: "create" }),
    ).toEqual([]);
  });

  it("blocks a secondary endpoint on a locally redundant vault", () => {
    const findings = checkSecondaryRegion({
      vault: vault({ redundancy: "LRS", crossRegionRestore: false }),
      plannedSecondaryRegion: "northeurope",
      zoneGroups: "create",
    });
    expect(codes(findings)).toEqual(["secondary-needs-grs", "cross-region-restore-off"]);
  });

  it("blocks a secondary endpoint while cross-region restore is off (Azure refuses it), never turning it on, and that turning it on is irreversible", () => {
    const [finding] = checkSecondaryRegion({
      vault: vault({ redundancy: "GRS" }),
      plannedSecondaryRegion: "northeurope",
      zoneGroups: "create",
    });
    expect(finding).toMatchObject({ severity: "block", code: "cross-region-restore-off" });
    expect(finding?.fix).toContain("cannot be undone");
    expect(finding?.fix).toContain("never turns it on");
    expect(finding?.fix).toContain("--cross-region-restore-flag true");
  });

  it("warns when the redundancy is not reported", () => {
    const findings = checkSecondaryRegion({
      vault: vault({ redundancy: undefined, crossRegionRestore: true }),
      plannedSecondaryRegion: "northeurope",
      zoneGroups: "create",
    });
    expect(codes(findings)).toEqual(["secondary-redundancy-unknown"]);
  });

  it("warns about a secondary region that is not the pair, naming the pair and its geo code", () => {
    const [finding] = checkSecondaryRegion({
      vault: crrVault,
      plannedSecondaryRegion: "uksouth",
      zoneGroups: "create",
    });
    expect(finding?.code).toBe("secondary-region-not-paired");
    expect(finding?.fix).toContain("northeurope");
    expect(finding?.fix).toContain("geo code ne");
  });

  it("warns when the vault's region has no known pair", () => {
    const findings = checkSecondaryRegion({
      vault: vault({ location: "qatarcentral", crossRegionRestore: true }),
      plannedSecondaryRegion: "westeurope",
      zoneGroups: "create",
    });
    expect(codes(findings)).toEqual(["secondary-region-pair-unknown"]);
  });

  it("says vaultlink makes the secondary's zone group, which the built-in policy does not", () => {
    const findings = checkSecondaryRegion({
      vault: crrVault,
      plannedSecondaryRegion: "northeurope",
      zoneGroups: "policyManaged",
    });
    expect(codes(findings)).toEqual(["secondary-zone-group-not-policy-managed"]);
    expect(findings[0]).toMatchObject({ severity: "info" });
    expect(findings[0]?.message).toContain(
      "AzureBackup_secondary: vaultlink adds the secondary endpoint's zone group",
    );
  });

  it("suggests a secondary endpoint when cross-region restore is on and none is planned", () => {
    const [finding] = checkSecondaryRegion({
      vault: crrVault,
      plannedSecondaryRegion: null,
      zoneGroups: "create",
    });
    expect(finding).toMatchObject({ severity: "info", code: "secondary-endpoint-missing" });
    expect(finding?.message).toContain("northeurope");
    expect(finding?.message).toContain("geo code ne");
  });

  it("does not ask for a secondary endpoint the vault already has", () => {
    const withSecondary = vault({
      redundancy: "GRS",
      crossRegionRestore: true,
      privateEndpointConnections: [connection("pe-rsv-prod-neu", "AzureBackup_secondary")],
    });
    expect(
      checkSecondaryRegion({ vault: withSecondary, plannedSecondaryRegion: null, zoneGroups: "create" }),
    ).toEqual([]);
  });

  it("has nothing to say without cross-region restore and without a secondary", () => {
    expect(
      checkSecondaryRegion({ vault: vault(), plannedSecondaryRegion: null, zoneGroups: "notUsed" }),
    ).toEqual([]);
  });
});
