import { Spinner } from "@inkjs/ui";
import { Box, Text } from "ink";
import { useSyncExternalStore } from "react";
import type { ApplyProgressStore, TaskStatus } from "./apply-progress-store.js";

const MARK: Readonly<
  Record<Exclude<TaskStatus, "running">, { readonly text: string; readonly color: string }>
> = {
  waiting: { text: "·", color: "gray" },
  done: { text: "✓", color: "green" },
  failed: { text: "✗", color: "red" },
  skipped: { text: "-", color: "gray" },
  held: { text: "…", color: "yellow" },
};

/** `vaultlink apply` on a terminal: one row per write, a spinner while it runs, its mark and time when done. */
export function ApplyProgress({ store }: { readonly store: ApplyProgressStore }) {
  const state = useSyncExternalStore(store.subscribe, store.snapshot);
  const count = (status: string) => state.actions.filter((a) => state.status.get(a.id) === status).length;
  const [done, failed, skipped, held] = [count("done"), count("failed"), count("skipped"), count("held")];
  return (
    <Box flexDirection="column">
      {state.actions.map((action) => {
        const status = state.status.get(action.id) ?? "waiting";
        const seconds = state.seconds.get(action.id);
        const note = state.notes.get(action.id);
        return (
          <Box key={action.id} flexDirection="column">
            <Box>
              <Box flexShrink={0}>
                {status === "running" ? (
                  <Spinner />
                ) : (
                  <Text color={MARK[status].color}>{MARK[status].text}</Text>
                )}
              </Box>
              <Text wrap="truncate-end">
                {" "}
                {action.description}
                {seconds === undefined ? "" : <Text dimColor> ({seconds.toFixed(1)} s)</Text>}
                {status === "held" ? <Text color="yellow"> · held</Text> : ""}
              </Text>
            </Box>
            {note === undefined ? null : (
              <Text color={status === "failed" ? "red" : status === "held" ? "yellow" : "gray"} wrap="wrap">
                {"  "}
                {note}
              </Text>
            )}
          </Box>
        );
      })}
      {state.paced === undefined ? null : (
        <Text dimColor wrap="truncate-end">
          Waiting {(state.paced.waitMs / 1000).toFixed(1)} s for {state.paced.budget}'s request budget (
          {state.paced.header})
        </Text>
      )}
      <Text dimColor>
        {done} of {state.actions.length} done
        {failed > 0 ? `, ${failed} failed` : ""}
        {skipped > 0 ? `, ${skipped} not started` : ""}
        {held > 0 ? `, ${held} held (the next apply makes it)` : ""}
      </Text>
    </Box>
  );
}
