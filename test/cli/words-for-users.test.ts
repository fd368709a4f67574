import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { INTERNAL_WORDS } from "../support/internal-words.js";
import { runBuiltCli } from "./run-cli.js";

const INTERNAL = INTERNAL_WORDS;

interface JsonFinding {
  readonly severity: string;
  readonly source: string;
  readonly code: string;
}

function findingsIn(value: unknown): JsonFinding[] {
  if (Array.isArray(value)) return value.flatMap(findingsIn);
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  const own =
    typeof record.severity === "string" && typeof record.source === "string" ? [record as never] : [];
  return [...own, ...Object.values(record).flatMap(findingsIn)];
}

describe("what vaultlink says, in words for users", () => {
  it("check cites a public page for every finding and never an internal note", async () => {
    const text = await runBuiltCli(["check", "--sandbox"]);
    for (const word of INTERNAL) expect(text.stdout).not.toMatch(word);
    const json = await runBuiltCli(["check", "--sandbox", "--output", "json"]);
    const findings = findingsIn(JSON.parse(json.stdout));
    expect(findings.length).toBeGreaterThan(10);
    for (const finding of findings) {
      expect(finding.source, finding.code).toMatch(/https:\/\//);
      for (const word of INTERNAL) expect(finding.source, finding.code).not.toMatch(word);
    }
  });

  it("says the provider re-registration note once per run, not once per vault or subscription", async () => {
    const { stdout } = await runBuiltCli(["check", "--sandbox"]);
    // Two subscriptions hold the demo tenant's vaults: the note about May 2020 is still said once.
    expect(stdout.match(/\[provider-registration-date-unknown\]/g)).toHaveLength(1);
    const json = await runBuiltCli(["check", "--sandbox", "--output", "json"]);
    const result = JSON.parse(json.stdout) as {
      notes: { code: string }[];
      vaults: { findings: { code: string }[] }[];
    };
    expect(result.notes.map((n) => n.code)).toEqual(["provider-registration-date-unknown"]);
    expect(result.vaults.flatMap((v) => v.findings).map((f) => f.code)).not.toContain(
      "provider-registration-date-unknown",
    );
  });

  it("the dry run of each example plan speaks the same way", async () => {
    for (const plan of ["examples/private-zones.plan.json", "examples/custom-dns.plan.json"]) {
      const text = await runBuiltCli(["apply", resolve(plan), "--dry-run", "--sandbox"]);
      for (const word of INTERNAL) expect(text.stdout, plan).not.toMatch(word);
      const json = await runBuiltCli(["apply", resolve(plan), "--dry-run", "--sandbox", "--output", "json"]);
      for (const finding of findingsIn(JSON.parse(json.stdout)))
        expect(finding.source, `${plan} ${finding.code}`).toMatch(/https:\/\//);
    }
  });

  it("uses in JSON the severities the README names", async () => {
    const json = await runBuiltCli(["check", "--sandbox", "--output", "json"]);
    const severities = new Set(findingsIn(JSON.parse(json.stdout)).map((f) => f.severity));
    expect([...severities].sort()).toEqual(["block", "info", "warn"]);
    const readme = await readFile("README.md", "utf8");
    expect(readme).toContain("(`block`, `warn`, `info`");
    expect(readme).not.toMatch(/`warning`/);
  });
});
