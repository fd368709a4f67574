import type { PacingWait } from "../../core/pacing-wait.js";
import type { Action } from "../../engine/action.js";
import type { ApplyEvent } from "../../engine/apply.js";
import { operationWaitText } from "../../engine/operations-in-progress.js";

/** `waiting`: not started yet; `held`: its turn came, but its condition does not hold yet (not a failure). */
export type TaskStatus = "waiting" | "running" | "done" | "failed" | "skipped" | "held";

/** Where each write of an apply stands; the task list renders it. */
export interface ApplyProgressState {
  readonly actions: readonly Action[];
  readonly status: ReadonlyMap<string, TaskStatus>;
  /** Why a failed, skipped or held write did not finish. */
  readonly notes: ReadonlyMap<string, string>;
  /** Seconds a finished write took. */
  readonly seconds: ReadonlyMap<string, number>;
  /** The last pause for ARM's request budget, until the next write event. */
  readonly paced?: PacingWait | undefined;
}

/** The state after one more event: a pure function, so the task list can be tested without a terminal. */
export function reduceApplyProgress(state: ApplyProgressState, event: ApplyEvent): ApplyProgressState {
  const id = event.action.id;
  const set = <T>(map: ReadonlyMap<string, T>, value: T) => new Map(map).set(id, value);
  if (state.paced !== undefined && event.type !== "progress") state = { ...state, paced: undefined };
  switch (event.type) {
    case "started":
      return { ...state, status: set(state.status, "running") };
    case "progress":
      return state;
    case "succeeded":
      return {
        ...state,
        status: set(state.status, "done"),
        seconds: set(state.seconds, event.durationMs / 1000),
      };
    case "failed":
      return { ...state, status: set(state.status, "failed"), notes: set(state.notes, event.error.message) };
    case "skipped":
      return { ...state, status: set(state.status, "skipped"), notes: set(state.notes, event.reason) };
    case "held":
      return { ...state, status: set(state.status, "held"), notes: set(state.notes, event.reason) };
    case "operationWait":
      return { ...state, notes: set(state.notes, operationWaitText(event)) };
  }
}

/** A write that waits for a manual approval is held from the start; the next apply (or approve) makes it. */
export function initialApplyProgress(actions: readonly Action[]): ApplyProgressState {
  const waiting = actions.filter((a) => a.kind === "waiting");
  return {
    actions,
    status: new Map(waiting.map((a) => [a.id, "held"])),
    notes: new Map(waiting.map((a) => [a.id, a.reason])),
    seconds: new Map(),
  };
}

/** Holds the state outside React so the engine's callback can feed it while Ink renders it. */
export class ApplyProgressStore {
  private state: ApplyProgressState;
  private readonly listeners = new Set<() => void>();

  constructor(actions: readonly Action[]) {
    this.state = initialApplyProgress(actions);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): ApplyProgressState => this.state;

  readonly dispatch = (event: ApplyEvent): void => {
    this.state = reduceApplyProgress(this.state, event);
    for (const listener of this.listeners) listener();
  };

  readonly paced = (wait: PacingWait): void => {
    this.state = { ...this.state, paced: wait };
    for (const listener of this.listeners) listener();
  };
}
