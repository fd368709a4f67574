import { describe, expect, it } from "vitest";
import { known, unknown } from "../../../src/core/rules/observed.js";
import { checkProviderRegistration } from "../../../src/core/rules/provider-registration.js";
import { SUB } from "./tenant.js";

describe("checkProviderRegistration", () => {
  it("asks for a re-registration of a provider registered before 1 May 2020, with the command", () => {
    const [finding] = checkProviderRegistration({
      subscriptionId: SUB,
      registeredOn: known("2020-04-30T23:00:00Z"),
    });
    expect(finding).toMatchObject({ severity: "warn", code: "provider-registered-before-may-2020" });
    expect(finding?.fix).toContain("az provider register --namespace Microsoft.RecoveryServices");
    expect(finding?.fix).toContain("Re-register");
    expect(finding?.subject).toBe(`/subscriptions/${SUB}`);
  });

  it("passes a registration on or after 1 May 2020", () => {
    expect(checkProviderRegistration({ subscriptionId: SUB, registeredOn: known("2020-05-01") })).toEqual([]);
  });

  it("turns an unknown date into guidance, not a block", () => {
    const [finding] = checkProviderRegistration({
      subscriptionId: SUB,
      registeredOn: unknown("ARM does not report registration dates"),
    });
    expect(finding).toMatchObject({ severity: "info", code: "provider-registration-date-unknown" });
    expect(finding?.fix).toContain("Register-AzResourceProvider");
  });
});
