import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { type CliResult, runBuiltCli } from "../cli/run-cli.js";

/**
 * Plan files that are not what they seem, through the built CLI, with `show` and with `apply --dry-run`: each is
 * refused with exit 2 and the real reason, never an internal error, a hang, or a silently different plan.
 */

const EXAMPLE = "examples/custom-dns.plan.json";
let example: string;
let directory: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  example = await readFile(EXAMPLE, "utf8");
  directory = await mkdtemp(join(tmpdir(), "vaultlink-hostile-plans-"));
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

/** `show FILE` and `apply FILE --dry-run` (against the sandbox): the two ways a person first meets a plan. */
async function bothCommands(path: string): Promise<CliResult[]> {
  return Promise.all([
    runBuiltCli(["show", path]),
    runBuiltCli(["apply", path, "--dry-run", "--sandbox", sandbox.url]),
  ]);
}

async function planFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, content);
  return path;
}

function expectRefused(results: readonly CliResult[], ...messages: string[]): void {
  for (const [index, result] of results.entries()) {
    const command = index === 0 ? "show" : "apply --dry-run";
    expect(result.code, `${command}: ${result.stderr}`).toBe(2);
    expect(result.stdout, command).toBe("");
    for (const message of messages) expect(result.stderr, command).toContain(message);
    expect(result.stderr, command).not.toContain("Internal error");
    expect(result.stderr, command).not.toMatch(/\n\s+at .+[:(]/);
  }
}

describe("hostile plan files", () => {
  it("refuses a key given twice, naming its path and both positions, instead of letting the last one win", async () => {
    const approval = '"approval": "manual"';
    const line = example.split("\n").findIndex((text) => text.includes(approval)) + 1;
    const column = (example.split("\n")[line - 1] ?? "").indexOf(approval) + 1;
    const path = await planFile(
      "duplicate.plan.json",
      example.replace(approval, `${approval}, "approval": "auto"`),
    );
    expectRefused(
      await bothCommands(path),
      `${path}: endpoints[0].approval appears twice, at line ${line}, column ${column} and at line ${line}, column ${column + approval.length + 2}.`,
    );
  });

  it("refuses JSON nested 100,000 levels deep with exit 2, not an overflowed stack", async () => {
    const depth = 100_000;
    const deep = example.replace('"endpoints": [', `"endpoints": [${"[".repeat(depth)}${"]".repeat(depth)},`);
    const path = await planFile("deep.plan.json", deep);
    expectRefused(await bothCommands(path), "nests deeper than 32 levels");
  });

  it("refuses a FIFO, a directory and a device before reading from it (a FIFO would hang)", async () => {
    const fifo = join(directory, "plan.fifo");
    execFileSync("mkfifo", [fifo]);
    expectRefused(
      await bothCommands(fifo),
      `Cannot read ${fifo}: it is a FIFO (named pipe), not a plan file.`,
    );
    expectRefused(await bothCommands(directory), `Cannot read ${directory}: it is a directory`);
    expectRefused(await bothCommands("/dev/zero"), "Cannot read /dev/zero: it is a character device");
  });

  it("refuses a file over 5 MB without parsing it", async () => {
    const path = await planFile(
      "huge.plan.json",
      example.replace("{", `{"padding": "${"x".repeat(6_000_000)}",`),
    );
    expectRefused(await bothCommands(path), "is larger than 5 MB, which no plan is");
  });

  it("says a UTF-16 plan is UTF-16 (either byte order, or without a byte order mark)", async () => {
    const littleEndian = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example, "utf16le")]);
    const bigEndian = Buffer.from(littleEndian).swap16();
    for (const [name, bytes] of [
      ["utf16le.plan.json", littleEndian],
      ["utf16be.plan.json", bigEndian],
    ] as const) {
      expectRefused(await bothCommands(await planFile(name, bytes)), "the plan is UTF-16; save it as UTF-8.");
    }
    const noMark = await planFile("utf16-no-bom.plan.json", Buffer.from(example, "utf16le"));
    expectRefused(await bothCommands(noMark), "is a NUL byte: the plan is UTF-16 without a byte order mark");
  });

  it("accepts a plan saved as UTF-8 with a byte order mark", async () => {
    const path = await planFile("bom.plan.json", `\uFEFF${example}`);
    const [show, apply] = await bothCommands(path);
    expect(show?.code, show?.stderr).toBe(0);
    expect(show?.stdout).toContain("Plan for vault rsv-dev-uks");
    expect(apply?.code, apply?.stderr).toBe(0);
    expect(apply?.stdout).toContain("pe-rsv-dev-uks-dev-backup");
  });
});
