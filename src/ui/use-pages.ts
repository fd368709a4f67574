import { useEffect, useState } from "react";
import type { Pages } from "../azure/adapter.js";

/** A list as it streams in: the items so far, whether the last page came, and the error that stopped it. */
export interface Streamed<T> {
  readonly items: readonly T[];
  readonly done: boolean;
  readonly error: unknown;
}

/**
 * Reads several paged lists side by side (one per subscription, say) and shows each page as it arrives, so a long
 * inventory is usable before it has fully loaded. `key` names the lists: when it changes, reading starts over.
 */
export function usePages<T>(key: string, lists: () => readonly Pages<T>[]): Streamed<T> {
  const [state, setState] = useState<Streamed<T>>({ items: [], done: false, error: undefined });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `lists`, which is a new closure every render.
  useEffect(() => {
    let cancelled = false;
    setState({ items: [], done: false, error: undefined });
    const readOne = async (pages: Pages<T>) => {
      for await (const page of pages) {
        if (cancelled) return;
        setState((s) => ({ ...s, items: [...s.items, ...page] }));
      }
    };
    Promise.all(lists().map(readOne)).then(
      () => {
        if (!cancelled) setState((s) => ({ ...s, done: true }));
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, done: true, error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key]);
  return state;
}

/** A promise's value as state: undefined until it settles. */
export type Loaded<T> =
  | { readonly kind: "loading" }
  | { readonly kind: "ready"; readonly value: T }
  | { readonly kind: "failed"; readonly error: unknown };

export function useLoaded<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ kind: "loading" });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `load`, a new closure every render.
  useEffect(() => {
    let cancelled = false;
    setState({ kind: "loading" });
    load().then(
      (value) => {
        if (!cancelled) setState({ kind: "ready", value });
      },
      (error: unknown) => {
        if (!cancelled) setState({ kind: "failed", error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key]);
  return state;
}
