import { styleText } from "node:util";
import { structuredTerminalSafe, terminalSafe, terminalSafeKeepingColour } from "../core/terminal-safe.js";
import { renderStructured, type StructuredFormat } from "./structured-output.js";

type Style = Parameters<typeof styleText>[0];

/**
 * Text output for commands. Colour only on a terminal and only when neither NO_COLOR (https://no-color.org)
 * nor --no-color asks otherwise; scripts reading a pipe get plain lines. Every line is made terminal-safe here
 * (core/terminal-safe.ts): names from the tenant, ARM's messages and a plan's values reach the terminal as visible
 * escapes, never as control sequences. With colour on, only the colour sequences of a line stay.
 */
export interface Printer {
  readonly color: boolean;
  line(text?: string): void;
  style(style: Style, text: string): string;
  json(value: unknown): void;
}

export function colorWanted(stream: NodeJS.WriteStream, noColorFlag: boolean, env = process.env): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** How `json(value)` prints data: the format and --query of the az CLI's conventions (structured-output.ts). */
export interface DataStyle {
  readonly format: StructuredFormat;
  readonly query: string | undefined;
}

export function createPrinter(
  stream: NodeJS.WriteStream,
  color: boolean,
  data: DataStyle = { format: "json", query: undefined },
): Printer {
  return {
    color,
    line: (text = "") => {
      stream.write(`${color ? terminalSafeKeepingColour(text) : terminalSafe(text)}\n`);
    },
    style: (style, text) =>
      color ? styleText(style, terminalSafe(text), { validateStream: false }) : terminalSafe(text),
    json: (value) => {
      // JSON keeps its value (control characters as \u escapes); yaml, table and tsv show them escaped too.
      stream.write(
        `${structuredTerminalSafe(renderStructured(value, data.format, data.query, color), color)}\n`,
      );
    },
  };
}
