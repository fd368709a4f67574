import { Box, Text, useApp } from "ink";
import { useEffect } from "react";

/** The wizard's steps as they will appear; shown until the wizard itself lands. */
export const WIZARD_STEPS = [
  "Sign-in & scope",
  "Vault (with every prerequisite checked)",
  "Endpoints & subnets (capacity checked)",
  "DNS strategy",
  "Microsoft Entra ID & network guidance",
  "Secondary region for cross-region restore",
  "Review: dry run, then apply now or save the plan",
] as const;

export interface WizardPlaceholderProps {
  readonly version: string;
  readonly target: string;
}

/** A one-frame screen that says what is coming and what works today, then exits. */
export function WizardPlaceholder({ version, target }: WizardPlaceholderProps) {
  const { exit } = useApp();
  useEffect(() => {
    exit();
  }, [exit]);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>vaultlink {version}: Azure Backup private endpoints (v2)</Text>
      <Text>Target: {target}</Text>
      <Text> </Text>
      <Text>The guided wizard is coming in a later version. It will walk you through:</Text>
      {WIZARD_STEPS.map((step, index) => (
        <Text key={step}>
          {"  "}
          {index + 1}. {step}
        </Text>
      ))}
      <Text> </Text>
      <Text>Available today:</Text>
      <Text>{"  "}vaultlink zones REGION geo code and private DNS zones for a region</Text>
      <Text>{"  "}vaultlink show PLAN check and summarise a plan file (see examples/)</Text>
      <Text>{"  "}vaultlink --help every command and option</Text>
    </Box>
  );
}
