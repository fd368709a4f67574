import { describe, expect, it } from "vitest";
import {
  initialWorkloadsQuestion,
  type WorkloadsQuestionAction,
  workloadsQuestionReducer,
} from "../../../../src/ui/steps/endpoints/workloads-question-state.js";

const run = (...actions: WorkloadsQuestionAction[]) =>
  actions.reduce(workloadsQuestionReducer, initialWorkloadsQuestion);

describe("the workloads question's phases", () => {
  it("ends at once without a backup server, asks each server's data sources in turn otherwise", () => {
    expect(run({ type: "chosen", choices: ["sql", "azureFiles"] })).toEqual({
      kind: "answered",
      workloads: [{ kind: "sqlServerInAzureVm" }, { kind: "azureFiles" }],
    });
    const asked = run({ type: "chosen", choices: ["mabs", "dpm", "mars"] });
    expect(asked).toMatchObject({ kind: "dataSources", servers: ["mabs", "dpm"], index: 0 });
    expect(
      run(
        { type: "chosen", choices: ["mabs", "dpm", "mars"] },
        { type: "counted", n: 12 },
        { type: "counted", n: 30 },
      ),
    ).toEqual({
      kind: "answered",
      workloads: [
        { kind: "marsAgent" },
        { kind: "dpm", version: 2022, dataSources: 30 },
        { kind: "mabs", majorVersion: 4, dataSources: 12 },
      ],
    });
  });

  it("goes back one server, then to the list, then out of the question", () => {
    const second = run({ type: "chosen", choices: ["dpm", "mabs"] }, { type: "counted", n: 5 });
    expect(second).toMatchObject({ kind: "dataSources", index: 1, counts: { dpm: 5 } });
    const first = workloadsQuestionReducer(second, { type: "back" });
    expect(first).toMatchObject({ kind: "dataSources", index: 0 });
    const list = workloadsQuestionReducer(first, { type: "back" });
    expect(list).toEqual({ kind: "choose" });
    expect(workloadsQuestionReducer(list, { type: "back" })).toEqual({ kind: "left" });
  });
});
