import type { Action } from "../../../engine/action.js";
import type { ApplyPlanResult } from "../../../engine/apply.js";
import type { Preview } from "../../../engine/preview.js";
import type { Verification } from "../../../engine/verify.js";
import type { ApplyProgressState, TaskStatus } from "../../apply-progress/apply-progress-store.js";
import { type ViewLine, wrapText } from "../../components/wrapped-lines.js";

const MARK: Readonly<Record<TaskStatus, { readonly text: string; readonly color: string }>> = {
  waiting: { text: "· ", color: "gray" },
  running: { text: "… ", color: "cyan" },
  done: { text: "✓ ", color: "green" },
  failed: { text: "✗ ", color: "red" },
  skipped: { text: "- ", color: "gray" },
  held: { text: "… ", color: "yellow" },
};

/** Whether an action's resource matches the plan after applying: the verification reads everything again. */
function matches(check: Preview, action: Action): boolean {
  return (
    check.kind === "ready" &&
    check.actions.some((a) => a.id.toLowerCase() === action.id.toLowerCase() && a.kind === "noChange")
  );
}

/** `text` broken to `width`, its first line after `lead`, the others indented under it. */
function hanging(key: string, text: string, width: number, lead?: ViewLine["lead"]): ViewLine[] {
  const indent = lead === undefined ? "" : " ".repeat([...lead.text].length);
  const [first = "", ...rest] = wrapText(text, Math.max(10, width - indent.length));
  return [
    { key: `${key} 0`, text: first, ...(lead === undefined ? {} : { lead }) },
    ...rest.map((line, i) => ({ key: `${key} ${i + 1}`, text: `${indent}${line}` })),
  ];
}

/** "12 of 19 done, 1 failed": where an apply stands, as `vaultlink apply` counts it. */
export function applyCounts(progress: ApplyProgressState): string {
  const count = (status: TaskStatus) =>
    progress.actions.filter((a) => progress.status.get(a.id) === status).length;
  const [done, failed, skipped, held] = [count("done"), count("failed"), count("skipped"), count("held")];
  return `${done} of ${progress.actions.length} done${failed > 0 ? `, ${failed} failed` : ""}${skipped > 0 ? `, ${skipped} not started` : ""}${held > 0 ? `, ${held} held` : ""}`;
}

/**
 * Every write of the apply, one per line with its mark, its time and why it failed; once verified, whether its
 * resource now matches the plan. Each is listed even when the apply was too fast to watch.
 */
export function actionLines(progress: ApplyProgressState, width: number, check?: Preview): ViewLine[] {
  return progress.actions.flatMap((action, a) => {
    const status = progress.status.get(action.id) ?? "waiting";
    const seconds = progress.seconds.get(action.id);
    const note = progress.notes.get(action.id);
    // A held write is not a mismatch: it waits for something, said after it (the next apply makes it).
    const verdict =
      status === "held"
        ? `held, ${note ?? "waiting"}`
        : check === undefined
          ? ""
          : matches(check, action)
            ? "matches the plan"
            : "does NOT match the plan";
    const text = `${action.description}${seconds === undefined ? "" : ` (${seconds.toFixed(1)} s)`}${verdict === "" ? "" : ` · ${verdict}`}`;
    return [
      ...hanging(`a${a}`, text, width, MARK[status]),
      ...(note === undefined || status === "held"
        ? []
        : wrapText(note, width - 2).map((line, i) => ({
            key: `a${a} note ${i}`,
            text: `  ${line}`,
            color: status === "failed" ? "red" : "gray",
          }))),
    ];
  });
}

/** `vaultlink verify`'s verdict in the wizard: the counts, what to do next, and every check that did not pass. */
export function verificationLines(verification: Verification, width: number): ViewLine[] {
  const { counts } = verification;
  return [
    ...wrapText(
      `Checks (as \`vaultlink verify\`): ${counts.pass} pass, ${counts.fail} fail, ${counts.unknown} could not be checked from here`,
      width,
    ).map((text, i) => ({ key: `v counts ${i}`, text })),
    ...(verification.nextStep === undefined
      ? []
      : wrapText(verification.nextStep, width).map((text, i) => ({ key: `v next ${i}`, text }))),
    ...verification.checks
      .filter((c) => c.status !== "pass")
      .flatMap((c, i) => [
        ...hanging(
          `v${i}`,
          `${c.title}: ${c.detail}`,
          width,
          c.status === "fail" ? { text: "✗ ", color: "red" } : { text: "? ", color: "yellow" },
        ),
        ...(c.fix === undefined
          ? []
          : wrapText(`fix: ${c.fix}`, width - 2).map((text, j) => ({
              key: `v${i} fix ${j}`,
              text: `  ${text}`,
              dim: true,
            }))),
      ]),
  ];
}

/** Why a run wrote nothing: what changed since the review, or what blocks the plan now, each with its fix. */
export function stoppedLines(result: ApplyPlanResult, width: number): ViewLine[] {
  if (result.kind === "stale")
    return result.preview.drift.flatMap((d, i) =>
      hanging(`drift ${i}`, `${d.id.split("/").at(-1)} ${d.field}: ${d.reason}`, width, {
        text: "~ ",
        color: "yellow",
      }),
    );
  if (result.kind === "blocked")
    return result.preview.blockers.flatMap((b, i) => [
      ...hanging(`block ${i}`, `${b.subject}: [${b.code}] ${b.message}`, width, { text: "✗ ", color: "red" }),
      ...wrapText(`fix: ${b.fix}`, width - 2).map((text, j) => ({
        key: `block ${i} fix ${j}`,
        text: `  ${text}`,
        dim: true,
      })),
    ]);
  if (result.kind === "inProgress")
    return result.still.flatMap((w, i) =>
      hanging(`running ${i}`, `${w.action.description}: provisioningState ${w.state}`, width, {
        text: "… ",
        color: "yellow",
      }),
    );
  return [];
}
