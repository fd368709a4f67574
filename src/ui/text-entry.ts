import { createContext, useContext, useEffect } from "react";

/**
 * Whether a list filter or a text field has the keyboard: then `q` is a letter, not "quit". Components that take
 * text register while they are active; the wizard reads the count. A field that edits a line also names its keys,
 * which the footer shows instead of the step's while the field is in use.
 */
export const TextEntryContext = createContext<{
  readonly enter: (footerKeys?: readonly string[]) => () => void;
}>({
  enter: () => () => {},
});

export function useTextEntry(active: boolean, footerKeys?: readonly string[]): void {
  const { enter } = useContext(TextEntryContext);
  const keys = footerKeys?.join("\u0000");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `keys` stands for `footerKeys`, a new array every render.
  useEffect(() => (active ? enter(footerKeys) : undefined), [active, enter, keys]);
}
