import { describe, expect, it } from "vitest";
import { checkPublicNetworkAccess } from "../../../src/core/rules/public-network-access.js";
import { codes, vault } from "./tenant.js";

describe("checkPublicNetworkAccess", () => {
  it("recommends Deny once endpoints exist, explaining the private-then-public fallback", () => {
    const [finding] = checkPublicNetworkAccess({ vault: vault(), endpointsAfterPlan: 1, choice: "keep" });
    expect(finding).toMatchObject({ severity: "info", code: "public-access-deny-recommended" });
    expect(finding?.message).toContain("private URL");
    expect(finding?.message).toContain("fall back to the public one");
  });

  it("explains what Deny does when the plan chooses it", () => {
    const findings = checkPublicNetworkAccess({ vault: vault(), endpointsAfterPlan: 2, choice: "deny" });
    expect(codes(findings)).toEqual(["public-access-deny-consequences"]);
    expect(findings[0]?.message).toContain("only clients in a VNet with an endpoint");
  });

  it("has nothing to add when the vault already denies public access and has endpoints", () => {
    expect(
      checkPublicNetworkAccess({
        vault: vault({ publicNetworkAccess: "Disabled" }),
        endpointsAfterPlan: 1,
        choice: "keep",
      }),
    ).toEqual([]);
  });

  it("warns about Deny with no endpoint at all", () => {
    const findings = checkPublicNetworkAccess({ vault: vault(), endpointsAfterPlan: 0, choice: "deny" });
    expect(codes(findings)).toContain("public-access-deny-without-endpoints");
  });

  it("warns about Deny with cross-region restore, stating both versions of the page", () => {
    const findings = checkPublicNetworkAccess({
      vault: vault({ crossRegionRestore: true, publicNetworkAccess: "Disabled" }),
      endpointsAfterPlan: 2,
      choice: "keep",
    });
    expect(codes(findings)).toEqual(["public-access-deny-with-crr"]);
    expect(findings[0]?.message).toContain("currently not supported");
    expect(findings[0]?.message).toContain("older copies");
  });
});
