import { access } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useState } from "react";
import { UserError } from "../../core/user-error.js";
import { LineInput } from "./line-editor/LineInput.js";
import { useLineEditor } from "./line-editor/use-line-editor.js";
import { YesNo } from "./YesNo.js";

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
  | { readonly kind: "path"; readonly error?: string | undefined }
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

/** Paths typed in this run (the review's and the quit question's prompts share them), oldest first, for ↑. */
const typedPaths: string[] = [];

/**
 * Asks where to save the plan (a default offered), and asks again before replacing a file that is there. What was
 * typed stays in the field after an error, so a typo in a long path is fixed, not retyped.
 */
export function SavePlanPrompt({ defaultPath, cwd, save, onSaved, onCancel, active }: SavePlanPromptProps) {
  const [phase, setPhase] = useState<Phase>({ kind: "path" });
  const [typed, setTyped] = useState(defaultPath);

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
    setTyped(text);
    const entered = text.trim() === "" ? defaultPath : text.trim();
    if (typedPaths.at(-1) !== entered) typedPaths.push(entered);
    const path = isAbsolute(entered) ? entered : resolve(cwd, entered);
    exists(path).then((found) => (found ? setPhase({ kind: "overwrite", path }) : write(path, true)));
  };

  switch (phase.kind) {
    case "path":
      return (
        <PathField
          initialValue={typed}
          error={phase.error}
          active={active}
          onSubmit={submit}
          onCancel={onCancel}
          onEdit={() => setPhase({ kind: "path" })}
        />
      );
    case "overwrite":
      return (
        <Box>
          <Text color="yellow">{phase.path} exists. Replace it? </Text>
          <YesNo
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

function PathField(props: {
  readonly initialValue: string;
  readonly error: string | undefined;
  readonly active: boolean;
  readonly onSubmit: (value: string) => void;
  readonly onCancel: () => void;
  readonly onEdit: () => void;
}) {
  const field = useLineEditor({
    initialValue: props.initialValue,
    history: typedPaths,
    active: props.active,
    footer: ["Enter save", "Esc cancel"],
    onSubmit: props.onSubmit,
    onCancel: props.onCancel,
    onChange: () => {
      if (props.error !== undefined) props.onEdit();
    },
  });
  return (
    <Box flexDirection="column">
      {props.error === undefined ? null : <StatusMessage variant="error">{props.error}</StatusMessage>}
      <Box>
        <Text>Save the plan to: </Text>
        <LineInput state={field} active={props.active} />
      </Box>
    </Box>
  );
}
