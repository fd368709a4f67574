import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { INTERNAL_WORDS } from "../support/internal-words.js";
import { Keys, startCli, type TerminalSession } from "./pseudo-terminal.js";

/**
 * The wizard's frame as a person sees it in a real terminal, through a whole flow per DNS strategy at two sizes:
 * the step total never changes, no line is wider than the window, no frame is left in the scrollback, long pages
 * scroll, and the text fields take a shell's line-editing keys.
 */

const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 120, rows: 40 },
] as const;

interface Flow {
  readonly strategy: string;
  /** A GRS vault with cross-region restore gets the secondary step; an LRS one skips it. */
  readonly vault: "rsv-prod-weu" | "rsv-lrs-weu";
  /** From the DNS step's first question to the guidance step. */
  readonly answerDns: (cli: TerminalSession, check: (step: number) => void) => Promise<void>;
}

const FLOWS: readonly Flow[] = [
  {
    strategy: "privateZones",
    vault: "rsv-prod-weu",
    async answerDns(cli, check) {
      await cli.press(Keys.enter);
      await cli.waitFor("rg-private-dns");
      check(4);
      await cli.press(Keys.enter);
      await cli.waitFor("vaultlink adds them");
      await cli.press(Keys.enter);
      await cli.waitFor("Link the zones");
      await cli.press(Keys.enter);
    },
  },
  {
    strategy: "customDns",
    vault: "rsv-lrs-weu",
    async answerDns(cli, check) {
      await cli.press(Keys.down, Keys.enter);
      await cli.waitFor("Which DNS server software holds the records");
      check(4);
      await cli.press(Keys.enter);
    },
  },
  {
    strategy: "hostsFile",
    vault: "rsv-lrs-weu",
    async answerDns(cli, check) {
      await cli.press(Keys.down, Keys.down, Keys.enter);
      await cli.waitFor("Which hosts file layout?");
      check(4);
      await cli.press(Keys.enter);
    },
  },
  {
    strategy: "conditionalForwarder",
    vault: "rsv-prod-weu",
    async answerDns(cli, check) {
      await cli.press(Keys.down, Keys.down, Keys.down, Keys.enter);
      await cli.waitFor("forwards the zones");
      await cli.press(Keys.enter);
      await cli.waitFor("Forward the zones to");
      check(4);
      // Ctrl-U empties the field, Ctrl-W takes back the last address typed.
      await cli.press(Keys.ctrl("u"));
      await cli.type("10.0.1.4, 10.0.1.5");
      await cli.press(Keys.ctrl("w"));
      await cli.type("10.0.1.6");
      await cli.waitFor("10.0.1.4, 10.0.1.6");
      await cli.press(Keys.enter);
      await cli.waitFor("None: the zones are not in Azure Private DNS");
      await cli.press(Keys.enter);
    },
  },
];

let session: TerminalSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** The frame's invariants, checked on every screen the flow stops at. */
function steadyFrame(cli: TerminalSession, size: { columns: number; rows: number }, step: number): void {
  const screen = cli.screen().split("\n");
  const header = screen.find((line) => /step \d+ of \d+/.test(line)) ?? "";
  expect(header, cli.screen()).toMatch(new RegExp(`step ${step} of 8\\b`));
  const rows = cli.rows();
  // A row that continues the one above it is a line the terminal had to wrap: wider than the window.
  expect(
    rows.filter((row) => row.wrapped).map((row) => row.text),
    cli.screen(),
  ).toEqual([]);
  // One header in the whole buffer, scrollback included: no earlier frame was left behind.
  expect(
    rows.filter((row) => /step \d+ of \d+/.test(row.text)).map((row) => row.text),
    rows.map((row) => row.text).join("\n"),
  ).toEqual([header]);
  expect(screen.length).toBe(size.rows);
  expect(screen.every((line) => line.length <= size.columns)).toBe(true);
}

