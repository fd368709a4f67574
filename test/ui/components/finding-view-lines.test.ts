import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/core/findings.js";
import { findingViewLines } from "../../../src/ui/components/finding-view-lines.js";

const finding = (severity: Finding["severity"], code: string, message: string): Finding => ({
  severity,
  code,
  message,
  fix: "Create a new Recovery Services vault, set up its private endpoints first, then protect the workloads in it.",
  source: "https://learn.microsoft.com/azure/backup/backup-azure-private-endpoints-concept",
});

describe("findings as lines of a panel", () => {
  it("fit the width, most serious first, and read back word for word", () => {
    const findings = [
      finding(
        "info",
        "registration-history-unknown",
        "rsv-x protects no items now, but ARM does not show history.",
      ),
      finding(
        "block",
        "vault-has-protected-items",
        "rsv-x protects 2 items; backup private endpoints need a new vault.",
      ),
    ];
    const lines = findingViewLines(findings, 40);
    const text = (l: (typeof lines)[number]) => `${l.lead?.text ?? ""}${l.text}`;
    expect(lines.every((l) => text(l).length <= 40)).toBe(true);
    expect(lines[0]?.lead).toEqual({ text: "✗ blocks", color: "red" });
    const read = lines.map(text).join(" ").replace(/\s+/g, " ");
    expect(read).toContain(
      "[vault-has-protected-items] rsv-x protects 2 items; backup private endpoints need a new vault.",
    );
    expect(read).toContain("fix: Create a new Recovery Services vault, set up its private endpoints first");
    expect(read.indexOf("vault-has-protected-items")).toBeLessThan(
      read.indexOf("registration-history-unknown"),
    );
    // Every line after a finding's first is indented under its label.
    expect(lines.filter((l) => l.lead === undefined).every((l) => l.text.startsWith("  "))).toBe(true);
  });
});
