import { useEffect, useState } from "react";
import type { Pages } from "../azure/adapter.js";

/** A list as it streams in: the items so far, whether the last page came, and the error that stopped it. */
export interface Streamed<T> {
  readonly items: readonly T[];
  readonly done: boolean;
  readonly error: unknown;
}

/**
 * Pages that arrive within this long of the last redraw wait for the next one: a tenant listed in hundreds of pages
 * (ARM lists, one subscription at a time) costs a redraw a frame (Ink draws at most 30 a second), not one a page,
 * and the list under a typed filter is not re-matched for every page.
 */
const COALESCE_MS = 33;

/**
 * Reads several paged lists side by side (one per subscription, say) and shows each page as it arrives, so a long
 * inventory is usable before it has fully loaded. `key` names the lists: when it changes, reading starts over.
 * The first page is shown at once; later ones are gathered for a frame and added together.
 */
export function usePages<T>(key: string, lists: () => readonly Pages<T>[]): Streamed<T> {
  const [state, setState] = useState<Streamed<T>>({ items: [], done: false, error: undefined });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `lists`, which is a new closure every render.
  useEffect(() => {
    let cancelled = false;
    let arrived: T[] = [];
    let shownAt = Number.NEGATIVE_INFINITY;
    let timer: NodeJS.Timeout | undefined;
    const show = (end?: { error: unknown }) => {
      clearTimeout(timer);
      timer = undefined;
      shownAt = performance.now();
      const page = arrived;
      arrived = [];
      // Once ended (a failed list ends it), it stays ended: pages the other lists still bring are added to it.
      setState((s) => ({
        items: page.length === 0 ? s.items : s.items.concat(page),
        done: s.done || end !== undefined,
        error: end === undefined ? s.error : end.error,
      }));
    };
    setState({ items: [], done: false, error: undefined });
    const readOne = async (pages: Pages<T>) => {
      for await (const page of pages) {
        if (cancelled) return;
        for (const item of page) arrived.push(item);
        if (timer !== undefined) continue;
        const wait = shownAt + COALESCE_MS - performance.now();
        if (wait <= 0) show();
        else timer = setTimeout(show, wait);
      }
    };
    Promise.all(lists().map(readOne)).then(
      () => {
        if (!cancelled) show({ error: undefined });
      },
      (error: unknown) => {
        if (!cancelled) show({ error });
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
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
