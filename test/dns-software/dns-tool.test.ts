import { afterEach, describe, expect, it } from "vitest";
import { dnsTool } from "./dns-tool.js";

describe("finding the DNS software a test needs", () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it("fails in CI when a tool is missing, naming the package to install", (context) => {
    process.env.CI = "true";
    expect(() => dnsTool(context, "vaultlink-no-such-dns-tool", "some-debian-package")).toThrow(
      /apt-get install some-debian-package/,
    );
  });
});
