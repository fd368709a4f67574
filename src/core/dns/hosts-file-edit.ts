import ipaddr from "ipaddr.js";
import { UserError } from "../user-error.js";
import { parseHostsMarker } from "./hosts-block.js";
import { unifiedDiff } from "./line-diff.js";

/** One line of a hosts file as read: its text and the line ending that followed it ("" on a last line without). */
interface HostsLine {
  readonly text: string;
  readonly eol: "\r\n" | "\n" | "";
}

export interface HostsEdit {
  /** The whole new file. */
  readonly text: string;
  /** False when the file already holds exactly this block. */
  readonly changed: boolean;
  /** A unified diff of the change (empty when unchanged), for a dry run. */
  readonly diff: string;
}

const BOM = "\uFEFF";
const HOST_NAME = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_.])?$/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what marks a file as binary.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function refuse(path: string, lineNumber: number, problem: string): never {
  throw new UserError(`Cannot edit ${path}: line ${lineNumber} ${problem}.`, {
    hint: "vaultlink edits only hosts files it can read line by line. Fix that line by hand, or use --format hosts and paste the block yourself.",
  });
}

function splitLines(text: string): HostsLine[] {
  const lines: HostsLine[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    if (newline === -1) {
      lines.push({ text: text.slice(start), eol: "" });
      break;
    }
    const crlf = newline > start && text[newline - 1] === "\r";
    lines.push({ text: text.slice(start, crlf ? newline - 1 : newline), eol: crlf ? "\r\n" : "\n" });
    start = newline + 1;
  }
  return lines;
}

function isAddress(token: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(token) || ipaddr.IPv6.isValid(token);
}

/** Refuses any line that is not blank, a comment, or `address name [name...] [# comment]`. */
function checkLine(path: string, lineNumber: number, text: string): void {
  if (text.includes("\u0000")) refuse(path, lineNumber, "contains NUL bytes: this looks like a binary file");
  if (CONTROL.test(text)) refuse(path, lineNumber, "contains control characters");
  const content = text.split("#", 1)[0]?.trim() ?? "";
  if (content === "") return;
  const [address, ...names] = content.split(/\s+/);
  if (address === undefined || !isAddress(address)) {
    refuse(path, lineNumber, `does not start with an IP address: "${text.trim()}"`);
  }
  if (names.length === 0) refuse(path, lineNumber, `has an address but no host name: "${text.trim()}"`);
  const bad = names.find((name) => !HOST_NAME.test(name));
  if (bad !== undefined) refuse(path, lineNumber, `has "${bad}", which is not a host name`);
}

/** Where this vault's block is: both marker lines (0-based), or null when the file has none. */
function findBlock(path: string, lines: readonly HostsLine[], vaultId: string): [number, number] | null {
  const begins: number[] = [];
  const ends: number[] = [];
  lines.forEach((line, index) => {
    const marker = parseHostsMarker(line.text);
    if (marker === null || marker.vaultId.toLowerCase() !== vaultId.toLowerCase()) return;
    (marker.kind === "begin" ? begins : ends).push(index);
  });
  const [begin, secondBegin] = begins;
  const [end, secondEnd] = ends;
  if (secondBegin !== undefined)
    refuse(path, secondBegin + 1, `opens a second vaultlink block for ${vaultId}`);
  if (secondEnd !== undefined) refuse(path, secondEnd + 1, `closes a second vaultlink block for ${vaultId}`);
  if (begin === undefined && end === undefined) return null;
  if (begin === undefined)
    refuse(path, (end ?? 0) + 1, `closes a vaultlink block for ${vaultId} that never opens`);
  if (end === undefined) refuse(path, begin + 1, `opens a vaultlink block for ${vaultId} that never closes`);
  if (end < begin) refuse(path, end + 1, `closes the vaultlink block for ${vaultId} before it opens`);
  for (let index = begin + 1; index < end; index += 1) {
    if (parseHostsMarker(lines[index]?.text ?? "") !== null) {
      refuse(path, index + 1, `is a vaultlink marker inside the block for ${vaultId}`);
    }
  }
  return [begin, end];
}

/** The block's lines, checked to be exactly one block for this vault. */
function blockLines(block: string, vaultId: string): string[] {
  const lines = splitLines(block).map((line) => line.text);
  const first = parseHostsMarker(lines[0] ?? "");
  const last = parseHostsMarker(lines.at(-1) ?? "");
  const same = (id: string | undefined): boolean => id?.toLowerCase() === vaultId.toLowerCase();
  if (first?.kind !== "begin" || last?.kind !== "end" || !same(first.vaultId) || !same(last.vaultId)) {
    throw new UserError(`The hosts block to write is not a vaultlink block for ${vaultId}.`, {
      hint: "Generate it with `vaultlink dns PLAN --format hosts` for the same vault.",
    });
  }
  return lines;
}

/**
 * Puts a vault's hosts block into a hosts file: replaces the block between this vault's markers, or appends it,
 * and keeps every other byte (other vaults' blocks included). New lines take the file's own line ending (CRLF in
 * a Windows hosts file); a UTF-8 byte order mark is kept. Applying the same block twice changes nothing the second
 * time. Refuses, naming the line, a file it cannot read as a hosts file rather than guess.
 */
export function applyHostsBlock(
  existingText: string,
  block: string,
  vaultId: string,
  path = "the hosts file",
): HostsEdit {
  const bom = existingText.startsWith(BOM) ? BOM : "";
  const lines = splitLines(existingText.slice(bom.length));
  lines.forEach((line, index) => {
    checkLine(path, index + 1, line.text);
  });
  const eol = lines.find((line) => line.eol !== "")?.eol ?? "\n";
  const replacement = blockLines(block, vaultId).map((text): HostsLine => ({ text, eol }));
  const found = findBlock(path, lines, vaultId);

  let next: HostsLine[];
  if (found !== null) {
    const [begin, end] = found;
    next = [...lines.slice(0, begin), ...replacement, ...lines.slice(end + 1)];
  } else {
    const kept = lines.map((line, index) =>
      index === lines.length - 1 && line.eol === "" ? { ...line, eol } : line,
    );
    const last = kept.at(-1);
    const separator: HostsLine[] = last !== undefined && last.text.trim() !== "" ? [{ text: "", eol }] : [];
    next = [...kept, ...separator, ...replacement];
  }
  const text = bom + next.map((line) => line.text + line.eol).join("");
  const changed = text !== existingText;
  return {
    text,
    changed,
    diff: changed
      ? unifiedDiff(
          lines.map((line) => line.text),
          next.map((line) => line.text),
          path,
        )
      : "",
  };
}
