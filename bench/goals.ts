// The figures `npm run bench` tracks, by the names issue 17 gave them (pipelines read them from
// bench/results.json), each with its goal. A goal is a comparison and a bound; "none" marks a figure tracked
// without one (its trend is what matters).

export type FigureName =
  | "firstFrameRatio"
  | "versionRatio"
  | "peakRssMb"
  | "filterMsPerKeystroke"
  | "bigTenantFirstVaultMs"
  | "bigTenantRequestsGraph"
  | "bigTenantRequestsArm"
  | "azRequestsRatio"
  | "azWallRatio"
  | "applyCriticalPathRatio"
  | "replayReadsPerResource"
  | "replayWrites";

export interface Goal {
  readonly op: "<=" | "==" | "none";
  readonly bound?: number;
  /** What the figure is, in a few words, for the printout. */
  readonly what: string;
}

export const GOALS: Readonly<Record<FigureName, Goal>> = {
  firstFrameRatio: { op: "<=", bound: 2.0, what: "wizard first frame / node -e 0" },
  versionRatio: { op: "none", what: "vaultlink --version / node -e 0" },
  peakRssMb: { op: "<=", bound: 160, what: "peak RSS of the wizard process, MB" },
  filterMsPerKeystroke: { op: "<=", bound: 16, what: "keystroke to frame while filtering, median ms" },
  bigTenantFirstVaultMs: { op: "none", what: "big tenant: first vault row, Resource Graph, ms" },
  bigTenantRequestsGraph: { op: "none", what: "big tenant: requests for the vault list, Resource Graph" },
  bigTenantRequestsArm: { op: "none", what: "big tenant: requests for the vault list, ARM lists" },
  azRequestsRatio: { op: "<=", bound: 0.5, what: "ARM requests, vaultlink apply / az CLI script" },
  azWallRatio: { op: "<=", bound: 0.3, what: "wall time, vaultlink apply / az CLI script" },
  applyCriticalPathRatio: { op: "<=", bound: 1.1, what: "apply wall time / critical path of its actions" },
  replayReadsPerResource: { op: "<=", bound: 1.5, what: "ARM reads of a replay / planned resources" },
  replayWrites: { op: "==", bound: 0, what: "ARM writes of a replay of an applied plan" },
};

export const FIGURE_NAMES = Object.keys(GOALS) as FigureName[];

/** "<= 2", "== 0" or "none": the goal as results.json and the printout show it. */
export function goalText(goal: Goal): string {
  return goal.op === "none" ? "none" : `${goal.op} ${goal.bound}`;
}

/** Whether a figure meets its goal; undefined when it has none or was not measured. */
export function meets(goal: Goal, value: number | undefined): boolean | undefined {
  if (value === undefined || goal.op === "none" || goal.bound === undefined) return undefined;
  return goal.op === "<=" ? value <= goal.bound : value === goal.bound;
}

export interface TrackedFigure {
  readonly value: number | null;
  readonly goal: string;
  readonly met: boolean | null;
}

/** Each named figure beside its goal and whether it meets it: results.json's `figures`. */
export function trackedFigures(
  values: Partial<Record<FigureName, number>>,
): Record<FigureName, TrackedFigure> {
  return Object.fromEntries(
    FIGURE_NAMES.map((name) => {
      const value = values[name];
      return [
        name,
        { value: value ?? null, goal: goalText(GOALS[name]), met: meets(GOALS[name], value) ?? null },
      ];
    }),
  ) as Record<FigureName, TrackedFigure>;
}

/** The figures as a table, each beside its goal: the end of the `npm run bench` printout. */
export function figureTable(figures: Record<FigureName, TrackedFigure>): string {
  const width = Math.max(...FIGURE_NAMES.map((n) => n.length));
  const lines = FIGURE_NAMES.map((name) => {
    const { value, goal, met } = figures[name];
    const verdict = met === null ? "" : met ? "met" : "NOT met";
    return `  ${name.padEnd(width)}  ${String(value ?? "not measured").padStart(12)}  goal ${goal.padEnd(7)} ${verdict}  (${GOALS[name].what})`;
  });
  return lines.join("\n");
}
