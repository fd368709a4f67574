import { Spinner, StatusMessage } from "@inkjs/ui";
import { Box, Text, useInput, useWindowSize } from "ink";
import { useMemo, useState } from "react";
import { writePlanFile } from "../../../engine/plan-file.js";
import { ChoiceList } from "../../components/ChoiceList.js";
import { SavePlanPrompt } from "../../components/SavePlanPrompt.js";
import { ScrolledLines } from "../../components/ScrolledLines.js";
import { errorText } from "../../error-text.js";
import { defaultPlanPath, draftPlan, previewDraft } from "../../plan-draft.js";
import { useBackKey } from "../../use-back-key.js";
import { useLoaded } from "../../use-pages.js";
import type { StepProps } from "../step-props.js";
import { blockingReason, reviewLines } from "./review-lines.js";

export interface ReviewStepProps extends StepProps {
  /** The plan was saved and the person chose not to apply: the wizard ends, saying where the plan is. */
  readonly onSavedOnly: (path: string) => void;
}

type Phase =
  | { readonly kind: "choose" }
  /** Saving a plan the dry run blocks needs a second, explicit yes that names what is blocked. */
  | { readonly kind: "confirmBlocked" }
  | { readonly kind: "save"; readonly afterwards: "apply" | "end" };

/** Step 7: the dry run of the plan (the engine `apply --dry-run` uses), then apply now, save only, or back. */
export function ReviewStep({ state, dispatch, services, active, height, onSavedOnly }: ReviewStepProps) {
  const { columns } = useWindowSize();
  const [phase, setPhase] = useState<Phase>({ kind: "choose" });
  const [offset, setOffset] = useState(0);
  const key = JSON.stringify(state.choices);
  const review = useLoaded(key, async () => {
    const at = services.now();
    const draft = draftPlan(state.choices, services.cloud, at);
    if (draft.kind === "incomplete") throw new Error(`the plan is incomplete: ${draft.reason}`);
    return previewDraft(services.adapter, draft.plan, at);
  });
  const lines = useMemo(
    () => (review.kind === "ready" ? reviewLines(review.value.preview, Math.max(40, columns - 2)) : []),
    [review, columns],
  );
  const viewHeight = Math.max(3, height - 6);
  useInput(
    (_input, k) => {
      const max = Math.max(0, lines.length - viewHeight);
      if (k.pageDown) setOffset((o) => Math.min(max, o + viewHeight));
      if (k.pageUp) setOffset((o) => Math.max(0, o - viewHeight));
    },
    { isActive: active && phase.kind === "choose" },
  );

  useBackKey(active && review.kind !== "ready", () => dispatch({ type: "back" }));
  if (review.kind === "loading") return <Spinner label="Dry run: reading what the plan touches…" />;
  if (review.kind === "failed")
    return <StatusMessage variant="error">The dry run failed: {errorText(review.error)}</StatusMessage>;
  const { preview, plan } = review.value;
  const blocked = blockingReason(preview);
  const vaultName = state.choices.vault?.name ?? "plan";
  const actions = preview.kind === "ready" ? preview.actions : [];
  const blockers = preview.kind === "ready" ? preview.blockers : [];

  return (
    <Box flexDirection="column">
      <ScrolledLines lines={lines} offset={offset} height={viewHeight} />
      <Box marginTop={1} flexDirection="column">
        {phase.kind === "choose" ? (
          <ChoiceList
            choices={[
              {
                value: "apply",
                label: "Apply now (saves the plan first)",
                ...(blocked === undefined ? {} : { disabledReason: blocked }),
              },
              {
                value: "save",
                label: "Save the plan only",
                hint: "Apply it later with `vaultlink apply PLAN` (preview with --dry-run).",
              },
              { value: "back", label: "Back" },
            ]}
            initial={blocked === undefined ? "apply" : "save"}
            active={active}
            onBack={() => dispatch({ type: "back" })}
            onChoose={(choice) => {
              if (choice === "back") dispatch({ type: "back" });
              else if (choice === "save" && blocked !== undefined) setPhase({ kind: "confirmBlocked" });
              else setPhase({ kind: "save", afterwards: choice === "apply" ? "apply" : "end" });
            }}
          />
        ) : phase.kind === "confirmBlocked" ? (
          <Box flexDirection="column">
            <Text color="red" wrap="wrap">
              This plan is blocked: {blocked}. `vaultlink apply` will refuse it until the blocks are fixed:
            </Text>
            {blockers.slice(0, 5).map((b) => (
              <Text key={`${b.subject} ${b.code}`} wrap="truncate-end">
                {"  "}✗ {b.subject}: [{b.code}]
              </Text>
            ))}
            {blockers.length > 5 ? (
              <Text dimColor> … and {blockers.length - 5} more (listed above)</Text>
            ) : null}
            <ChoiceList
              choices={[
                { value: "back", label: "Back to the review" },
                { value: "save", label: "Save the blocked plan anyway" },
              ]}
              initial="back"
              active={active}
              onBack={() => setPhase({ kind: "choose" })}
              onChoose={(choice) =>
                setPhase(choice === "save" ? { kind: "save", afterwards: "end" } : { kind: "choose" })
              }
            />
          </Box>
        ) : (
          <SavePlanPrompt
            defaultPath={defaultPlanPath(vaultName)}
            cwd={services.cwd}
            active={active}
            save={(path, options) =>
              writePlanFile(path, plan, { ...options, schemaPath: services.planSchemaPath })
            }
            onCancel={() => setPhase({ kind: "choose" })}
            onSaved={(path) => {
              if (phase.afterwards === "end") onSavedOnly(path);
              else dispatch({ type: "applyChosen", run: { planPath: path, plan, actions } });
            }}
          />
        )}
        {blocked !== undefined && phase.kind === "choose" ? (
          <Text color="red">
            Cannot apply: {blocked}. The findings above say how to fix it; the plan can still be saved.
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
