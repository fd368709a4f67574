import { render } from "ink";
import type { EarlyFrame } from "./first-frame.js";
import { KeysProvider } from "./keys.js";
import type { WizardOutcome } from "./Wizard.js";
import { WizardApp, type WizardSession } from "./WizardApp.js";
import type { WizardServices } from "./wizard-services.js";

export interface RunWizardOptions {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** The first frame, already on the screen (drawn before Ink loaded): Ink draws its own in its place. */
  readonly earlyFrame?: EarlyFrame | undefined;
  readonly openSession: (which: "configured" | "sandbox") => Promise<WizardSession>;
  readonly configuredIsSandbox: boolean;
  readonly configuredDescription: string;
  readonly services: Omit<WizardServices, "adapter" | "targetDescription">;
}

/**
 * Draws the wizard until it ends and closes every session it opened (the in-process sandbox included). Ctrl-C is
 * the wizard's to handle (it asks before quitting), so Ink's own Ctrl-C exit is off.
 */
export async function runWizardApp(options: RunWizardOptions): Promise<WizardOutcome> {
  const sessions: WizardSession[] = [];
  let outcome: WizardOutcome = { exitCode: 1, message: "The wizard ended unexpectedly." };
  const openSession = async (which: "configured" | "sandbox") => {
    const session = await options.openSession(which);
    sessions.push(session);
    return session;
  };
  let finish: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  // Erased and redrawn by Ink in the same turn (Ink's first render is synchronous), so the terminal shows no gap.
  options.earlyFrame?.handOver();
  const instance = render(
    <KeysProvider>
      <WizardApp
        openSession={openSession}
        configuredIsSandbox={options.configuredIsSandbox}
        configuredDescription={options.configuredDescription}
        services={options.services}
        onEnd={(result) => {
          outcome = result;
          finish();
        }}
      />
    </KeysProvider>,
    {
      stdin: options.stdin,
      stdout: options.stdout,
      stderr: options.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  try {
    await ended;
    // Let the last frame (what happened, where the plan is) reach the terminal before unmounting.
    await new Promise((resolve) => setImmediate(resolve));
    instance.unmount();
    await instance.waitUntilExit();
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  return outcome;
}
