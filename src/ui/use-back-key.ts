import { useKeys } from "./keys.js";

/** Esc goes back while a screen shows only a spinner: nobody should have to wait for a read to leave a step. */
export function useBackKey(active: boolean, onBack: () => void): void {
  useKeys(
    (_input, key) => {
      if (key.escape) onBack();
    },
    { isActive: active },
  );
}
