import { createContext, useContext, useEffect } from "react";

/**
 * Whether a list filter or a text field has the keyboard: then `q` is a letter, not "quit". Components that take
 * text register while they are active; the wizard reads the count.
 */
export const TextEntryContext = createContext<{ readonly enter: () => () => void }>({
  enter: () => () => {},
});

export function useTextEntry(active: boolean): void {
  const { enter } = useContext(TextEntryContext);
  useEffect(() => (active ? enter() : undefined), [active, enter]);
}
