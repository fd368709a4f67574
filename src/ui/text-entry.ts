import { createContext, useContext, useEffect } from "react";

/**
 * Whether a list filter or a text field has the keyboard: then `q` is a letter, not "quit". Components that take
 * text register while they are active; the wizard reads the count. A field that edits a line also names its keys,
 * which the footer shows instead of the step's while the field is in use. A scrolled page that has the keyboard
 * names its keys the same way (`typing: false`: `q` still quits there).
 */
export const TextEntryContext = createContext<{
  readonly enter: (footerKeys?: readonly string[], typing?: boolean) => () => void;
}>({
  enter: () => () => {},
});

export function useTextEntry(active: boolean, footerKeys?: readonly string[]): void {
  useFooter(active, footerKeys, true);
}

/** The footer shows `keys` instead of the step's while `active` (a panel or a page that has the keyboard). */
export function useFooterKeys(active: boolean, keys: readonly string[]): void {
  useFooter(active, keys, false);
}

function useFooter(active: boolean, footerKeys: readonly string[] | undefined, typing: boolean): void {
  const { enter } = useContext(TextEntryContext);
  const keys = footerKeys?.join("\u0000");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `keys` stands for `footerKeys`, a new array every render.
  useEffect(() => (active ? enter(footerKeys, typing) : undefined), [active, enter, keys, typing]);
}
