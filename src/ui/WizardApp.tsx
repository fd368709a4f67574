import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useCallback, useEffect, useState } from "react";
import type { AzureAdapter } from "../azure/adapter.js";
import { YesNo } from "./components/YesNo.js";
import { errorText } from "./error-text.js";
import { connectingLabel, WIZARD_TITLE } from "./first-frame.js";
import { Wizard, type WizardOutcome } from "./Wizard.js";
import type { WizardServices } from "./wizard-services.js";

/** An open connection to Azure or the sandbox (src/cli/azure-session.ts makes them). */
export interface WizardSession {
  readonly adapter: AzureAdapter;
  readonly description: string;
  /** For Azure: "Signed in as … (tenant …) via …"; never a token. */
  readonly signedIn?: string | undefined;
  /** A DNS server answering as the target's private DNS does (the built-in sandbox's), for the verification. */
  readonly dnsServer?: string | undefined;
  close(): Promise<void>;
}

export interface WizardAppProps {
  /** Opens the target the command line named, or the built-in demo tenant. Imports the SDK lazily. */
  readonly openSession: (which: "configured" | "sandbox") => Promise<WizardSession>;
  /** True when the configured target already is a sandbox: then there is nothing to offer instead. */
  readonly configuredIsSandbox: boolean;
  readonly configuredDescription: string;
  readonly services: Omit<WizardServices, "adapter" | "targetDescription">;
  readonly onEnd: (outcome: WizardOutcome) => void;
}

type Phase =
  | { readonly kind: "connecting"; readonly which: "configured" | "sandbox" }
  | { readonly kind: "ready"; readonly session: WizardSession }
  | { readonly kind: "offerSandbox"; readonly reason: string }
  | { readonly kind: "failed"; readonly message: string };

/**
 * The wizard's first frame is drawn before the Azure SDK (or the sandbox) is loaded; the session opens behind it.
 * The CLI draws the same frame even before Ink loads (first-frame.ts): keep the two alike.
 * Without an Azure credential, the app says so and offers the built-in demo tenant instead.
 */
export function WizardApp({
  openSession,
  configuredIsSandbox,
  configuredDescription,
  services,
  onEnd,
}: WizardAppProps) {
  const [phase, setPhase] = useState<Phase>({ kind: "connecting", which: "configured" });
  useEffect(() => {
    if (phase.kind !== "connecting") return;
    let cancelled = false;
    openSession(phase.which).then(
      (session) => {
        if (!cancelled) setPhase({ kind: "ready", session });
      },
      (error: unknown) => {
        if (cancelled) return;
        // Signing in happens as the session opens: when it fails for Azure, the demo tenant is offered instead.
        if (phase.which === "configured" && !configuredIsSandbox) {
          setPhase({ kind: "offerSandbox", reason: errorText(error) });
          return;
        }
        setPhase({ kind: "failed", message: errorText(error) });
        onEnd({ exitCode: 1, message: `Could not connect: ${errorText(error)}` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [phase, openSession, onEnd, configuredIsSandbox]);
  const onCredentialMissing = useCallback(
    (reason: string) => {
      if (!configuredIsSandbox) setPhase({ kind: "offerSandbox", reason });
    },
    [configuredIsSandbox],
  );

  switch (phase.kind) {
    case "connecting":
      return (
        <Box flexDirection="column">
          <Text bold color="cyan">
            {WIZARD_TITLE}
          </Text>
          <Spinner label={connectingLabel(phase.which, configuredDescription)} />
        </Box>
      );
    case "ready":
      return (
        <Wizard
          key={phase.session.description}
          services={{
            ...services,
            adapter: phase.session.adapter,
            dnsServer: phase.session.dnsServer,
            targetDescription: phase.session.description,
          }}
          onCredentialMissing={onCredentialMissing}
          onEnd={onEnd}
        />
      );
    case "offerSandbox":
      return (
        <Box flexDirection="column">
          <StatusMessage variant="warning">Could not sign in to Azure: {phase.reason}</StatusMessage>
          <Text>
            Sign in with `az login` (or set AZURE_* variables) and run vaultlink again, or try the wizard on a
            demo tenant.
          </Text>
          <Box>
            <Text>Use the built-in demo tenant (sandbox) now? </Text>
            <YesNo
              onConfirm={() => setPhase({ kind: "connecting", which: "sandbox" })}
              onCancel={() =>
                onEnd({
                  exitCode: 1,
                  message:
                    "No Azure credential; nothing was read or written. Sign in with `az login`, or run `vaultlink --sandbox`.",
                })
              }
            />
          </Box>
        </Box>
      );
    case "failed":
      return <StatusMessage variant="error">{phase.message}</StatusMessage>;
  }
}
