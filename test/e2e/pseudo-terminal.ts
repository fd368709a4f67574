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
  /**
   * Every row the terminal holds, the scrollback first, with whether the row only continues the one above it
   * (the terminal wrapped a line wider than the window).
   */
  rows(): { readonly text: string; readonly wrapped: boolean }[];
  /** Everything the program wrote, escape sequences included. */
  raw(): string;
  /** Sends one key and waits a moment so the program reads it as a separate key (as a person types). */
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Writes these keys in one go, as type-ahead or a script driving the terminal sends them: no gap between them. */
  send(...keys: string[]): void;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  /** Resolves with the exit code once the program ended and the emulator has shown all it wrote. */
  readonly exited: Promise<number>;
  readonly cwd: string;
  close(): Promise<void>;
}

export async function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
  size = { columns: 80, rows: 24 },
  /** The CLI to run: the built one in this checkout unless a test names another (an unpacked package's). */
  bin = BIN,
): Promise<TerminalSession> {
  const cwd = await mkdtemp(join(tmpdir(), "vaultlink-e2e-"));
  const terminal = new Terminal({ cols: size.columns, rows: size.rows, allowProposedApi: true });
  let raw = "";
  const pty: IPty = spawn(process.execPath, [bin, ...args], {
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
  let parsing = 0;
  pty.onData((data) => {
    raw += data;
    parsing += 1;
    terminal.write(data, () => {
      parsing -= 1;
    });
  });
  /**
   * Resolves once the program stopped writing and the emulator parsed all of it: a frame arrives in several
   * chunks, and a screen read between them would show half of one.
   */
  const quiet = async () => {
    let seen = -1;
    while (parsing > 0 || raw.length !== seen) {
      seen = raw.length;
      await new Promise((r) => setTimeout(r, 40));
    }
  };
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
  const rows = () => {
    const buffer = terminal.buffer.active;
    const all: { text: string; wrapped: boolean }[] = [];
    for (let row = 0; row < buffer.length; row++) {
      const line = buffer.getLine(row);
      all.push({ text: line?.translateToString(true) ?? "", wrapped: line?.isWrapped ?? false });
    }
    return all;
  };
  return {
    screen,
    rows,
    raw: () => raw,
    cwd,
    // The program's last output can reach the emulator after its exit is reported: the screen is read once it is in.
    exited: exited.then(async (code) => {
      await quiet();
      return code;
    }),
    async press(...keys) {
      for (const key of keys) {
        pty.write(key);
        await gap();
      }
    },
    send(...keys) {
      pty.write(keys.join(""));
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
      // The emulator parses asynchronously; poll its screen until it shows the text, whole frames only.
      for (;;) {
        if (matches()) {
          await quiet();
          if (matches()) return screen();
        }
        if (Date.now() > deadline)
          throw new Error(`Terminal never showed ${String(text)}. Screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
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
  tab: "\t",
  ctrlC: "\u0003",
  pageDown: "\u001B[6~",
  end: "\u001B[F",
  ctrl: (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64),
  alt: (letter: string) => `\u001B${letter}`,
} as const;

/**
 * The text of a scrolled panel read whole: `read` returns the panel's rows on the current screen and its
 * "lines a-b of n" note (absent when it fits); PgDn is pressed until the last line was seen.
 */
export async function readScrolledPanel(
  cli: TerminalSession,
  read: (screen: string) => { readonly rows: readonly string[]; readonly note?: string | undefined },
): Promise<string[]> {
  // By line number: the last page starts where it must to end on the last line, so it may repeat some.
  const seen = new Map<number, string>();
  for (;;) {
    const { rows, note } = read(cli.screen());
    const place = /lines (\d+)-(\d+) of (\d+)/.exec(note ?? "");
    const first = Number(place?.[1] ?? 1);
    for (const [index, row] of rows.entries()) seen.set(first + index, row);
    if (place === null || place[2] === place[3])
      return [...seen.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
    await cli.press(Keys.pageDown);
    await cli.waitFor(new RegExp(`lines \\d+-(?!${place[2]} of)\\d+ of ${place[3]}`));
  }
}
