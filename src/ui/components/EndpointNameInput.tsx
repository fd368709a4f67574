import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useState } from "react";
import { validatePrivateEndpointName } from "../../core/naming.js";
import { LineInput } from "./line-editor/LineInput.js";
import { useLineEditor } from "./line-editor/use-line-editor.js";

export interface EndpointNameInputProps {
  /** What the endpoint is for, e.g. `vnet-hub-weu/snet-privateendpoints`. */
  readonly label: string;
  readonly proposed: string;
  /** Names already taken for this vault (its existing endpoints, the other planned ones), any case. */
  readonly taken: readonly string[];
  readonly onName: (name: string) => void;
  readonly onBack: () => void;
  readonly active: boolean;
}

/** Why a name cannot be used, or undefined when it can: Azure's naming rules, then uniqueness per vault. */
export function endpointNameProblem(name: string, taken: readonly string[]): string | undefined {
  const check = validatePrivateEndpointName(name);
  if (!check.ok) return check.failures.map((f) => f.message).join(" ");
  if (taken.some((t) => t.toLowerCase() === name.toLowerCase()))
    return `Another endpoint of this vault is already named "${name}"; names must be unique per vault (any case).`;
  return undefined;
}

/** A proposed endpoint name the person may edit; Enter accepts it only when Azure would, keeping what was typed. */
export function EndpointNameInput({
  label,
  proposed,
  taken,
  onName,
  onBack,
  active,
}: EndpointNameInputProps) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const field = useLineEditor({
    initialValue: proposed,
    active,
    footer: ["Enter accept", "Esc back"],
    onCancel: onBack,
    onChange: () => setProblem(undefined),
    onSubmit: (value) => {
      const name = value.trim();
      const why = endpointNameProblem(name, taken);
      if (why === undefined) onName(name);
      else setProblem(why);
    },
  });
  return (
    <Box flexDirection="column">
      <Text>Endpoint in {label}</Text>
      <Box>
        <Text>Name: </Text>
        <LineInput state={field} active={active} />
      </Box>
      {problem === undefined ? null : <StatusMessage variant="error">{problem}</StatusMessage>}
    </Box>
  );
}