describe.each(SIZES)("the wizard's frame at $columns×$rows", (size) => {
  it.each(FLOWS)(
    "stays steady through a whole flow with $strategy",
    async (flow) => {
      if (!existsSync("dist/vaultlink.js"))
        throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
      session = await startCli(["--sandbox"], {}, size);
      const cli = session;
      const check = (step: number) => steadyFrame(cli, size, step);

      await cli.waitFor("Contoso Dev/Test");
      check(1);
      // The keys screen fits the window too, each description beside its key.
      await cli.press("?");
      const help = await cli.waitFor("? or Esc closes this");
      expect(help).toMatch(/│ Tab {2,}the vault's details/);
      expect(cli.rows().filter((row) => row.wrapped)).toEqual([]);
      await cli.press("?");
      await cli.waitFor("Contoso Dev/Test");
      await cli.press(Keys.enter);

      await cli.waitFor(`] ${flow.vault}`);
      check(2);
      await cli.type(flow.vault);
      await cli.waitFor(/\b1 of \d+ vaults/);
      // The vault can be chosen once its checks are in (its badge says ready).
      await cli.waitFor(`❯ [ready  ] ${flow.vault}`);
      await cli.press(Keys.enter);

      // What the vault will protect comes first (MARS and MABS: the server's data sources size the subnets).
      await cli.waitFor(`What will ${flow.vault} protect?`);
      check(3);
      await cli.press(Keys.down, Keys.down, Keys.space, Keys.down, Keys.down, Keys.space, Keys.enter);
      await cli.waitFor("How many data sources will the MABS server protect?");
      check(3);
      await cli.press(Keys.ctrl("u"));
      await cli.type("5");
      await cli.press(Keys.enter);

      // The 12-per-vault limit is told on the subnet list, before any endpoint is named.
      expect(await cli.waitFor("9 of 9 subnets")).toContain("0 picked · 12 more endpoints allowed");
      check(3);
      await cli.type("privateendpoints");
      // The filter is a field too: the footer says how to clear and edit it while it holds text.
      expect(await cli.waitFor("2 of 9 subnets")).toMatch(/Esc clear filter · ↑\/↓ move · Space pick/);
      await cli.press(Keys.space, Keys.down, Keys.space);
      await cli.waitFor("2 picked · 10 more endpoints allowed");
      await cli.press(Keys.enter);

      // The name field edits like a shell's line, and the footer shows its keys while it has them.
      await cli.waitFor(`Name: pe-${flow.vault}-vnet-hub-weu-backup`);
      check(3);
      expect(cli.screen()).toContain("Ctrl-U/K/W delete");
      await cli.press(Keys.alt("b"), Keys.ctrl("k"));
      await cli.type("bk");
      await cli.press(Keys.ctrl("a"), Keys.alt("f"), Keys.ctrl("e"));
      await cli.waitFor(`Name: pe-${flow.vault}-vnet-hub-weu-bk`);
      await cli.press(Keys.enter);
      await cli.waitFor("Endpoint 2 of 2");
      await cli.press(Keys.enter);

      await cli.waitFor("How should clients resolve");
      check(4);
      await flow.answerDns(cli, check);

      await cli.waitFor(/^(❯ | {2})Only print the rules/m);
      check(5);
      await cli.press(Keys.down, Keys.enter);
      const commands = await cli.waitFor("az network nsg rule create \\");
      check(5);
      if (size.rows < 30) {
        // At 24 rows the commands are longer than the window: they scroll, whole, rather than being cut.
        expect(commands).toMatch(/lines 1-\d+ of \d+/);
        await cli.press(Keys.pageDown);
        await cli.waitFor(/lines (?!1-)\d+-\d+ of \d+/);
        check(5);
      }
      // c writes the commands whole to a new file in the working directory, which a shell reads as they are.
      await cli.press("c");
      const written = /Written to (\S+)/.exec(await cli.waitFor("Written to"))?.[1] ?? "";
      expect(written).toBe(join(cli.cwd, "vaultlink-entra-id-rules.sh"));
      const script = await readFile(written, "utf8");
      expect(script).toMatch(/^az network nsg rule create \\$/m);
      expect(spawnSync("sh", ["-n", written]).status).toBe(0);
      await cli.press(Keys.enter);
      if (flow.vault === "rsv-prod-weu") {
        // Cross-region restore is on: the screen quotes why Deny is not recommended and starts on Keep.
        await cli.waitFor("❯ Keep as it is (documented-safe with cross-region restore)");
        check(5);
        await cli.press(Keys.up, Keys.enter);
      } else {
        await cli.waitFor("❯ Deny (recommended)");
        await cli.press(Keys.enter);
      }

      if (flow.vault === "rsv-prod-weu") {
        await cli.waitFor("No secondary endpoint");
        check(6);
        await cli.press(Keys.down, Keys.enter);
      }

      const review = await cli.waitFor("Save the plan only");
      check(7);
      if (flow.vault === "rsv-lrs-weu") expect(review).toContain("Step 6 (Secondary region) skipped");
      // The dry run is longer than either window: it scrolls a page at a time, and End shows its last line.
      const place = /lines (\d+)-\d+ of (\d+)/.exec(review);
      expect(place?.[1]).toBe("1");
      await cli.press(Keys.pageDown);
      await cli.waitFor(/lines (?!1-)\d+-\d+ of \d+/);
      check(7);
      await cli.press(Keys.end);
      await cli.waitFor(new RegExp(`lines \\d+-${place?.[2]} of ${place?.[2]}`));
      check(7);
      await cli.press(Keys.down, Keys.enter);

      // A path typed wrong stays in the field after the error, to be fixed with the line-editing keys.
      await cli.waitFor(`Save the plan to: ./vaultlink-${flow.vault}.plan.json`);
      await cli.waitFor("Enter save · Esc cancel");
      await cli.press(Keys.ctrl("u"));
      await cli.type("nowhere/x.plan.json");
      await cli.press(Keys.enter);
      await cli.waitFor("✘");
      expect(cli.screen()).toContain("Save the plan to: nowhere/x.plan.json");
      check(7);
      await cli.press(Keys.ctrl("a"), Keys.alt("f"), Keys.ctrl("u"), Keys.ctrl("d"));
      await cli.waitFor(/Save the plan to: x\.plan\.json\s*$/m);
      await cli.press(Keys.enter);
      expect(await cli.exited).toBe(0);

      // Every screen of the flow spoke in words for users.
      for (const word of INTERNAL_WORDS) expect(cli.raw()).not.toMatch(word);
      const plan = JSON.parse(await readFile(join(cli.cwd, "x.plan.json"), "utf8"));
      expect(plan.dns.strategy).toBe(flow.strategy);
      expect(plan.endpoints.map((e: { name: string }) => e.name)).toContain(
        `pe-${flow.vault}-vnet-hub-weu-bk`,
      );
      if (flow.strategy === "conditionalForwarder")
        expect(plan.dns.forwardTo).toEqual(["10.0.1.4", "10.0.1.6"]);
    },
    90_000,
  );
});
