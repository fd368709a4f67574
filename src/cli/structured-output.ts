import { styleText } from "node:util";
import jmespath from "jmespath";
import { stringify as toYaml } from "yaml";
import { UserError } from "../core/user-error.js";

/**
 * The az CLI's output formats (https://learn.microsoft.com/cli/azure/format-output-azure-cli), for the data a command
 * prints: `json` (the default for data), `jsonc` (coloured on a terminal), `yaml`, `table` (one row per object, its
 * scalar fields as columns) and `tsv` (tab-separated values, no header: for shell scripts).
 */
export const STRUCTURED_FORMATS = ["json", "jsonc", "yaml", "table", "tsv"] as const;
export type StructuredFormat = (typeof STRUCTURED_FORMATS)[number];

/** `--query`: a JMESPath expression (https://jmespath.org), as in az, applied before formatting. */
export function applyQuery(value: unknown, query: string | undefined): unknown {
  if (query === undefined) return value;
  try {
    return jmespath.search(value, query);
  } catch (error) {
    throw new UserError(
      `--query: "${query}" is not a JMESPath expression vaultlink can run: ${(error as Error).message}`,
      {
        hint: "See https://jmespath.org/tutorial.html; for example --query \"[?eligibility=='blocked'].name\".",
      },
    );
  }
}

const isScalar = (value: unknown) => value === null || typeof value !== "object";

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[\t\r\n]+/g, " ");
}

/** Objects as rows: a list of objects, one object, or scalars under one "Result" column (as az does). */
function rowsOf(value: unknown): Record<string, unknown>[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) =>
    item !== null && typeof item === "object" && !Array.isArray(item)
      ? (item as Record<string, unknown>)
      : { Result: Array.isArray(item) ? item.map(cell).join(", ") : item },
  );
}

function table(value: unknown): string {
  const rows = rowsOf(value);
  const columns: string[] = [];
  for (const row of rows)
    for (const [key, field] of Object.entries(row))
      if (isScalar(field) && !columns.includes(key)) columns.push(key);
  if (columns.length === 0) return "";
  const header = columns.map((c) => c.charAt(0).toUpperCase() + c.slice(1));
  const body = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function tsv(value: unknown): string {
  const items = Array.isArray(value) ? value : [value];
  return items
    .map((item) =>
      item !== null && typeof item === "object"
        ? Object.values(item as Record<string, unknown>)
            .filter(isScalar)
            .map(cell)
            .join("\t")
        : cell(item),
    )
    .join("\n");
}

function colouredJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (match, text: string | undefined, colon: string | undefined, literal: string | undefined) => {
      if (text !== undefined)
        return colon === undefined
          ? styleText("green", text, { validateStream: false })
          : `${styleText("cyan", text, { validateStream: false })}${colon}`;
      if (literal !== undefined) return styleText("magenta", match, { validateStream: false });
      return styleText("yellow", match, { validateStream: false });
    },
  );
}

/** The value, queried, in the chosen format, ready to print (without a trailing newline). */
export function renderStructured(
  value: unknown,
  format: StructuredFormat,
  query: string | undefined,
  color: boolean,
): string {
  const result = applyQuery(value, query);
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2) ?? "null";
    case "jsonc":
      return color ? colouredJson(result) : (JSON.stringify(result, null, 2) ?? "null");
    case "yaml":
      return toYaml(result).trimEnd();
    case "table":
      return table(result);
    case "tsv":
      return tsv(result);
  }
}
