import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoTenant } from "../../src/sandbox/demo-tenant.js";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.js";
import { runBuiltCliFor } from "./built-cli.js";
import { answerWith, startLoopbackServer } from "./loopback-server.js";

/**
 * What a hostile name carries: an OSC that retitles the window (ended by BEL), a clear screen, an 8-bit CSI (C1)
 * and a right-to-left override with an isolate. ARM refuses such names on create, but a state copied from
 * elsewhere, a proxy or a plan file can carry them: what reaches vaultlink is what matters.
 */
const HOSTILE = "\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e\u2066";
/** Every raw byte that drives or reorders a terminal; carriage return aside (CRLF files are printed as they are). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const PROD = "3f2a6b1e-8c4d-4e5f-9a7b-1c2d3e4f5a6b";
/** Names of the demo tenant given the hostile suffix, everywhere they occur (ids, names, references). */
const NAMES = ["rsv-prod-weu", "vnet-hub-weu", "nsg-snet-app-weu", "Contoso Production"];
const SUFFIX = JSON.stringify(HOSTILE).slice(1, -1);
const poisoned = (json: string) =>
  NAMES.reduce((text, name) => text.split(name).join(`${name}${SUFFIX}`), json);
/** A plan's ids poisoned the same way (its own endpoint names stay valid, so the plan reaches the tenant). */
const poisonedIds = (json: string) =>
  NAMES.reduce((text, name) => text.split(`/${name}`).join(`/${name}${SUFFIX}`), json);

let sandbox: RunningSandbox;
let dir: string;
let plan: string;
beforeAll(async () => {
  sandbox = await startSandbox({ state: JSON.parse(poisoned(JSON.stringify(demoTenant()))) });
  dir = await mkdtemp(join(tmpdir(), "vaultlink-terminal-"));
  plan = join(dir, "hostile.plan.json");
  await writeFile(plan, poisonedIds(await readFile("examples/private-zones.plan.json", "utf8")));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const vault = () =>
  `/subscriptions/${PROD}/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu${HOSTILE}`;

const COMMANDS: Record<string, () => string[]> = {
  check: () => ["check", "--sandbox", sandbox.url],
  "check VAULT": () => ["check", vault(), "--sandbox", sandbox.url],
  "check -o json": () => ["check", "--sandbox", sandbox.url, "-o", "json"],
  show: () => ["show", plan],
  "apply --dry-run": () => ["apply", plan, "--dry-run", "--sandbox", sandbox.url],
  "apply --dry-run -o json": () => ["apply", plan, "--dry-run", "--sandbox", sandbox.url, "-o", "json"],
  "dns --format hosts": () => ["dns", plan, "--format", "hosts", "--sandbox", sandbox.url],
  "dns --format windows": () => ["dns", plan, "--format", "windows", "--sandbox", sandbox.url],
  zones: () => ["zones", `westeurope${HOSTILE}`],
  "check --verbose": () => ["check", vault(), "--sandbox", sandbox.url, "--verbose"],
};

describe("names from the tenant and a plan reach the terminal as visible escapes, never as control bytes", () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(name, async () => {
      const { code, stdout, stderr } = await runBuiltCliFor(30_000, args());

      expect(code, stderr).not.toBe(-1);
      expect(`${stdout}${stderr}`).not.toMatch(RAW_CONTROL);
      expect(`${stdout}${stderr}`).not.toMatch(/bug in vaultlink/);
    });
  }

  it("the hostile name is shown, escaped, where the name belongs", async () => {
    const { stdout } = await runBuiltCliFor(30_000, ["check", vault(), "--sandbox", sandbox.url]);

    expect(stdout).toContain("rsv-prod-weu\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202e\\u2066");
  });

  it("an ARM error message carrying escape sequences is printed escaped", async () => {
    const server = await startLoopbackServer(
      answerWith(
        400,
        "application/json",
        JSON.stringify({ error: { code: "Bad", message: `no${HOSTILE}` } }),
      ),
    );
    try {
      const { code, stderr } = await runBuiltCliFor(30_000, ["check", "--sandbox", server.url]);

      expect(code).toBe(2);
      expect(stderr).not.toMatch(RAW_CONTROL);
      expect(stderr).toContain("no\\x1b]0;owned\\x07");
    } finally {
      await server.close();
    }
  });
});
