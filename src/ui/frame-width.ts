import { createContext, useContext } from "react";

/**
 * The window's width in columns, given by the wizard once. Rows of a long list read it here rather than each
 * calling Ink's useWindowSize, which adds a resize listener per call (hundreds of rows would add hundreds).
 * Undefined outside the wizard (a step rendered alone in a test): rows are then not fitted.
 */
export const FrameWidthContext = createContext<number | undefined>(undefined);

export function useFrameWidth(): number | undefined {
  return useContext(FrameWidthContext);
}
