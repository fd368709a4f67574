import { LineInput } from "./LineInput.js";
import type { LineEditorOptions } from "./use-line-editor.js";
import { useLineEditor } from "./use-line-editor.js";

/** A line field in one piece: the editor's keys and its view, for a form that needs no more than the value. */
export function LineField(props: LineEditorOptions & { readonly placeholder?: string }) {
  const state = useLineEditor(props);
  return (
    <LineInput
      state={state}
      active={props.active}
      {...(props.placeholder === undefined ? {} : { placeholder: props.placeholder })}
    />
  );
}
