import { MultiSelect, StatusMessage } from "@inkjs/ui";
import { Box, Text, useInput } from "ink";
import { useState } from "react";
import type { Workload } from "../../../core/plan/plan-schema.js";
import { Source } from "../../../core/rules/sources.js";
import { LineInput } from "../../components/line-editor/LineInput.js";
import { useLineEditor } from "../../components/line-editor/use-line-editor.js";
import {
  choicesOf,
  parseDataSources,
  SERVER_CHOICES,
  WORKLOAD_CHOICES,
  type WorkloadChoice,
  workloadsOf,
} from "./workload-choices.js";

export interface WorkloadsQuestionProps {
  readonly vaultName: string;
  /** The answer given before, when the person comes back to it. */
  readonly earlier: readonly Workload[] | undefined;
  readonly active: boolean;
  readonly height: number;
  readonly onAnswer: (workloads: readonly Workload[]) => void;
  readonly onBack: () => void;
}

type Phase =
  | { readonly kind: "choose" }
  /** Asking each chosen backup server, in turn, how many data sources it protects. */
  | {
      readonly kind: "dataSources";
      readonly chosen: readonly WorkloadChoice[];
      readonly servers: readonly WorkloadChoice[];
      readonly index: number;
      readonly counts: Readonly<Partial<Record<WorkloadChoice, number>>>;
    };

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
  const [phase, setPhase] = useState<Phase>({ kind: "choose" });
  useInput(
    (_input, key) => {
      if (key.escape) onBack();
    },
    { isActive: active && phase.kind === "choose" },
  );

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
        onBack={() => setPhase(phase.index === 0 ? { kind: "choose" } : { ...phase, index: phase.index - 1 })}
        onCount={(n) => {
          const counts = { ...phase.counts, [server]: n };
          if (phase.index + 1 < phase.servers.length) setPhase({ ...phase, index: phase.index + 1, counts });
          else onAnswer(workloadsOf(phase.chosen, counts));
        }}
      />
    );
  }

  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        What will <Text bold>{vaultName}</Text> protect? (Space toggles, Enter continues, Esc back)
      </Text>
      <MultiSelect
        isDisabled={!active}
        visibleOptionCount={Math.max(3, Math.min(WORKLOAD_CHOICES.length, height - 5))}
        options={WORKLOAD_CHOICES.map((c) => ({ value: c.value, label: c.label }))}
        defaultValue={choicesOf(earlier ?? [])}
        onSubmit={(values) => {
          const chosen = values as WorkloadChoice[];
          const servers = chosen.filter((c) => SERVER_CHOICES.has(c));
          if (servers.length === 0) onAnswer(workloadsOf(chosen, {}));
          else setPhase({ kind: "dataSources", chosen, servers, index: 0, counts: {} });
        }}
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
