import { Box, Text } from "ink";
import { useState } from "react";
import { errorText } from "../error-text.js";
import { useFrameWidth } from "../frame-width.js";
import { useKeys } from "../keys.js";
import { useFooterKeys } from "../text-entry.js";
import { writeCommandFile } from "./command-file.js";
import { ScrollingLines } from "./ScrolledLines.js";
import { commandLines } from "./wrapped-lines.js";

export interface CommandPageProps {
  readonly commands: readonly string[];
  /** Rows for the commands and the line under them. */
  readonly height: number;
  readonly active: boolean;
  /** Where `c` writes the file, and its name without `.sh`. */
  readonly cwd: string;
  readonly fileName: string;
  /** What the commands do, the file's first comment. */
  readonly title: string;
  /** The step's own keys on this page (Enter, Esc), shown after the page's in the footer. */
  readonly footer: readonly string[];
}

/**
 * Commands to copy: shown whole, wrapped with the shell's continuation mark and scrolled with the page keys, and
 * `c` writes them to a file in the working directory (a terminal's copy of wrapped lines is not always a paste).
 */
export function CommandPage({ commands, height, active, cwd, fileName, title, footer }: CommandPageProps) {
  const width = (useFrameWidth() ?? 100) - 1;
  const [copy, setCopy] = useState<
    | { readonly kind: "writing" }
    | { readonly kind: "written"; readonly path: string }
    | { readonly kind: "failed"; readonly message: string }
    | undefined
  >(undefined);
  useFooterKeys(active, ["PgUp/PgDn scroll", "c copy to a file", ...footer]);
  useKeys(
    (input) => {
      if (input !== "c" || copy?.kind === "writing") return;
      setCopy({ kind: "writing" });
      writeCommandFile(cwd, fileName, title, commands).then(
        (path) => setCopy({ kind: "written", path }),
        (error: unknown) => setCopy({ kind: "failed", message: errorText(error) }),
      );
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column" flexShrink={0}>
      <ScrollingLines
        lines={commandLines(commands, Math.max(20, width))}
        height={Math.max(2, height - 1)}
        active={active}
        hint="PgUp/PgDn scroll · c copy to a file"
      />
      {copy?.kind === "written" ? (
        <Text color="green" wrap="truncate-start">
          ✔ Written to {copy.path}
        </Text>
      ) : copy?.kind === "failed" ? (
        <Text color="red" wrap="truncate-end">
          ✘ {copy.message}
        </Text>
      ) : (
        <Text dimColor wrap="truncate-end">
          {copy?.kind === "writing" ? "Writing…" : "Press c to copy the commands to a file, whole."}
        </Text>
      )}
    </Box>
  );
}
