import { type Key, useInput } from "ink";
import { createContext, type ReactNode, useContext, useLayoutEffect, useRef } from "react";

export type { Key } from "ink";
export type KeyHandler = (input: string, key: Key) => void;

interface Registered {
  current: KeyHandler;
}

/** The handlers of what is on the screen, in the order they were registered (as an event emitter calls them). */
type Registry = Set<Registered>;

const KeysContext = createContext<Registry | undefined>(undefined);

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Keys read from the terminal in one go, one key each. When the wizard is busy for a moment, the keys typed meanwhile
 * (Enter, then the first letters of the next screen's filter) reach it in a single read, and Ink hands over such a
 * run of text as one input, its Enter or Tab inside the text where no handler sees it. Printable runs stay whole (a
 * pasted filter is still one input); each Enter and Tab becomes its own key.
 */
export function keysOf(input: string, key: Key): readonly (readonly [string, Key])[] {
  if (input.length < 2 || !/[\r\n\t]/.test(input)) return [[input, key]];
  const keys: (readonly [string, Key])[] = [];
  for (const part of input.split(/(\r\n|[\r\n\t])/)) {
    if (part === "") continue;
    if (part === "\r" || part === "\n" || part === "\r\n") keys.push(["", { ...NO_KEY, return: true }]);
    else if (part === "\t") keys.push(["", { ...NO_KEY, tab: true }]);
    else keys.push([part, { ...NO_KEY, shift: part.length === 1 && /[A-Z]/.test(part) }]);
  }
  return keys;
}

/** The handlers of what is on the screen, and the keys read but not yet handed to them. */
interface KeyRouter {
  readonly registry: Registry;
  receive(input: string, key: Key): void;
}

function createKeyRouter(): KeyRouter {
  const registry: Registry = new Set();
  const queue: (readonly [string, Key])[] = [];
  let draining = false;
  const drain = (): void => {
    const next = queue.shift();
    if (next === undefined) {
      draining = false;
      return;
    }
    // Each key goes to the handlers registered when it is handed over; one that left the screen during this key
    // does not get it.
    for (const registered of [...registry]) {
      if (registry.has(registered)) registered.current(...next);
    }
    // The next key (of this read, or of another read in this same turn) waits until the update this one made has
    // rendered (React commits it in a microtask) and the screen it opened has registered its handlers.
    setImmediate(drain);
  };
  return {
    registry,
    receive(input, key) {
      queue.push(...keysOf(input, key));
      if (!draining) {
        draining = true;
        drain();
      }
    },
  };
}

/**
 * Receives the terminal's keys once, for the whole session, and hands each to the handlers of what is on the screen
 * when the key's turn comes, one key at a time.
 *
 * Why not Ink's `useInput` in each component: it subscribes in a passive effect, which React runs some time after
 * the frame is on the screen, and it hands over every key of one read at once. A key read before the effect ran
 * (pressed the moment a screen appears on a busy machine) reached no handler or the screen just left, and a key
 * typed ahead reached the screen it was not meant for. `useKeys` registers in a layout effect, which runs in the
 * same commit that draws the frame, and the router hands over a key only once the previous one's update is drawn.
 */
export function KeysProvider({ children }: { readonly children: ReactNode }) {
  const router = useRef<KeyRouter | undefined>(undefined);
  router.current ??= createKeyRouter();
  const { registry, receive } = router.current;
  useInput(receive);
  return <KeysContext.Provider value={registry}>{children}</KeysContext.Provider>;
}

/** Ink's `useInput`, registered so that no key is lost between a frame and its handlers (see KeysProvider). */
export function useKeys(handler: KeyHandler, options: { readonly isActive?: boolean } = {}): void {
  const registry = useContext(KeysContext);
  if (registry === undefined) throw new Error("useKeys is used outside a KeysProvider");
  const registered = useRef<Registered>({ current: handler }).current;
  useLayoutEffect(() => {
    registered.current = handler;
  });
  const active = options.isActive !== false;
  useLayoutEffect(() => {
    if (!active) return;
    registry.add(registered);
    return () => {
      registry.delete(registered);
    };
  }, [active, registry, registered]);
}
