import { Text } from "ink";
import type { LineEditorState } from "./use-line-editor-state.js";

/** The field's text with the cursor shown as an inverse cell (a space past the end), as @inkjs/ui's TextInput does. */
export function LineInput({
  state,
  active,
  placeholder,
}: {
  readonly state: LineEditorState;
  readonly active: boolean;
  readonly placeholder?: string;
}) {
  const { value, cursor } = state;
  if (!active) return <Text>{value === "" ? (placeholder ?? "") : value}</Text>;
  if (value === "" && placeholder !== undefined)
    return (
      <Text>
        <Text inverse>{placeholder.slice(0, 1) || " "}</Text>
        <Text dimColor>{placeholder.slice(1)}</Text>
      </Text>
    );
  return (
    <Text>
      {value.slice(0, cursor)}
      <Text inverse>{value[cursor] ?? " "}</Text>
      {value.slice(cursor + 1)}
    </Text>
  );
}
