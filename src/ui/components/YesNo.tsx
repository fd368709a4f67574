import { Text } from "ink";
import { useKeys } from "../keys.js";

/**
 * y or n, and Enter for the default: `Y/n` or `y/N`. It works as @inkjs/ui's ConfirmInput did, with its keys taken
 * through `useKeys`, so a key typed ahead of the question reaches it (keys.tsx).
 */
export function YesNo({
  defaultChoice = "confirm",
  isDisabled = false,
  onConfirm,
  onCancel,
}: {
  readonly defaultChoice?: "confirm" | "cancel";
  readonly isDisabled?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  useKeys(
    (input, key) => {
      if (input.toLowerCase() === "y") onConfirm();
      else if (input.toLowerCase() === "n") onCancel();
      else if (key.return) (defaultChoice === "confirm" ? onConfirm : onCancel)();
    },
    { isActive: !isDisabled },
  );
  return <Text dimColor={isDisabled}>{defaultChoice === "confirm" ? "Y/n" : "y/N"}</Text>;
}
