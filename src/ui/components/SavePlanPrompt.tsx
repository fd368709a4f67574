import { access } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { ConfirmInput, Spinner, StatusMessage, TextInput } from "@inkjs/ui";
import { Box, Text, useInput } from "ink";
import { useState } from "react";
import { UserError } from "../../core/user-error.js";
import { useTextEntry } from "../text-entry.js";

export interface SavePlanPromptProps {
  readonly defaultPath: string;
  readonly cwd: string;
  /**
   * Writes the plan to this absolute path. `expectAbsent`: no file was there when the path was chosen, so none may
   * be replaced (one that appeared meanwhile fails the save, which then asks again).
   */
  readonly save: (path: string, options: { readonly expectAbsent: boolean }) => Promise<void>;
  readonly onSaved: (path: string) => void;
  readonly onCancel: () => void;
  readonly active: boolean;
}

type Phase =
  | { readonly kind: "path"; readonly error?: string }
  | { readonly kind: "overwrite"; readonly path: string }
  | { readonly kind: "saving"; readonly path: string };

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Asks where to save the plan (a default offered), and asks again before replacing a file that is there. */
export function SavePlanPrompt({ defaultPath, cwd, save, onSaved, onCancel, active }: SavePlanPromptProps) {
  const [phase, setPhase] = useState<Phase>({ kind: "path" });
  useTextEntry(active);
  useInput(
    (_input, key) => {
      if (key.escape) onCancel();
    },
    { isActive: active && phase.kind === "path" },
  );

  const write = (path: string, expectAbsent: boolean) => {
    setPhase({ kind: "saving", path });
    save(path, { expectAbsent }).then(
      () => onSaved(path),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const hint = error instanceof UserError && error.hint !== undefined ? ` ${error.hint}` : "";
        setPhase({ kind: "path", error: `${message}${hint}` });
      },
    );
  };

  const submit = (text: string) => {
    const typed = text.trim() === "" ? defaultPath : text.trim();
    const path = isAbsolute(typed) ? typed : resolve(cwd, typed);
    exists(path).then((found) => (found ? setPhase({ kind: "overwrite", path }) : write(path, true)));
  };

  switch (phase.kind) {
    case "path":
      return (
        <Box flexDirection="column">
          {phase.error === undefined ? null : <StatusMessage variant="error">{phase.error}</StatusMessage>}
          <Box>
            <Text>Save the plan to: </Text>
            <TextInput isDisabled={!active} defaultValue={defaultPath} onSubmit={submit} />
          </Box>
          <Text dimColor>Enter save · Esc cancel</Text>
        </Box>
      );
    case "overwrite":
      return (
        <Box>
          <Text color="yellow">{phase.path} exists. Replace it? </Text>
          <ConfirmInput
            isDisabled={!active}
            defaultChoice="cancel"
            onConfirm={() => write(phase.path, false)}
            onCancel={() => setPhase({ kind: "path" })}
          />
        </Box>
      );
    case "saving":
      return <Spinner label={`Saving ${phase.path}…`} />;
  }
}
