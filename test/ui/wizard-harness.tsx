import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { render } from "ink-testing-library";
import type { ReactElement } from "react";
import { afterEach, beforeEach } from "vitest";
import { type AzureAdapter, createAzureAdapter } from "../../src/azure/adapter.js";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/server.js";
import { KeysProvider } from "../../src/ui/keys.js";
import { Wizard, type WizardOutcome } from "../../src/ui/Wizard.js";
import type { WizardServices } from "../../src/ui/wizard-services.js";
import { initialWizardState, type WizardAction, type WizardState } from "../../src/ui/wizard-state.js";

/** Keys as a terminal sends them. */
export const Key = {
  enter: "\r",
  escape: "\u001B",
  up: "\u001B[A",
  down: "\u001B[B",
  pageDown: "\u001B[6~",
  end: "\u001B[F",
  tab: "\t",
  space: " ",
  ctrlC: "\u0003",
  backspace: "\u007F",
} as const;

/** The time every plan written by the UI tests records as `observed.at`. */
export const PLANNED_AT = new Date("2026-11-25T09:00:00.000Z");

export interface WizardTest {
  readonly adapter: AzureAdapter;
  readonly sandbox: RunningSandbox;
  /** A fresh directory plans are saved in. */
  readonly dir: string;
  readonly services: WizardServices;
}

/** A fresh demo tenant on a random port, an adapter on it, and a temporary directory, for each test. */
/** A fresh sandbox per test (the demo tenant unless `state` says otherwise) and the wizard's services on it. */
export function wizardSessionPerTest(
  sandboxOptions: Pick<SandboxOptions, "deniedActions" | "state"> = {},
): () => WizardTest {
  let current: WizardTest | undefined;
  beforeEach(async () => {
    const sandbox = await startSandbox({ ...sandboxOptions, port: 0, seed: "wizard tests" });
    const adapter = await createAzureAdapter(
      { kind: "sandbox", url: new URL(sandbox.url) },
      { pollIntervalMs: 5 },
    );
    const dir = await mkdtemp(join(tmpdir(), "vaultlink-ui-"));
    current = {
      adapter,
      sandbox,
      dir,
      services: {
        adapter,
        targetDescription: "the demo tenant",
        cloud: "AzureCloud",
        now: () => PLANNED_AT,
        cwd: dir,
        preselectedSubscriptions: [],
        // Names resolve through the sandbox's own DNS, never the machine's resolver (no traffic off loopback).
        dnsServer: `${sandbox.dnsAddress.host}:${sandbox.dnsAddress.port}`,
        planSchemaPath: join(dir, "schema", "plan.v1.json"),
      },
    };
  });
  afterEach(async () => {
    if (current === undefined) return;
    await current.sandbox.close();
    await rm(current.dir, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    if (current === undefined) throw new Error("wizardSessionPerTest: no test running");
    return current;
  };
}

/** Lets React and Ink handle what was written before the next key (as Shopify's cli-kit test helpers do). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

export interface DrivenWizard {
  frame(): string;
  /** Sends keys one at a time, letting the screen settle after each. */
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Polls the screen until it shows `text` (or matches), failing with the last screen after `timeoutMs`. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  readonly outcomes: WizardOutcome[];
  readonly credentialMissing: string[];
  unmount(): void;
}

/** Renders the wizard on the test's tenant, optionally from a later step. */
export function driveWizard(test: WizardTest, initialState?: WizardState): DrivenWizard {
  const outcomes: WizardOutcome[] = [];
  const credentialMissing: string[] = [];
  const driven = drive(
    <Wizard
      services={test.services}
      onEnd={(o) => outcomes.push(o)}
      onCredentialMissing={(m) => credentialMissing.push(m)}
      {...(initialState === undefined ? {} : { initialState })}
    />,
  );
  return { ...driven, outcomes, credentialMissing };
}

export type Driven = Omit<DrivenWizard, "outcomes" | "credentialMissing">;

/** Renders any element (a single step, say) with the same key and screen helpers, its keys taken as the app takes them. */
export function drive(element: ReactElement): Driven {
  const app = render(<KeysProvider>{element}</KeysProvider>);
  const frame = () => app.lastFrame() ?? "";
  return {
    frame,
    unmount: () => app.unmount(),
    async press(...keys) {
      for (const key of keys) {
        app.stdin.write(key);
        await settle();
      }
    },
    async type(text) {
      for (const character of text) {
        app.stdin.write(character);
        await settle();
      }
    },
    async waitFor(text, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      const matches = () => (typeof text === "string" ? frame().includes(text) : text.test(frame()));
      while (!matches()) {
        if (Date.now() > deadline)
          throw new Error(`Screen never showed ${String(text)}. Last screen:\n${frame()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // A frame is drawn before its effects run; keys sent before the new screen listens would be lost.
      await settle();
      return frame();
    },
  };
}

/** A wizard state on `step` with these choices: step tests start where they test. */
export function stateAt(step: WizardState["step"], choices: Partial<WizardState["choices"]>): WizardState {
  return { ...initialWizardState, step, choices: { ...initialWizardState.choices, ...choices } };
}

/** The demo tenant's subscriptions (src/sandbox/demo-network.ts). */
export const SUB_CONNECTIVITY = "7d9e1c2b-4a5f-4b6c-8d7e-9f0a1b2c3d4e";
export const SUB_PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
export const DEMO_SUBSCRIPTIONS = [SUB_CONNECTIVITY, SUB_PROD, "c4b3a291-0f8e-4d7c-b6a5-948372615f0e"];

export function demoVaultId(name: string): string {
  return `/subscriptions/${SUB_PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/${name}`;
}

export function demoSubnetId(subscription: string, group: string, vnet: string, subnet: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;
}

/** The two westeurope endpoints most tests plan for rsv-prod-weu: the hub's and the spoke's /25. */
export function demoEndpoints(vaultName: string) {
  const hub = demoSubnetId(SUB_CONNECTIVITY, "rg-hub-network-weu", "vnet-hub-weu", "snet-privateendpoints");
  const spoke = demoSubnetId(SUB_PROD, "rg-spoke-app-weu", "vnet-spoke-app-weu", "snet-privateendpoints");
  return [
    {
      name: `pe-${vaultName}-hub`,
      subnetId: hub,
      virtualNetworkId: hub.replace(/\/subnets\/.*$/, ""),
      location: "westeurope",
    },
    {
      name: `pe-${vaultName}-spoke`,
      subnetId: spoke,
      virtualNetworkId: spoke.replace(/\/subnets\/.*$/, ""),
      location: "westeurope",
    },
  ];
}

/** A dispatch that records what a step answered. */
export function recorder(): {
  readonly actions: WizardAction[];
  readonly dispatch: (a: WizardAction) => void;
} {
  const actions: WizardAction[] = [];
  return { actions, dispatch: (a) => actions.push(a) };
}

/** Polls until the recorder has an action (a step answers after its reads finish). */
export async function nextAction(
  log: { readonly actions: WizardAction[] },
  timeoutMs = 8000,
): Promise<WizardAction> {
  const deadline = Date.now() + timeoutMs;
  while (log.actions.length === 0) {
    if (Date.now() > deadline) throw new Error("the step never answered");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return log.actions[log.actions.length - 1] as WizardAction;
}
