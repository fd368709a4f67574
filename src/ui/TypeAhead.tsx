import type { EventEmitter } from "node:events";
import { useStdin } from "ink";
import { useEffect, useReducer, useRef } from "react";

/** Ink's stdin context: the emitter it hands each key to is not in its public type. */
type StdinWithKeys = ReturnType<typeof useStdin> & { readonly internal_eventEmitter?: EventEmitter };

/**
 * Keys typed ahead of the screen reach the screen they were meant for. Ink hands each key at once to the `useInput`
 * handlers subscribed at that moment, and a component subscribes in an effect, which React runs after it has drawn
 * the frame: a key read together with the key that brought a new screen (typed fast, or sent in one chunk) went to
 * the screen before, or nowhere. Here each key is handed out only once React has rendered what the key before it
 * did and run that render's effects (this component renders with every key, and its effect runs after the others
 * of the same render): the new screen's handlers are subscribed by then. One place for every step, so no screen has
 * to guard its first keys itself; a key alone (the usual case) is handed out at once.
 */
export function TypeAhead(): null {
  const { internal_eventEmitter: keys } = useStdin() as StdinWithKeys;
  const [delivered, settle] = useReducer((n: number) => n + 1, 0);
  const queue = useRef<{ waiting: boolean; deliverNext: () => void }>({
    waiting: false,
    deliverNext: () => {},
  });

  useEffect(() => {
    if (keys === undefined) return;
    const emit = keys.emit;
    const held: unknown[][] = [];
    const state = queue.current;
    state.deliverNext = () => {
      const args = held.shift();
      if (args === undefined) return;
      state.waiting = true;
      emit.call(keys, "input", ...args);
      settle();
    };
    keys.emit = function emitInTurn(this: EventEmitter, event: string | symbol, ...args: unknown[]) {
      if (event !== "input") return emit.call(this, event, ...args);
      held.push(args);
      if (!state.waiting) state.deliverNext();
      return true;
    };
    return () => {
      keys.emit = emit;
      state.waiting = false;
      state.deliverNext = () => {};
    };
  }, [keys]);

  // After the render the last key caused: the other effects of that render run before this microtask.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per key handed out.
  useEffect(() => {
    const state = queue.current;
    if (!state.waiting) return;
    state.waiting = false;
    queueMicrotask(() => {
      if (!state.waiting) state.deliverNext();
    });
  }, [delivered]);
  return null;
}
