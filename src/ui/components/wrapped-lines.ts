/** One terminal line of a scrolled view. */
export interface ViewLine {
  readonly key: string;
  /** A first part in its own colour (a finding's severity label), then `text`. */
  readonly lead?: { readonly text: string; readonly color: string };
  readonly text: string;
  readonly color?: string;
  readonly dim?: boolean;
  readonly bold?: boolean;
}

/** Breaks text into lines of at most `width` characters, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    let rest = word;
    while (rest.length > width) {
      if (line !== "") {
        lines.push(line);
        line = "";
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (line === "") line = rest;
    else if (line.length + 1 + rest.length <= width) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * A shell command broken into lines of at most `width` characters so that it still pastes as one command: each
 * broken line ends with the shell's continuation mark ` \` and the next is indented. A `#` comment goes on as more
 * comment lines. Lines of the command that already end in ` \` are kept as they are when they fit.
 */
export function wrapCommand(command: string, width: number): string[] {
  return command.split("\n").flatMap((line) => {
    if (line.length <= width) return [line];
    const indent = /^\s*/.exec(line)?.[0] ?? "";
    if (line.trimStart().startsWith("#"))
      return wrapText(line.trimStart().slice(1).trim(), width - indent.length - 2).map(
        (part) => `${indent}# ${part}`,
      );
    const continued = line.endsWith(" \\");
    const body = continued ? line.slice(0, -2) : line;
    const words = shellWords(body.trimStart());
    const out: string[] = [];
    let current = indent;
    const room = width - 2;
    for (const word of words) {
      const next = current.trim() === "" ? `${current}${word}` : `${current} ${word}`;
      // A word is never split, nor a quoted value (a backslash-newline inside quotes is kept literally by the
      // shell, so it would change the value). A word wider than the line stands alone; the terminal wraps it.
      if (next.length > room && current.trim() !== "") {
        out.push(`${current} \\`);
        current = `${indent}  ${word}`;
      } else current = next;
    }
    out.push(continued ? `${current} \\` : current);
    return out;
  });
}

/** Commands (and `#` notes) as view lines, each wrapped to `width` with continuation marks. */
export function commandLines(commands: readonly string[], width: number): ViewLine[] {
  return commands.flatMap((command, c) =>
    wrapCommand(command, width).map((text, i) => ({ key: `c${c} ${i}`, text, dim: true })),
  );
}

/** The command's words, a quoted value with its spaces counting as one word. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: string | undefined;
  for (const c of command) {
    if (quote !== undefined) {
      word += c;
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      word += c;
      quote = c;
    } else if (c === " ") {
      if (word !== "") words.push(word);
      word = "";
    } else word += c;
  }
  if (word !== "") words.push(word);
  return words;
}
