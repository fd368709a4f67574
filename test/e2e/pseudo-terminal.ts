import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Terminal } from "@xterm/headless";
import { type IPty, spawn } from "node-pty";
import { sandboxTrafficEnv } from "../support/sandbox-traffic-env.js";

const BIN = resolve("bin/vaultlink");

/** The built CLI in a real pseudo-terminal, its output fed to a headless terminal emulator to read the screen. */
export interface TerminalSession {
  /** The screen as text, one line per row, trailing spaces trimmed. */
  screen(): string;
  /** Everything the program wrote, escape sequences included. */
  raw(): string;
  /** Sends one key and waits a moment so the program reads it as a separate key (as a person types). */
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  /** Resolves with the exit code once the program ended. */
  readonly exited: Promise<number>;
  readonly cwd: string;
  close(): Promise<void>;
}

export async function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
  size = { columns: 80, rows: 24 },
): Promise<TerminalSession> {
  const cwd = await mkdtemp(join(tmpdir(), "vaultlink-e2e-"));
  const terminal = new Terminal({ cols: size.columns, rows: size.rows, allowProposedApi: true });
  let raw = "";
  const pty: IPty = spawn(process.execPath, [BIN, ...args], {
    name: "xterm-256color",
    cols: size.columns,
    rows: size.rows,
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TERM: "xterm-256color",
      ...sandboxTrafficEnv(),
      ...env,
    },
  });
  pty.onData((data) => {
    raw += data;
    terminal.write(data);
  });
  const exited = new Promise<number>((done) => pty.onExit(({ exitCode }) => done(exitCode)));
  const screen = () => {
    const buffer = terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < terminal.rows; row++)
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? "");
    return lines.join("\n");
  };
  // Keys a person types arrive apart; Esc followed at once by a letter would read as Alt+letter.
  const gap = () => new Promise((r) => setTimeout(r, 60));
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  return {
    screen,
    raw: () => raw,
    cwd,
    exited,
    async press(...keys) {
      for (const key of keys) {
        pty.write(key);
        await gap();
      }
    },
    async type(text) {
      for (const character of text) {
        pty.write(character);
        await gap();
      }
    },
    async waitFor(text, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const matches = () => (typeof text === "string" ? screen().includes(text) : text.test(screen()));
      // The emulator parses asynchronously; poll its screen until it shows the text or time is up.
      while (!matches()) {
        if (Date.now() > deadline)
          throw new Error(`Terminal never showed ${String(text)}. Screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return screen();
    },
    resize(columns, rows) {
      terminal.resize(columns, rows);
      pty.resize(columns, rows);
    },
    async close() {
      if (!ended) pty.kill();
      await exited;
      terminal.dispose();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

export const Keys = {
  enter: "\r",
  escape: "\u001B",
  down: "\u001B[B",
  up: "\u001B[A",
  space: " ",
  ctrlC: "\u0003",
} as const;
