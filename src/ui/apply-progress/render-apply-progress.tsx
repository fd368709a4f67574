import { render } from "ink";
import type { PacingWait } from "../../core/pacing-wait.js";
import type { Action } from "../../engine/action.js";
import type { ApplyEvent } from "../../engine/apply.js";
import { ApplyProgress } from "./ApplyProgress.js";
import { ApplyProgressStore } from "./apply-progress-store.js";

/** A live task list on the terminal: feed it the engine's events, then finish to leave its last frame in place. */
export interface ApplyProgressView {
  readonly onEvent: (event: ApplyEvent) => void;
  readonly onPacingWait: (wait: PacingWait) => void;
  finish(): Promise<void>;
}

export function renderApplyProgress(
  writes: readonly Action[],
  streams: { readonly stdout: NodeJS.WriteStream; readonly stderr: NodeJS.WriteStream },
): ApplyProgressView {
  const store = new ApplyProgressStore(writes);
  const instance = render(<ApplyProgress store={store} />, {
    stdout: streams.stdout,
    stderr: streams.stderr,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  return {
    onEvent: store.dispatch,
    onPacingWait: store.paced,
    finish: async () => {
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}
