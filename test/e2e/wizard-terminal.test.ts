import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Keys, readScrolledPanel, startCli, type TerminalSession } from "./pseudo-terminal.js";

/** SGR sequences that set a foreground colour (30-38, 90-97), in what the program wrote. */
function colourCodes(raw: string): string[] {
  return raw
    .split("\u001B[")
    .slice(1)
    .flatMap((chunk) => /^([0-9;]*)m/.exec(chunk)?.[1] ?? [])
    .filter((codes) => codes.split(";").some((code) => /^(3[0-8]|9[0-7])$/.test(code)));
}

let session: TerminalSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function start(env: Record<string, string> = {}): Promise<TerminalSession> {
  if (!existsSync("dist/vaultlink.js"))
    throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
  session = await startCli(["--sandbox"], env);
  return session;
}

/** Start -> rsv-prod-weu -> the hub's and the spoke's endpoint subnets -> private zones -> no secondary -> review. */
async function toReview(cli: TerminalSession): Promise<void> {
  await cli.waitFor("Contoso Dev/Test");
  await cli.press(Keys.enter);
  await cli.waitFor("[ready  ] rsv-prod-weu");
  await cli.press(Keys.enter);
  await cli.waitFor("What will rsv-prod-weu protect?");
  await cli.press(Keys.space, Keys.enter);
  await cli.waitFor("9 of 9 subnets");
  await cli.type("privateendpoints");
  await cli.waitFor("2 of 9 subnets");
  await cli.press(Keys.space, Keys.down, Keys.space, Keys.enter);
  await cli.waitFor("Endpoint 1 of 2");
  await cli.press(Keys.enter);
  await cli.waitFor("Endpoint 2 of 2");
  await cli.press(Keys.enter);
  await cli.waitFor("How should clients resolve");
  await cli.press(Keys.enter);
  await cli.waitFor("rg-private-dns");
  await cli.press(Keys.enter);
  await cli.waitFor("vaultlink adds them");
  await cli.press(Keys.enter);
  await cli.waitFor("Link the zones");
  await cli.press(Keys.enter);
  await cli.waitFor(/^(❯ | {2})Only print the rules/m);
  await cli.press(Keys.down, Keys.enter);
  await cli.waitFor("Press Enter to continue");
  await cli.press(Keys.enter);
  // rsv-prod-weu has cross-region restore on: Keep is focused, with the documented reason; this flow denies.
  await cli.waitFor("❯ Keep as it is (documented-safe with cross-region restore)");
  await cli.press(Keys.up, Keys.enter);
  await cli.waitFor("No secondary endpoint");
  await cli.press(Keys.down, Keys.enter);
  await cli.waitFor("Apply now (saves the plan first)");
}

