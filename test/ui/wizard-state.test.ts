import { describe, expect, it } from "vitest";
import type { Vault } from "../../src/core/inventory.js";
import {
  initialWizardState,
  visibleSteps,
  type WizardState,
  wizardReducer,
} from "../../src/ui/wizard-state.js";

function vault(name: string, overrides: Partial<Vault> = {}): Vault {
  return {
    id: `/subscriptions/3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/${name}`,
    name,
    subscriptionId: "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b",
    resourceGroup: "rg",
    location: "westeurope",
    redundancy: "LRS",
    crossRegionRestore: false,
    publicNetworkAccess: "Enabled",
    privateEndpointStateForBackup: "None",
    encryption: { kind: "platformManaged" },
    identity: { kind: "none" },
    privateEndpointConnections: [],
    provisioningState: "Succeeded",
    ...overrides,
  };
}

const endpoint = {
  name: "pe-a",
  subnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
  virtualNetworkId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
  location: "westeurope",
};

function through(...actions: Parameters<typeof wizardReducer>[1][]): WizardState {
  return actions.reduce(wizardReducer, initialWizardState);
}

describe("the wizard's reducer", () => {
  it("moves forward one step per answer and skips the secondary region for an LRS vault", () => {
    const state = through(
      { type: "scopeChosen", subscriptionIds: ["s"] },
      { type: "vaultChosen", vault: vault("rsv-lrs") },
      { type: "endpointsChosen", endpoints: [endpoint] },
      { type: "dnsChosen", dns: { strategy: "customDns", serverKind: "bind" } },
      {
        type: "guidanceChosen",
        guidance: { publicNetworkAccess: "deny", entraIdOutbound: { mode: "print" } },
      },
    );
    expect(state.step).toBe("review");
    expect(visibleSteps(state.choices)).not.toContain("secondary");
  });

  it("shows the secondary region step for a GRS vault, counting it in the steps", () => {
    const state = through(
      { type: "scopeChosen", subscriptionIds: ["s"] },
      { type: "vaultChosen", vault: vault("rsv-grs", { redundancy: "GRS" }) },
    );
    expect(visibleSteps(state.choices)).toHaveLength(8);
    const atGuidance = [
      { type: "endpointsChosen", endpoints: [endpoint] },
      { type: "dnsChosen", dns: { strategy: "hostsFile", platform: "linux" } },
      {
        type: "guidanceChosen",
        guidance: { publicNetworkAccess: "keep", entraIdOutbound: { mode: "print" } },
      },
    ] as const;
    expect(atGuidance.reduce(wizardReducer, state).step).toBe("secondary");
  });

  it("goes back one step keeping every choice", () => {
    const forward = through(
      { type: "scopeChosen", subscriptionIds: ["s"] },
      { type: "vaultChosen", vault: vault("rsv-lrs") },
      { type: "endpointsChosen", endpoints: [endpoint] },
    );
    const back = [{ type: "back" }, { type: "back" }] as const;
    const state = back.reduce(wizardReducer, forward);
    expect(state.step).toBe("vault");
    expect(state.choices.endpoints).toEqual([endpoint]);
    expect(wizardReducer(state, { type: "vaultChosen", vault: vault("rsv-lrs") }).choices.endpoints).toEqual([
      endpoint,
    ]);
  });

  it("drops the endpoints when another vault is chosen: names and the 12-limit belong to the vault", () => {
    const state = through(
      { type: "scopeChosen", subscriptionIds: ["s"] },
      { type: "vaultChosen", vault: vault("rsv-a") },
      { type: "endpointsChosen", endpoints: [endpoint] },
      { type: "back" },
      { type: "back" },
      { type: "vaultChosen", vault: vault("rsv-b") },
    );
    expect(state.choices.endpoints).toEqual([]);
  });

  it("does not go back before the first step nor out of the apply step", () => {
    expect(wizardReducer(initialWizardState, { type: "back" }).step).toBe("scope");
    const applying: WizardState = { ...initialWizardState, step: "apply" };
    expect(wizardReducer(applying, { type: "back" }).step).toBe("apply");
  });

  it("opens and closes the overlays; back closes an overlay before it moves", () => {
    const help = wizardReducer(initialWizardState, { type: "toggleHelp" });
    expect(help.overlay).toBe("help");
    expect(wizardReducer(help, { type: "toggleHelp" }).overlay).toBe("none");
    const quit = wizardReducer({ ...initialWizardState, step: "dns" }, { type: "askQuit" });
    expect(wizardReducer(quit, { type: "back" })).toMatchObject({ overlay: "none", step: "dns" });
    expect(wizardReducer(quit, { type: "cancelQuit" }).overlay).toBe("none");
  });
});
