/**
 * Markdown for pull-request comments and wikis (GitHub Flavored Markdown: tables, `<details>`). Text from a plan or
 * the tenant is escaped so it cannot break a table, start a heading or inject HTML into the comment.
 */
/** C0 and C1 control characters (tab and newline aside, handled below): nothing a comment should carry. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is what this is for.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function markdownText(text: string): string {
  return text
    .replace(CONTROL, "")
    .replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, " ");
}

/** Code spans hold anything but a backtick run; ids and names go in them so they stay copyable. */
export function markdownCode(text: string): string {
  const clean = text
    .replace(CONTROL, "")
    .replace(/[\t\n]/g, " ")
    .replace(/\|/g, "\\|");
  return clean.includes("`") ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

/** A collapsed section: GitHub renders `<details>` closed, with the summary as its one visible line. */
export function markdownDetails(summary: string, body: readonly string[]): string[] {
  return ["<details>", `<summary>${markdownText(summary)}</summary>`, "", ...body, "", "</details>"];
}
