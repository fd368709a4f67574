import { StatusMessage } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useEffect, useReducer, useRef, useState } from "react";
import type { Workload } from "../../../core/plan/plan-schema.js";
import { Source } from "../../../core/rules/sources.js";
import { LineInput } from "../../components/line-editor/LineInput.js";
import { useLineEditor } from "../../components/line-editor/use-line-editor.js";
import { PickMany } from "../../components/PickMany.js";
import { useKeys } from "../../keys.js";
import { choicesOf, parseDataSources, WORKLOAD_CHOICES, type WorkloadChoice } from "./workload-choices.js";
import { initialWorkloadsQuestion, workloadsQuestionReducer } from "./workloads-question-state.js";

export interface WorkloadsQuestionProps {
  readonly vaultName: string;
  /** The answer given before, when the person comes back to it. */
  readonly earlier: readonly Workload[] | undefined;
  readonly active: boolean;
  readonly height: number;
  readonly onAnswer: (workloads: readonly Workload[]) => void;
  readonly onBack: () => void;
}

const SERVER_NAMES: Readonly<Partial<Record<WorkloadChoice, string>>> = { dpm: "DPM", mabs: "MABS" };

/**
 * The start of the endpoints step: what the vault will protect. It says which workloads use the endpoints and what
 * each needs; a DPM/MABS server's data sources (n) size the subnets listed next at 10 + n free addresses.
 */
export function WorkloadsQuestion({
  vaultName,
  earlier,
  active,
  height,
  onAnswer,
  onBack,
}: WorkloadsQuestionProps) {
  const [phase, dispatch] = useReducer(workloadsQuestionReducer, initialWorkloadsQuestion);
  // The question's end is the step's business: the subnets next, or back out of the step. Told once per end.
  const ends = useRef({ onAnswer, onBack });
  ends.current = { onAnswer, onBack };
  useEffect(() => {
    if (phase.kind === "answered") ends.current.onAnswer(phase.workloads);
    else if (phase.kind === "left") ends.current.onBack();
  }, [phase]);
  useKeys(
    (_input, key) => {
      if (key.escape) dispatch({ type: "back" });
    },
    { isActive: active && phase.kind === "choose" },
  );

  if (phase.kind === "answered" || phase.kind === "left") return null;
  if (phase.kind === "dataSources") {
    const server = phase.servers[phase.index] as WorkloadChoice;
    const before = earlier?.find((w) => w.kind === server);
    const told = before?.kind === "dpm" || before?.kind === "mabs" ? before.dataSources : undefined;
    return (
      <DataSourcesInput
        key={server}
        server={SERVER_NAMES[server] ?? server}
        initial={String(phase.counts[server] ?? told ?? 0)}
        active={active}
        onBack={() => dispatch({ type: "back" })}
        onCount={(n) => dispatch({ type: "counted", n })}
      />
    );
  }

  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        What will <Text bold>{vaultName}</Text> protect? (Space toggles, Enter continues, Esc back)
      </Text>
      <PickMany
        isDisabled={!active}
        visibleOptionCount={Math.max(3, Math.min(WORKLOAD_CHOICES.length, height - 5))}
        options={WORKLOAD_CHOICES.map((c) => ({ value: c.value, label: c.label }))}
        defaultValue={choicesOf(earlier ?? [])}
        onSubmit={(values) => dispatch({ type: "chosen", choices: values as WorkloadChoice[] })}
      />
      <Text dimColor wrap="wrap">
        Older DPM / MABS cannot use the endpoints. Unmanaged disks behind a storage ACL: allow trusted
        Microsoft services. {Source.seedScenarios}
      </Text>
    </Box>
  );
}

function DataSourcesInput({
  server,
  initial,
  active,
  onBack,
  onCount,
}: {
  readonly server: string;
  readonly initial: string;
  readonly active: boolean;
  readonly onBack: () => void;
  readonly onCount: (n: number) => void;
}) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const field = useLineEditor({
    initialValue: initial,
    active,
    footer: ["Enter accept", "Esc back"],
    onCancel: onBack,
    onChange: () => setProblem(undefined),
    onSubmit: (value) => {
      const parsed = parseDataSources(value);
      if ("n" in parsed) onCount(parsed.n);
      else setProblem(parsed.problem);
    },
  });
  return (
    <Box flexDirection="column">
      <Text wrap="wrap">
        How many data sources will the {server} server protect? An endpoint subnet then needs 10 + n free
        addresses, n being that number ({Source.mabsHowTo}).
      </Text>
      <Box>
        <Text>n: </Text>
        <LineInput state={field} active={active} />
      </Box>
      {problem === undefined ? null : <StatusMessage variant="error">{problem}</StatusMessage>}
    </Box>
  );
}
