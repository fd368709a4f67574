import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { createPrinter } from "../../src/cli/output.js";
import { psString } from "../../src/core/dns/powershell-literal.js";
import { quote } from "../../src/core/quote.js";
import { jsonTerminalSafe, terminalSafe, terminalSafeKeepingColour } from "../../src/core/terminal-safe.js";
import { ChoiceList } from "../../src/ui/components/ChoiceList.js";
import { FindingLines } from "../../src/ui/components/FindingLines.js";
import { KeysProvider } from "../../src/ui/keys.js";

/** What must never reach a terminal raw: BEL, an OSC or a clear screen, a C1 control, a bidi control. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW = /\u0007|\u001b\]|\u001b\[2J|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = "vault\u001b]0;owned\u0007\u001b[2J\r\u009b31m\u202eevil\u2066\u200f\u007f";

describe("terminalSafe", () => {
  it("writes every terminal control as a visible escape and keeps newlines, tabs and ordinary text", () => {
    expect(terminalSafe(HOSTILE)).toBe(
      "vault\\x1b]0;owned\\x07\\x1b[2J\\x0d\\x9b31m\\u202eevil\\u2066\\u200f\\x7f",
    );
    expect(terminalSafe("a\tb\nc – Zürich ✓ 東京")).toBe("a\tb\nc – Zürich ✓ 東京");
  });

  it("keeps colour sequences in a line vaultlink styled, and nothing else", () => {
    expect(terminalSafeKeepingColour("\u001b[31mError:\u001b[39m x\u001b]0;t\u0007")).toBe(
      "\u001b[31mError:\u001b[39m x\\x1b]0;t\\x07",
    );
  });

  it("leaves JSON the same value, with the controls JSON.stringify keeps raw escaped", () => {
    const json = jsonTerminalSafe(JSON.stringify({ name: HOSTILE }));
    expect(json).not.toMatch(/[\u007f-\u009f\u202e\u2066\u200f]/);
    expect(JSON.parse(json)).toEqual({ name: HOSTILE });
  });
});

describe("values quoted inside messages and generated scripts", () => {
  it("quote() escapes C1 and bidirectional controls as JSON.stringify does C0 ones", () => {
    expect(quote("a\u009b31m\u202eb\u001b")).toBe('"a\\u009b31m\\u202eb\\u001b"');
  });

  it("psString() writes a control character as [char] outside the quotes: the same string, no raw byte", () => {
    expect(psString("it's")).toBe("'it''s'");
    expect(psString("")).toBe("''");
    expect(psString("a\u001b]0;x\u0007")).toBe("('a' + [char]0x1b + ']0;x' + [char]0x07)");
    expect(psString("\u202e")).toBe("([char]0x202e)");
    expect(psString("vault\u001b]0;owned")).not.toMatch(RAW);
  });
});

describe("what reaches a terminal", () => {
  it("the printer writes a hostile name escaped, with and without colour", () => {
    for (const color of [false, true]) {
      const written: string[] = [];
      const stream = { write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
      const printer = createPrinter(stream, color);
      printer.line(`${printer.style("bold", HOSTILE)} and ${HOSTILE}`);
      printer.json({ name: HOSTILE });
      const text = written.join("");
      expect(text).not.toMatch(RAW);
      expect(text).toContain("vault\\x1b]0;owned\\x07");
    }
  });

  it("the wizard's lists and findings show a hostile name escaped", () => {
    const list = render(
      <KeysProvider>
        <ChoiceList
          choices={[{ value: "a", label: HOSTILE, hint: HOSTILE }]}
          onChoose={() => {}}
          onBack={() => {}}
          active={false}
        />
      </KeysProvider>,
    );
    const findings = render(
      <FindingLines
        findings={[{ severity: "warn", code: "x", message: HOSTILE, fix: HOSTILE, source: "test" }]}
      />,
    );
    for (const frame of [list.lastFrame() ?? "", findings.lastFrame() ?? ""]) {
      expect(frame).not.toMatch(RAW);
      expect(frame).toContain("vault\\x1b]0;owned\\x07");
    }
  });
});
