/**
 * The wizard's first frame, drawn straight to the terminal before Ink, React's reconciler and Yoga load (they take
 * most of the start-up: ~130 ms of a ~160 ms first frame on a 2-core machine; README "Speed"). It is the same frame
 * Ink draws first (WizardApp's "connecting" phase: the title and a spinner), byte for byte in its escape codes, so
 * when Ink takes over and draws it in place nothing jumps. This module imports nothing, so drawing it costs only
 * the CLI's own start.
 */

export const WIZARD_TITLE = "vaultlink: Azure Backup private endpoints (v2)";

/** The spinner's first frame (cli-spinners' "dots", which @inkjs/ui's Spinner shows first). */
const SPINNER_FIRST_FRAME = "⠋";

export function connectingLabel(which: "configured" | "sandbox", configuredDescription: string): string {
  return `Connecting to ${which === "sandbox" ? "the built-in demo tenant (sandbox)" : configuredDescription}…`;
}

/** The frame on the screen until Ink draws its own. */
export interface EarlyFrame {
  /**
   * Erases the early frame together with Ink's first write: called before Ink's render, it prefixes that write
   * with the erasing. Erasing any sooner would blank the screen while Ink computes its first layout (~70 ms).
   */
  handOver(): void;
}

// ECMA-48 sequences, as Ink writes them (chalk for colour, ansi-escapes for erasing, cli-cursor for the cursor).
const ESC = "\u001b[";
const bold = (text: string) => `${ESC}1m${text}${ESC}22m`;
const cyan = (text: string) => `${ESC}36m${text}${ESC}39m`;
const blue = (text: string) => `${ESC}34m${text}${ESC}39m`;
const BSU = `${ESC}?2026h`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const eraseLines = (count: number) => `${`${ESC}2K${ESC}1A`.repeat(count - 1)}${ESC}2K${ESC}G`;

export function drawEarlyFrame(
  stdout: NodeJS.WriteStream,
  options: { readonly configuredDescription: string; readonly color: boolean },
): EarlyFrame {
  const label = connectingLabel("configured", options.configuredDescription);
  const lines = options.color
    ? [bold(cyan(WIZARD_TITLE)), `${blue(SPINNER_FIRST_FRAME)} ${label}`]
    : [WIZARD_TITLE, `${SPINNER_FIRST_FRAME} ${label}`];
  // Rows on screen: a line longer than the terminal is wide wraps onto the next row.
  const columns = stdout.columns > 0 ? stdout.columns : 80;
  const widths = [WIZARD_TITLE.length, SPINNER_FIRST_FRAME.length + 1 + label.length];
  const rows = widths.reduce((sum, width) => sum + Math.max(1, Math.ceil(width / columns)), 0);
  let handedOver = false;
  // Ink hides the cursor while it draws and shows it again on exit; should the process end before Ink loads, the
  // cursor must come back all the same.
  const showCursor = () => {
    if (!handedOver) stdout.write(SHOW_CURSOR);
  };
  process.once("exit", showCursor);
  // "\n", not "\r\n": the terminal's line discipline adds the carriage return, as it does for Ink's frames.
  stdout.write(`${HIDE_CURSOR}${lines.join("\n")}\n`);
  return {
    handOver() {
      if (handedOver) return;
      handedOver = true;
      process.removeListener("exit", showCursor);
      // The cursor sits on the row below the frame: erase that row and the frame's rows, back to column 1.
      const erase = eraseLines(rows + 1);
      const ownWrite = Object.getOwnPropertyDescriptor(stdout, "write");
      const write = stdout.write;
      const firstWrite = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
        if (ownWrite) Object.defineProperty(stdout, "write", ownWrite);
        else delete (stdout as { write?: unknown }).write;
        if (typeof chunk !== "string") stdout.write(erase);
        // Inside Ink's synchronized update when it opens with one (https://gist.github.com/christianparpart/d8a62cc1ab659194337d73e399004036),
        // so a terminal that supports it shows the old frame until the new one is complete.
        const text =
          typeof chunk !== "string"
            ? chunk
            : chunk.startsWith(BSU)
              ? BSU + erase + chunk.slice(BSU.length)
              : erase + chunk;
        // biome-ignore lint/suspicious/noExplicitAny: forwards write's own overloads unchanged.
        return (write as any).call(stdout, text, ...rest);
      };
      stdout.write = firstWrite as typeof stdout.write;
    },
  };
}
