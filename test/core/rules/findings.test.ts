import { describe, expect, it } from "vitest";
import { type Finding, isBlocked, sortFindings, worstSeverity } from "../../../src/core/findings.js";

function finding(severity: Finding["severity"], code: string, subject?: string): Finding {
  return {
    severity,
    code,
    message: `${code} message`,
    fix: `${code} fix`,
    source: "seed: test",
    ...(subject === undefined ? {} : { subject }),
  };
}

describe("findings", () => {
  const mixed = [
    finding("info", "b-info", "/x/B"),
    finding("block", "z-block"),
    finding("warn", "a-warn", "/x/a"),
    finding("block", "a-block", "/x/b"),
  ];

  it("sorts most serious first, then by code", () => {
    expect(sortFindings(mixed).map((f) => f.code)).toEqual(["a-block", "z-block", "a-warn", "b-info"]);
  });

  it("is blocked only when some finding blocks", () => {
    expect(isBlocked(mixed)).toBe(true);
    expect(isBlocked(mixed.filter((f) => f.severity !== "block"))).toBe(false);
    expect(worstSeverity([finding("info", "i"), finding("warn", "w")])).toBe("warn");
    expect(worstSeverity([])).toBeUndefined();
  });
});
