import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useState } from "react";
import type { Plan } from "../../core/plan/plan-schema.js";
import { writePlanFile } from "../../engine/plan-file.js";
import { errorText } from "../error-text.js";
import { defaultPlanPath, draftPlan, previewDraft } from "../plan-draft.js";
import type { WizardServices } from "../wizard-services.js";
import type { WizardChoices } from "../wizard-state.js";
import { ChoiceList } from "./ChoiceList.js";
import { SavePlanPrompt } from "./SavePlanPrompt.js";

export interface QuitOverlayProps {
  readonly choices: WizardChoices;
  readonly services: WizardServices;
  readonly onQuit: (savedPath: string | undefined) => void;
  readonly onCancel: () => void;
}

type Phase =
  | { readonly kind: "ask" }
  | { readonly kind: "reading" }
  | { readonly kind: "save"; readonly plan: Plan; readonly defaulted: readonly string[] }
  | { readonly kind: "failed"; readonly message: string };

/** q / Ctrl-C: asks before quitting, and offers to save what has been chosen so far as a plan. */
export function QuitOverlay({ choices, services, onQuit, onCancel }: QuitOverlayProps) {
  const [phase, setPhase] = useState<Phase>({ kind: "ask" });
  const at = services.now();
  const draft = draftPlan(choices, services.cloud, at);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Quit vaultlink?</Text>
      {phase.kind === "ask" || phase.kind === "failed" ? (
        <>
          {phase.kind === "failed" ? <StatusMessage variant="error">{phase.message}</StatusMessage> : null}
          <ChoiceList
            choices={[
              { value: "continue", label: "Keep going" },
              {
                value: "save",
                label: "Save what I chose as a plan, then quit",
                ...(draft.kind === "incomplete" ? { disabledReason: draft.reason } : {}),
              },
              { value: "quit", label: "Quit without saving" },
            ]}
            active={true}
            onBack={onCancel}
            onChoose={(choice) => {
              if (choice === "continue") onCancel();
              else if (choice === "quit") onQuit(undefined);
              else if (draft.kind === "plan") {
                setPhase({ kind: "reading" });
                previewDraft(services.adapter, draft.plan, at).then(
                  ({ plan }) => setPhase({ kind: "save", plan, defaulted: draft.defaulted }),
                  (error: unknown) => setPhase({ kind: "failed", message: errorText(error) }),
                );
              }
            }}
          />
        </>
      ) : null}
      {phase.kind === "reading" ? <Spinner label="Reading what the plan relies on…" /> : null}
      {phase.kind === "save" ? (
        <Box flexDirection="column">
          {phase.defaulted.map((d) => (
            <Text key={d} dimColor>
              Not chosen yet, saved with the default: {d}
            </Text>
          ))}
          <SavePlanPrompt
            defaultPath={defaultPlanPath(choices.vault?.name ?? "plan")}
            cwd={services.cwd}
            active={true}
            save={(path, options) =>
              writePlanFile(path, phase.plan, { ...options, schemaPath: services.planSchemaPath })
            }
            onSaved={(path) => onQuit(path)}
            onCancel={() => setPhase({ kind: "ask" })}
          />
        </Box>
      ) : null}
    </Box>
  );
}