describe("vaultlink in a real terminal (80x24) against the built-in sandbox", () => {
  it("goes from start to a verified apply, and the plan file replays", async () => {
    const cli = await start();
    await toReview(cli);
    expect(cli.screen()).toContain("step 7 of 8");
    await cli.press(Keys.enter);
    await cli.waitFor("Save the plan to: ./vaultlink-rsv-prod-weu.plan.json");
    await cli.press(Keys.enter);
    const screen = await cli.waitFor("Verified: Azure matches the plan.", 30_000);
    expect(screen).toContain("vaultlink apply");
    // Every write stays listed, however fast it went: the page is longer than 24 rows and scrolls to the checks.
    const count = /Applied: (\d+) of (\d+) done/.exec(screen);
    expect(count?.[1]).toBe(count?.[2]);
    const page = await readScrolledPanel(cli, (text) => {
      const lines = text.split("\n");
      const start = lines.findIndex((line) => line.startsWith("Applied: "));
      const note = lines.findIndex((line) => /^lines \d+-\d+ of \d+/.test(line));
      return { rows: lines.slice(start + 1, note), note: lines[note] };
    });
    const done = page.filter((line) => line.startsWith("✓ "));
    expect(done).toHaveLength(Number(count?.[2]));
    expect(page.join(" ")).toMatch(/Checks \(as `vaultlink verify`\): \d+ pass, 0 fail/);
    await cli.press(Keys.enter);
    expect(await cli.exited).toBe(0);
    // What was applied is left on the terminal once, in the scrollback too, and the frame around it is gone.
    const rows = cli.rows().map((row) => row.text);
    expect(rows.filter((row) => row.startsWith("Applied: "))).toHaveLength(1);
    for (const line of done) expect(rows.filter((row) => row === line)).toHaveLength(1);
    expect(rows.filter((row) => /step \d+ of \d+/.test(row))).toEqual([]);
    expect(cli.rows().filter((row) => row.wrapped)).toEqual([]);
    expect(rows.join("\n")).toContain("Applied and verified. Plan:");
    const plan = JSON.parse(await readFile(join(cli.cwd, "vaultlink-rsv-prod-weu.plan.json"), "utf8"));
    expect(plan.endpoints).toHaveLength(2);
    expect(plan.dns.strategy).toBe("privateZones");
  });

  it("goes back from the review to the vault step and finds every choice kept", async () => {
    const cli = await start();
    await toReview(cli);
    for (const title of [
      "Secondary region",
      "Microsoft Entra ID",
      "DNS strategy",
      "Endpoints & subnets",
      // Esc from the subnet list goes back to the question that starts the step.
      "What will rsv-prod-weu protect?",
      "Vault  step 2",
    ]) {
      await cli.press(Keys.escape);
      await cli.waitFor(title);
    }
    await cli.waitFor("❯ [ready  ] rsv-prod-weu");
    await cli.press(Keys.enter);
    expect(await cli.waitFor("[x] vnet-hub-weu/snet-privateendpoints")).toContain("2 picked");
    await cli.press(Keys.ctrlC);
    await cli.waitFor("Quit vaultlink?");
    await cli.press(Keys.ctrlC);
    expect(await cli.exited).toBe(130);
  });

  it("draws its first frame before Ink loads, and Ink redraws it in place, wrapped rows included", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    // 40 columns: the 46-character title wraps onto a second row, which the hand-over must erase too.
    session = await startCli(["--sandbox"], {}, { columns: 40, rows: 24 });
    const cli = session;
    await cli.waitFor("Contoso Dev/Test");
    const raw = cli.raw();
    // Ink opens every frame with a synchronized-update mark; the early frame comes before Ink's first one.
    const title = "vaultlink: Azure Backup private endpoints (v2)";
    expect(raw.indexOf(title)).toBeGreaterThanOrEqual(0);
    expect(raw.indexOf(title)).toBeLessThan(raw.indexOf("\u001B[?2026h"));
    // Step 1 replaced the connecting frame: nothing of the early frame is left above it.
    expect(cli.screen()).not.toMatch(/Azure Backup|private endpoints|\(v2\)|Connecting to/);
    await cli.press(Keys.ctrlC);
    await cli.waitFor("Quit vaultlink?");
    await cli.press(Keys.ctrlC);
    await cli.exited;
  });

  it("redraws on resize and honours NO_COLOR", async () => {
    const cli = await start({ NO_COLOR: "1" });
    await cli.waitFor("Contoso Dev/Test");
    cli.resize(100, 30);
    await cli.waitFor(/Subscriptions to read[\s\S]*↑\/↓ move · Space toggle/);
    expect(colourCodes(cli.raw())).toEqual([]);
    await cli.press(Keys.ctrlC);
    await cli.waitFor("Quit vaultlink?");
    await cli.press(Keys.ctrlC);
    await cli.exited;
  });

  it("colours the screen when colour is allowed (the check above can fail)", async () => {
    const cli = await start();
    await cli.waitFor("Contoso Dev/Test");
    expect(colourCodes(cli.raw()).length).toBeGreaterThan(0);
    await cli.press(Keys.ctrlC);
    await cli.waitFor("Quit vaultlink?");
    await cli.press(Keys.ctrlC);
    await cli.exited;
  });

  it("without an Azure credential says so and offers the demo tenant", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    // Nothing to sign in with, and nothing may leave the machine: no az/azd/pwsh on PATH, managed identity asks a
    // loopback endpoint of the test's own (never IMDS at 169.254.169.254), and any other HTTPS goes to a loopback
    // proxy that is not there.
    const identity = createServer((_request, response) => {
      response.writeHead(400, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ error: "invalid_request", error_description: "No identity is assigned." }),
      );
    });
    await new Promise<void>((resolve) => identity.listen(0, "127.0.0.1", resolve));
    const identityUrl = `http://127.0.0.1:${(identity.address() as AddressInfo).port}`;
    session = await startCli([], {
      PATH: dirname(process.execPath),
      HOME: join(tmpdir(), "vaultlink-no-home"),
      AZURE_CONFIG_DIR: join(tmpdir(), "vaultlink-no-az"),
      IDENTITY_ENDPOINT: `${identityUrl}/msi/token`,
      IDENTITY_HEADER: "test-identity-header",
      HTTPS_PROXY: "http://127.0.0.1:9",
      HTTP_PROXY: "http://127.0.0.1:9",
      NO_PROXY: "127.0.0.1,localhost",
    });
    const closeIdentity = () => new Promise((resolve) => identity.close(resolve));
    const cli = session;
    const screen = await cli.waitFor("Use the built-in demo tenant (sandbox) now?", 40_000);
    expect(screen).toContain("Could not sign in to Azure");
    await cli.press("y");
    expect(await cli.waitFor("Contoso Dev/Test")).toContain("the built-in demo tenant (sandbox)");
    await cli.press(Keys.ctrlC);
    await cli.waitFor("Quit vaultlink?");
    await cli.press(Keys.ctrlC);
    expect(await cli.exited).toBe(130);
    await closeIdentity();
  }, 60_000);
});

describe("vaultlink apply on a terminal", () => {
  it("shows the writes as a live task list and ends with each one done", async () => {
    if (!existsSync("dist/vaultlink.js"))
      throw new Error("dist/ is missing: run `npm run build` (npm test does it)");
    session = await startCli(
      ["apply", resolve("examples/custom-dns.plan.json"), "--sandbox", "--yes"],
      {},
      { columns: 120, rows: 30 },
    );
    const cli = session;
    expect(await cli.exited).toBe(0);
    // The example's endpoint waits for manual approval, so its public access Deny waits too: one write to show.
    const screen = await cli.waitFor("1 of 1 done");
    expect(screen).toMatch(/✓ private endpoint pe-rsv-dev-uks-dev-backup .*\(\d+\.\d s\)/);
    expect(screen).toContain("Applied: 1 change. 1 change waits (see above).");
  }, 30_000);
});
