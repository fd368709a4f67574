import { styleText } from "node:util";
import { jsonTerminalSafe, terminalSafe, terminalSafeKeepingColour } from "../core/terminal-safe.js";

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

export function createPrinter(stream: NodeJS.WriteStream, color: boolean): Printer {
  return {
    color,
    line: (text = "") => {
      stream.write(`${color ? terminalSafeKeepingColour(text) : terminalSafe(text)}\n`);
    },
    style: (style, text) =>
      color ? styleText(style, terminalSafe(text), { validateStream: false }) : terminalSafe(text),
    json: (value) => {
      stream.write(`${jsonTerminalSafe(JSON.stringify(value, null, 2))}\n`);
    },
  };
}
