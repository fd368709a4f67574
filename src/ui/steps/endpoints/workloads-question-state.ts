import type { Workload } from "../../../core/plan/plan-schema.js";
import { SERVER_CHOICES, type WorkloadChoice, workloadsOf } from "./workload-choices.js";

/**
 * The workloads question's phases: choosing from the list, then each chosen backup server's data sources in turn;
 * `answered` ends it with the plan's workloads, `left` goes back out of it (Esc on the list).
 */
export type WorkloadsQuestionState =
  | { readonly kind: "choose" }
  | {
      readonly kind: "dataSources";
      readonly chosen: readonly WorkloadChoice[];
      readonly servers: readonly WorkloadChoice[];
      readonly index: number;
      readonly counts: Readonly<Partial<Record<WorkloadChoice, number>>>;
    }
  | { readonly kind: "answered"; readonly workloads: readonly Workload[] }
  | { readonly kind: "left" };

export type WorkloadsQuestionAction =
  | { readonly type: "chosen"; readonly choices: readonly WorkloadChoice[] }
  /** The data sources of the server being asked about. */
  | { readonly type: "counted"; readonly n: number }
  | { readonly type: "back" };

export const initialWorkloadsQuestion: WorkloadsQuestionState = { kind: "choose" };

/** The question as one pure function: a server's count moves to the next server or ends it; back steps back one. */
export function workloadsQuestionReducer(
  state: WorkloadsQuestionState,
  action: WorkloadsQuestionAction,
): WorkloadsQuestionState {
  switch (action.type) {
    case "chosen": {
      if (state.kind !== "choose") return state;
      const servers = action.choices.filter((c) => SERVER_CHOICES.has(c));
      return servers.length === 0
        ? { kind: "answered", workloads: workloadsOf(action.choices, {}) }
        : { kind: "dataSources", chosen: action.choices, servers, index: 0, counts: {} };
    }
    case "counted": {
      if (state.kind !== "dataSources") return state;
      const server = state.servers[state.index] as WorkloadChoice;
      const counts = { ...state.counts, [server]: action.n };
      return state.index + 1 < state.servers.length
        ? { ...state, index: state.index + 1, counts }
        : { kind: "answered", workloads: workloadsOf(state.chosen, counts) };
    }
    case "back":
      if (state.kind === "choose") return { kind: "left" };
      if (state.kind === "dataSources")
        return state.index === 0 ? { kind: "choose" } : { ...state, index: state.index - 1 };
      return state;
  }
}
