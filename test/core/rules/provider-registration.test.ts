import { describe, expect, it } from "vitest";
import { known, unknown } from "../../../src/core/rules/observed.js";
import {
  checkProviderRegistration,
  providerReregistrationNote,
} from "../../../src/core/rules/provider-registration.js";
import { SUB } from "./tenant.js";

const state = (registrationState: string) =>
  known({ subscriptionId: SUB, namespace: "Microsoft.RecoveryServices", registrationState });

describe("checkProviderRegistration", () => {
  it("blocks a subscription where Microsoft.RecoveryServices is not registered, with the az command", () => {
    const [finding] = checkProviderRegistration({
      subscriptionId: SUB,
      registration: state("NotRegistered"),
    });
    expect(finding).toMatchObject({ severity: "block", code: "provider-not-registered" });
    expect(finding?.fix).toContain(
      `az provider register --namespace Microsoft.RecoveryServices --subscription ${SUB}`,
    );
    expect(finding?.subject).toBe(`/subscriptions/${SUB}`);
  });

  it("blocks Unregistered too, and passes Registered", () => {
    expect(
      checkProviderRegistration({ subscriptionId: SUB, registration: state("Unregistered") })[0]?.code,
    ).toBe("provider-not-registered");
    expect(checkProviderRegistration({ subscriptionId: SUB, registration: state("Registered") })).toEqual([]);
  });

  it("asks to wait while it is Registering", () => {
    const [finding] = checkProviderRegistration({ subscriptionId: SUB, registration: state("Registering") });
    expect(finding).toMatchObject({ severity: "warn", code: "provider-registering" });
  });

  it("warns, with the command to check it, when the state could not be read", () => {
    const [finding] = checkProviderRegistration({
      subscriptionId: SUB,
      registration: unknown("403 AuthorizationFailed"),
    });
    expect(finding).toMatchObject({ severity: "warn", code: "provider-registration-unknown" });
    expect(finding?.fix).toContain("az provider show --namespace Microsoft.RecoveryServices");
  });
});

describe("providerReregistrationNote", () => {
  it("is one note about every subscription, not about one", () => {
    const note = providerReregistrationNote();
    expect(note).toMatchObject({ severity: "info", code: "provider-registration-date-unknown" });
    expect(note.subject).toBeUndefined();
    expect(note.message).toContain("before 1 May 2020");
  });
});
